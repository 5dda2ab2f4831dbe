import CMTBytecode
import CMTCompiler
import CMTSource
import CMTVM
import Testing

/// `address("cmt1…")`: checked when compiling with the same validation as `--arg` and JSON, and
/// compiled to an address constant.
@Suite struct AddressLiteralTests {
    func codes(_ text: String) -> [String] { Frontend.check(text: text).0.diagnostics.map(\.code) }

    @Test("a valid literal is an address equal to the same address from elsewhere and prints as its text")
    func validLiteral() throws {
        let text = Address.named("bank").text
        let run = try runScript("""
            const bank = address("\(text)");
            const same = address("\(text.uppercased())");
            print(bank);
            print(bank == same);
            print(bank == msg.sender);
            """)
        #expect(run.output == [text, "true", "false"])
    }

    @Test("a literal with a bad checksum, another prefix or the wrong size is E0291 with the reason; a non-literal is E0290")
    func badLiterals() {
        let valid = Address.named("bank").text
        let typo = String(valid.dropLast()) + (valid.last == "q" ? "p" : "q")
        for (text, reason) in [(typo, "checksum"), ("cosmos1qqqsyqcyq5rqwzqfpg9scrgwpugpzysnrk363e", "prefix"),
                               ("cmt1qqqsyqcyq5rqwzqfpg9scrgwpugpzysnzs5ufw9e", "21 bytes"), ("cmt1bank", "shorter than")] {
            let diagnostics = Frontend.check(text: "function main(): void { print(address(\"\(text)\")); }").0.diagnostics
            #expect(diagnostics.map(\.code) == ["E0291"], "\(text)")
            #expect(diagnostics.first?.message.text.contains(reason) == true, "\(text): \(diagnostics)")
        }
        #expect(codes("function f(s: string): address { return address(s); }") == ["E0290"])
        #expect(codes("function f(): address { return address(\"\(valid)\"); }") == [])
    }

    @Test("an address literal may be a module constant; a call of anything else may not (E0417)")
    func moduleConstant() throws {
        let text = Address.named("bank").text
        let contract = try DeployedContract("""
            const BANK = address("\(text)");

            contract K {
                public function bank(): address {
                    return BANK;
                }
            }
            """)
        #expect(contract.call("bank").returnValue == .address(Address.named("bank")))
        let errors = { (text: String) in codes(text).filter { $0.hasPrefix("E") } }
        #expect(errors("function f(): string { return \"x\"; }\nconst X = f();\ncontract K {}") == ["E0417"])
        #expect(errors("const B = address(\"cmt1bank\");\ncontract K {}") == ["E0291"])
    }
}

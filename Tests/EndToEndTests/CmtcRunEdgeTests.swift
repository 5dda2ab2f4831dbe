import Foundation
import Testing

/// The sharp edges of `cmtc run` a new user hits (issue 10): constructor calls, negative and
/// out-of-range numbers, addresses, block context, revert locations and folded recursion.
@Suite("cmtc run edges", .serialized)
struct CmtcRunEdgeTests {
    static let contract = """
        contract Wallet {
            total: number = 0;
            owner: address;
            constructor() { owner = msg.sender; total = 100; }
            public function add(amount: number): number { total += amount; return total; }
            public function send(to: address): string { return "to " + to; }
            public function withdraw(amount: number): number {
                check(amount);
                total -= amount;
                return total;
            }
            private function check(amount: number): void {
                require(amount <= total, "not enough funds");
            }
            public function get(): number { return total; }
        }

        """

    static func write(_ text: String, name: String) throws -> String {
        let file = try CmtcCheckTests.temporaryDirectory().appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test("--entry constructor is a usage error: the constructor runs only at deployment")
    func constructorEntryRefused() throws {
        let file = try Self.write(Self.contract, name: "wallet.cmt")
        let run = try CmtcCheckTests.cmtc(["run", file, "--entry", "constructor"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("the constructor runs once, when the contract is deployed"))
        #expect(!run.stderr.contains("deployed at"))
    }

    @Test("negative numbers are values of --arg and --gas, with or without '='")
    func negativeNumbers() throws {
        let file = try Self.write(Self.contract, name: "wallet.cmt")
        let spaced = try CmtcCheckTests.cmtc(["run", file, "--entry", "add", "--arg", "-5"])
        #expect(spaced.status == 0, "\(spaced.stderr)")
        #expect(spaced.stderr.contains("result: 95"))
        let fraction = try CmtcCheckTests.cmtc(["run", file, "--entry", "add", "--arg", "-.5"])
        #expect(fraction.stderr.contains("result: 99.5"))
        let gas = try CmtcCheckTests.cmtc(["run", file, "--entry", "get", "--gas", "-5"])
        #expect(gas.status == 2)
        #expect(gas.stderr.contains("--gas must be positive"))
        #expect(!gas.stderr.contains("Missing value"))
    }

    @Test("--arg 1e30 gets the language's range error, not 'not a number'")
    func outOfRangeNumber() throws {
        let file = try Self.write(Self.contract, name: "wallet.cmt")
        let run = try CmtcCheckTests.cmtc(["run", file, "--entry", "add", "--arg", "1e30"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("number '1e30' is out of range; numbers hold up to about 1.7e20"))
        let precise = try CmtcCheckTests.cmtc(["run", file, "--entry", "add", "--arg", "0.0000000000000000001"])
        #expect(precise.stderr.contains("has more than 18 digits after the decimal point"))
        let word = try CmtcCheckTests.cmtc(["run", file, "--entry", "add", "--arg", "ten"])
        #expect(word.stderr.contains("'ten' is not a number"))
    }

    @Test("an address parameter rejects text that is not an address; --sender too")
    func addressArguments() throws {
        let file = try Self.write(Self.contract, name: "wallet.cmt")
        let bad = try CmtcCheckTests.cmtc(["run", file, "--entry", "send", "--arg", "not-an-address"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("'not-an-address' is not an address"))
        let good = try CmtcCheckTests.cmtc(["run", file, "--entry", "send", "--arg", "cmt1vvxu62txcsekdygj23ythvjmfl6p9fyushr44a"])
        #expect(good.status == 0)
        #expect(good.stderr.contains("result: to cmt1vvxu62txcsekdygj23ythvjmfl6p9fyushr44a"))
        let sender = try CmtcCheckTests.cmtc(["run", file, "--entry", "get", "--sender", "Alice"])
        #expect(sender.status == 2)
        #expect(sender.stderr.contains("--sender 'Alice' is not an address"))
    }

    @Test("negative --height and --time are usage errors")
    func negativeBlockContext() throws {
        let file = try Self.write(Self.contract, name: "wallet.cmt")
        let height = try CmtcCheckTests.cmtc(["run", file, "--entry", "get", "--height", "-1"])
        #expect(height.status == 2)
        #expect(height.stderr.contains("--height must be 0 or more"))
        let time = try CmtcCheckTests.cmtc(["run", file, "--entry", "get", "--time", "-20"])
        #expect(time.status == 2)
        #expect(time.stderr.contains("--time must be 0 or more"))
    }

    @Test("a revert prints where it happened: file:line:col and the call path")
    func revertLocation() throws {
        let file = try Self.write(Self.contract, name: "wallet.cmt")
        let run = try CmtcCheckTests.cmtc(["run", file, "--entry", "withdraw", "--arg", "500"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("reverted: not enough funds"))
        #expect(run.stderr.contains("reverted: not enough funds\n  at Wallet.check (\(file):13:9)\n  at Wallet.withdraw (\(file):8:9)\n"),
                "\(run.stderr)")
    }

    @Test("unbounded recursion prints the repeated frame once, with its count")
    func recursionFolded() throws {
        let file = try Self.write("function f(n: number): number {\n    return f(n + 1) + 1;\n}\nprint(f(0));\n", name: "deep.cmt")
        let run = try CmtcCheckTests.cmtc(["run", file])
        #expect(run.status == 1)
        #expect(run.stderr.contains("call stack too deep"))
        let atLines = run.stderr.split(separator: "\n").filter { $0.hasPrefix("  at ") }
        #expect(atLines.count <= 3, "\(atLines.count) frames printed")
        #expect(atLines.contains { $0.contains("f (\(file):2:") && $0.contains("(x") }, "\(run.stderr)")
    }
}

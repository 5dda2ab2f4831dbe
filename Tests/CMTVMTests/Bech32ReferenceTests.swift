import CMTBytecode
import Testing

/// Our bech32 agrees with PyPI's `bech32` (Pieter Wuille's reference implementation of BIP-173),
/// installed into a private virtual environment: the same text for the same bytes, and the same
/// verdict on BIP-173's vectors and on altered addresses.
@Suite struct Bech32ReferenceTests {
    /// Byte strings of 20 bytes: pattern i -> (37 i + 11 k) mod 256 for k = 0..<8.
    static let samples: [[UInt8]] = (0..<8).map { k in (0..<20).map { UInt8((37 * $0 + 11 * k) % 256) } }

    @Test("addresses of 8 byte patterns and the verdicts on 40 strings match PyPI bech32")
    func matchesReference() throws {
        let ours = Self.samples.map { Address(bytes: $0)?.text ?? "" }
        var candidates = AddressTests.validVectors + AddressTests.invalidVectors.map(\.0).filter { $0.allSatisfy(\.isASCII) }
        for text in ours {
            // Every single-character change of the checksum part, one per position.
            let characters = Array(text)
            for position in (characters.count - 6)..<characters.count {
                var changed = characters
                changed[position] = changed[position] == "q" ? "p" : "q"
                candidates.append(String(changed))
            }
        }
        let literal = candidates.map { "\"" + $0 + "\"" }.joined(separator: ", ")
        let patterns = Self.samples.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" }.joined(separator: ", ")
        let lines = try #require(PythonVenv.run(package: "bech32", module: "bech32", script: """
            import bech32
            for data in [\(patterns)]:
                print(bech32.bech32_encode("cmt", bech32.convertbits(data, 8, 5)))
            for text in [\(literal)]:
                print("valid" if bech32.bech32_decode(text)[0] is not None else "invalid")
            """), "PyPI bech32 could not be installed into a private virtual environment")
        #expect(lines.count == ours.count + candidates.count)
        #expect(Array(lines.prefix(ours.count)) == ours)
        for (index, text) in candidates.enumerated() where ours.count + index < lines.count {
            let verdict = (try? Bech32.decode(text)) != nil ? "valid" : "invalid"
            #expect(verdict == lines[ours.count + index], "\(text)")
        }
    }
}

import CMTBytecode
import CMTTestSupport
import Foundation
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

    /// 200 seeded random cases: a prefix of 1 to 10 lower-case letters and digits and a payload of
    /// 0 to 45 bytes (within BIP-173's 90 characters).
    static func randomCases() -> [(prefix: String, payload: [UInt8])] {
        var state: UInt64 = 0x0BEC_3200_0000_0173
        func next(_ bound: Int) -> Int {
            // SplitMix64, so the cases are the same on every run.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return (0..<200).map { index in
            // The first character is a letter, so every prefix is a valid human-readable part.
            let prefix = index == 0 ? "cmt" : String((0...next(10)).map { $0 == 0 ? letters[next(26)] : letters[next(letters.count)] })
            return (prefix, (0..<next(46)).map { _ in UInt8(next(256)) })
        }
    }

    @Test("random payloads: our encoding decodes in PyPI bech32 to the same bytes, and its encoding decodes in ours")
    func randomPayloadsBothWays() throws {
        let cases = Self.randomCases()
        let ours = cases.map { Bech32.encode(prefix: $0.prefix, data: Bech32.toFiveBit($0.payload)) }
        let table = zip(cases, ours).map { item, text in
            "(\"\(item.prefix)\", \"\(item.payload.map { String(format: "%02x", $0) }.joined())\", \"\(text)\")"
        }.joined(separator: ",\n    ")
        let lines = try #require(PythonVenv.run(package: "bech32", module: "bech32", script: """
            import bech32
            for prefix, payload, theirs in [
                \(table)
            ]:
                encoded = bech32.bech32_encode(prefix, bech32.convertbits(bytes.fromhex(payload), 8, 5))
                hrp, groups = bech32.bech32_decode(theirs)
                decoded = bech32.convertbits(groups, 5, 8, False) if groups is not None else None
                print(encoded, hrp, "none" if decoded is None else (bytes(decoded).hex() or "-"))
            """), "PyPI bech32 could not be installed into a private virtual environment")
        try #require(lines.count == cases.count)
        for ((item, text), line) in zip(zip(cases, ours), lines) {
            let fields = line.split(separator: " ").map(String.init)
            try #require(fields.count == 3, "\(line)")
            // Python decoded our text to the prefix and the payload.
            #expect(fields[1] == item.prefix, "\(text)")
            #expect(fields[2] == (item.payload.isEmpty ? "-" : item.payload.map { String(format: "%02x", $0) }.joined()), "\(text)")
            // We decode Python's text to the payload; it is the same text as ours.
            let decoded = try Bech32.decode(fields[0])
            #expect(decoded.prefix == item.prefix)
            #expect(try Bech32.fromFiveBit(decoded.data) == item.payload, "\(fields[0])")
            #expect(fields[0] == text)
        }
    }
}

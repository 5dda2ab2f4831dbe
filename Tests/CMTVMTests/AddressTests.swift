import CMTBytecode
import Testing

/// Bech32 (BIP-173) and addresses: the BIP's test vectors, the `cmt` prefix, 20 bytes, and the
/// derivations from a public key and from a name. (The codec lives in CMTBytecode; these tests sit
/// in CMTVMTests beside Bech32ReferenceTests, which reuses the vectors and the PythonVenv helper.)
@Suite struct AddressTests {
    /// BIP-173's valid bech32 strings.
    static let validVectors = [
        "A12UEL5L", "a12uel5l",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "11" + String(repeating: "q", count: 82) + "c8247j",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w", "?1ezyfcl",
    ]

    /// BIP-173's invalid bech32 strings, with the reason each is rejected.
    static let invalidVectors: [(String, AddressError.Code)] = [
        ("\u{20}1nwldj5", .badCharacter), ("\u{7F}1axkwrx", .badCharacter), ("\u{80}1eym55h", .badCharacter),
        ("an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx", .badLength),
        ("pzry9x0s0muk", .noSeparator), ("1pzry9x0s0muk", .emptyPrefix), ("x1b4n0q5v", .badCharacter),
        ("li1dgmt3", .badLength), ("de1lg7wt\u{FF}", .badCharacter), ("A1G7SGD8", .badChecksum),
        ("10a06t8", .emptyPrefix), ("1qzzfhee", .emptyPrefix),
    ]

    @Test("BIP-173's valid vectors decode and encode back to the same text (lower case)")
    func validVectors() throws {
        for text in Self.validVectors {
            let (prefix, data) = try Bech32.decode(text)
            #expect(Bech32.encode(prefix: prefix, data: data) == text.lowercased(), "\(text)")
        }
    }

    @Test("BIP-173's invalid vectors are rejected with the expected code")
    func invalidVectors() {
        for (text, code) in Self.invalidVectors {
            #expect(throws: AddressError.self, "\(text)") { try Bech32.decode(text) }
            do { _ = try Bech32.decode(text) } catch { #expect(error.code == code, "\(text): \(error)") }
        }
    }

    @Test("an address is 20 bytes written cmt1…: pinned texts of known bytes (computed with PyPI bech32 1.2.0)")
    func pinnedTexts() throws {
        let zero = try #require(Address(bytes: [UInt8](repeating: 0, count: 20)))
        #expect(zero.text == "cmt1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqk9sk2c")
        let ones = try #require(Address(bytes: [UInt8](repeating: 255, count: 20)))
        #expect(ones.text == "cmt1llllllllllllllllllllllllllllllll653edj")
        #expect(try Address.parse(ones.text) == ones)
        #expect(try Address.parse(ones.text.uppercased()) == ones)
        #expect(Address(bytes: [1, 2, 3]) == nil)
    }

    @Test("the address of a public key is the first 20 bytes of its SHA-256; named addresses are fixed")
    func derivations() {
        let key = (0..<32).map { UInt8($0) }
        #expect(Address.derived(fromPublicKey: key).text == "cmt1vvxu62txcsekdygj23ythvjmfl6p9fyushr44a")
        #expect(Address.named("alice").text == "cmt19d5mz6mzrkelqe0eujahh2m3j4nu7yqenc7ekz")
        #expect(Address.named("alice") == Address.named("alice"))
        #expect(Address.named("alice") != Address.named("bob"))
    }

    @Test("address text is refused with a reason: other prefix, wrong size, mixed case, a changed character")
    func refusedAddresses() {
        let cases: [(String, AddressError.Code)] = [
            ("cosmos1qqqsyqcyq5rqwzqfpg9scrgwpugpzysnrk363e", .wrongPrefix),
            ("cmt1qqqsyqcyq5rqwzqfpg9scrgwpugpzysnzs5ufw9e", .wrongSize),
            ("cmt1vvxu62txcsekdygj23ythvjmfl6p9fyushr44A", .mixedCase),
            ("cmt1vvxu62txcsekdygj23ythvjmfl6p9fyushr44q", .badChecksum),
            ("cmt1bank", .badLength),
            ("", .noSeparator),
        ]
        for (text, code) in cases {
            do {
                _ = try Address.parse(text)
                Issue.record("\(text) was accepted")
            } catch { #expect(error.code == code, "\(text): \(error)") }
        }
    }

    @Test("addresses order and compare by their bytes")
    func ordering() throws {
        let low = try #require(Address(bytes: [0] + [UInt8](repeating: 9, count: 19)))
        let high = try #require(Address(bytes: [1] + [UInt8](repeating: 0, count: 19)))
        #expect(low < high)
        #expect(try Address.parse(low.text.uppercased()) == low)
    }
}

import Testing

import CMTBytecode
@testable import CMTChain

/// Ed25519 keys, addresses and the dev accounts (docs/chain.md, "Keys and addresses").
@Suite struct KeyTests {
    /// RFC 8032 section 7.1, test 1.
    static let rfcSeed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
    static let rfcPublic = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    static let rfcSignature =
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"

    @Test("RFC 8032 test 1: public key and signature of the empty message")
    func rfc8032Vector() throws {
        let key = try SigningKey(seed: Hex.decode(Self.rfcSeed) ?? [])
        #expect(key.publicKey.bytes == Hex.decode(Self.rfcPublic))
        #expect(try key.sign([]) == Hex.decode(Self.rfcSignature))
        #expect(key.publicKey.isValidSignature(Hex.decode(Self.rfcSignature) ?? [], for: []))
    }

    @Test("signatures match OpenSSL's and are deterministic")
    func matchesOpenSSL() throws {
        // `openssl pkeyutl -sign -rawin` over "abc" with the RFC 8032 test 1 key (OpenSSL 3.0, 2026-12-07).
        let openssl =
            "80d724b01e7ca260f4cc7f8de7c95f73cfac615bab1f762b6435b6ec26c8cf6d2c758dae2f87399a8eeda1cbcd2835ac5ba66d6ecaa3aba5e567a751053dc207"
        let key = try SigningKey(seed: Hex.decode(Self.rfcSeed) ?? [])
        #expect(Hex.encode(try key.sign(Array("abc".utf8))) == openssl)
        #expect(try key.sign(Array("abc".utf8)) == key.sign(Array("abc".utf8)))
    }

    @Test("a signature fails for another message, another key, or any changed byte")
    func badSignaturesRejected() throws {
        let key = DevAccounts.key(0)
        let message = Array("transfer 10 CMT".utf8)
        let signature = try key.sign(message)
        #expect(key.publicKey.isValidSignature(signature, for: message))
        #expect(!key.publicKey.isValidSignature(signature, for: message + [0]))
        #expect(!DevAccounts.key(1).publicKey.isValidSignature(signature, for: message))
        for index in signature.indices {
            var tampered = signature
            tampered[index] ^= 0x01
            #expect(!key.publicKey.isValidSignature(tampered, for: message), "byte \(index)")
        }
        #expect(!key.publicKey.isValidSignature(Array(signature.dropLast()), for: message))
        #expect(!key.publicKey.isValidSignature([], for: message))
    }

    @Test("an address is the first 20 bytes of SHA-256 of the public key")
    func addressDerivation() throws {
        let key = try SigningKey(seed: Hex.decode(Self.rfcSeed) ?? [])
        // sha256sum of the 32 public key bytes, first 40 digits.
        #expect(Hex.encode(key.address.bytes) == "21fe31dfa154a261626bf854046fd2271b7bed4b")
        #expect(key.address == Address(publicKey: key.publicKey))
        #expect(try Address.parse(key.address.text) == key.address)
        #expect(key.address.text.hasPrefix("cmt1"))
    }

    @Test("dev accounts derive from the documented seed (public keys and addresses checked with OpenSSL)")
    func devAccounts() {
        // Each seed computed with Python's hashlib from docs/chain.md's recipe, the public key with
        // `openssl pkey -pubout`, the address with `sha256sum` (2026-12-07).
        let expected = [
            (
                "d1d4a351f0f4638cdb68f74feaa95a5fd005b010315ec5156551cd543e8a89c0",
                "378794d0bab63ede01b56da7a38aa2b6efbd9e68"
            ),
            (
                "9ade51a5eedb4bee02edcaa0b4ce2c48edbb8422c9cc1671e66bb47448e0c3f4",
                "5f1eda3ea680660a8f3b018a564ab64875670b08"
            ),
            (
                "7938a57b885f97b3fa52f44f47ccfbec523a3ea1fac95c89d77e93eefb232274",
                "d547156537df26637900d46eb3fc9f5d1697edbe"
            ),
        ]
        for (index, (publicKey, address)) in expected.enumerated() {
            let key = DevAccounts.key(UInt32(index))
            #expect(key.publicKey.description == publicKey)
            #expect(Hex.encode(key.address.bytes) == address)
        }
        #expect(Set(DevAccounts.keys(100).map(\.address)).count == 100)
    }

    @Test("bad seeds, public keys and addresses are rejected with their reason")
    func badInput() {
        #expect(throws: KeyError(.badSeed, "an Ed25519 seed is 32 bytes, not 31")) {
            try SigningKey(seed: [UInt8](repeating: 1, count: 31))
        }
        #expect(throws: KeyError(.badPublicKey, "not an Ed25519 public key: 3 bytes 010203")) {
            try PublicKey(bytes: [1, 2, 3])
        }
        #expect(Address(bytes: [UInt8](repeating: 0, count: 21)) == nil)
        let random = SigningKey.generate()
        #expect(random.seed.count == 32)
        #expect((try? SigningKey(seed: random.seed))?.publicKey == random.publicKey)
    }
}

import CMTBytecode
import CMTChain
import Crypto
import _CryptoExtras

/// An account key encrypted with a passphrase, as `cmtc keys` stores it (docs/keys.md, "File
/// format", version 1): JSON with the public parts in the clear (address, public key) and the
/// 32-byte Ed25519 seed sealed with AES-256-GCM under a key derived from the passphrase by scrypt.
/// The public key is authenticated with the seed, so a file whose public parts were edited does
/// not open.
public struct KeyFile: Sendable, Equatable {
    /// The format version this build writes and reads.
    public static let version = 1
    /// The value of the file's `format` member.
    public static let formatName = "cmt-key"
    /// The AES-GCM additional data: this prefix, then the 32 public key bytes.
    static let associatedPrefix = Array("CMT key file v1\u{0}".utf8)

    public var publicKey: PublicKey
    public var scrypt: ScryptParameters
    public var salt: [UInt8]
    public var nonce: [UInt8]
    /// The sealed seed and the 16-byte tag.
    public var ciphertext: [UInt8]
    public var tag: [UInt8]

    /// The account address of the key.
    public var address: Address { publicKey.address }

    /// Seals `key` under `passphrase`; `salt` (32 bytes) and `nonce` (12 bytes) are random
    /// unless given (tests give them to get fixed bytes).
    public static func seal(
        _ key: SigningKey, passphrase: String, scrypt: ScryptParameters = .standard, salt: [UInt8]? = nil, nonce: [UInt8]? = nil
    ) throws(KeyFileError) -> KeyFile {
        guard !passphrase.isEmpty else { throw KeyFileError(.badPassphrase, "the passphrase is empty") }
        try scrypt.validate()
        var random = SystemRandomNumberGenerator()
        let salt = salt ?? (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
        let nonce = nonce ?? (0..<12).map { _ in UInt8.random(in: 0...255, using: &random) }
        let secret = try derive(passphrase, salt: salt, scrypt: scrypt)
        do {
            let box = try AES.GCM.seal(key.seed, using: secret, nonce: AES.GCM.Nonce(data: nonce),
                                       authenticating: associatedPrefix + key.publicKey.bytes)
            return KeyFile(publicKey: key.publicKey, scrypt: scrypt, salt: salt, nonce: nonce, ciphertext: Array(box.ciphertext), tag: Array(box.tag))
        } catch {
            throw KeyFileError(.io, "AES-GCM sealing failed: \(error)")
        }
    }

    /// The key, when `passphrase` opens it.
    /// - Throws: ``KeyFileError/Code/wrongPassphrase`` when it does not; ``KeyFileError/Code/corrupt``
    ///   when the seed inside is not the recorded public key's.
    public func open(passphrase: String) throws(KeyFileError) -> SigningKey {
        try scrypt.validate()
        let secret = try Self.derive(passphrase, salt: salt, scrypt: scrypt)
        let seed: [UInt8]
        do {
            let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: nonce), ciphertext: ciphertext, tag: tag)
            seed = Array(try AES.GCM.open(box, using: secret, authenticating: Self.associatedPrefix + publicKey.bytes))
        } catch {
            throw KeyFileError(.wrongPassphrase, "the passphrase does not open the key (or its encrypted part was altered)")
        }
        guard let key = try? SigningKey(seed: seed), key.publicKey == publicKey else {
            throw KeyFileError(.corrupt, "the sealed key is not the key of the recorded public key")
        }
        return key
    }

    static func derive(_ passphrase: String, salt: [UInt8], scrypt: ScryptParameters) throws(KeyFileError) -> SymmetricKey {
        do {
            return try KDF.Scrypt.deriveKey(from: Array(passphrase.utf8), salt: salt, outputByteCount: 32, rounds: 1 << scrypt.log2N,
                                            blockSize: scrypt.r, parallelism: scrypt.p)
        } catch {
            throw KeyFileError(.badKDFParameters, "scrypt failed with log2_n \(scrypt.log2N), r \(scrypt.r), p \(scrypt.p): \(error)")
        }
    }
}

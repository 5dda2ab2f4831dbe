import CMTBytecode
import Crypto

/// An Ed25519 private key (swift-crypto): signs the bytes an account authorizes.
///
/// Signatures are deterministic (RFC 8032): the same key and message always give the same 64 bytes.
public struct SigningKey: Sendable {
    /// The 32-byte private seed (swift-crypto's key types are not `Sendable`, so the bytes are kept).
    public let seed: [UInt8]
    /// The public key, derived once.
    public let publicKey: PublicKey

    /// The key whose RFC 8032 private seed is these 32 bytes.
    /// - Throws: ``KeyError/Code/badSeed`` when `seed` is not 32 bytes.
    public init(seed: [UInt8]) throws(KeyError) {
        guard seed.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw KeyError(.badSeed, "an Ed25519 seed is 32 bytes, not \(seed.count)")
        }
        self.init(key: key)
    }

    /// A new key from the system's secure random source (for wallets; nothing a chain computes).
    public static func generate() -> SigningKey {
        // A fresh key's raw representation is always 32 bytes.
        SigningKey(key: Curve25519.Signing.PrivateKey())
    }

    private init(key: Curve25519.Signing.PrivateKey) {
        seed = Array(key.rawRepresentation)
        publicKey = PublicKey(verified: Array(key.publicKey.rawRepresentation))
    }

    /// The account address of this key.
    public var address: Address { publicKey.address }

    /// The 64-byte Ed25519 signature of `message`.
    /// - Throws: ``KeyError/Code/signingFailed`` if the library fails.
    public func sign(_ message: [UInt8]) throws(KeyError) -> [UInt8] {
        do {
            return Array(try Curve25519.Signing.PrivateKey(rawRepresentation: seed).signature(for: message))
        } catch {
            throw KeyError(.signingFailed, "Ed25519 signing failed: \(error)")
        }
    }
}

/// An Ed25519 public key: checks signatures, and names an account through its ``address``.
public struct PublicKey: Hashable, Sendable, CustomStringConvertible {
    /// The 32 bytes of the key (RFC 8032 encoding).
    public let bytes: [UInt8]

    /// The key with these 32 bytes.
    /// - Throws: ``KeyError/Code/badPublicKey`` for bytes that are not 32 or not a curve point.
    public init(bytes: [UInt8]) throws(KeyError) {
        guard bytes.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)) != nil else {
            throw KeyError(.badPublicKey, "not an Ed25519 public key: \(bytes.count) bytes \(Hex.encode(bytes))")
        }
        self.bytes = bytes
    }

    fileprivate init(verified bytes: [UInt8]) { self.bytes = bytes }

    /// True when `signature` is this key's Ed25519 signature of `message`.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == 64, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: bytes) else {
            return false
        }
        return key.isValidSignature(signature, for: message)
    }

    /// The account this key controls: the first 20 bytes of SHA-256 of the 32 key bytes.
    public var address: Address { Address(publicKey: self) }

    public var description: String { Hex.encode(bytes) }
}

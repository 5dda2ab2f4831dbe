import CMTBytecode
import CMTChain
import Crypto
import Foundation

/// A validator's consensus key in CometBFT's `priv_validator_key.json` format, so that a node's
/// home works with CometBFT as it is (docs/keys.md, "The consensus key"):
///
/// ```json
/// {
///   "address": "<first 20 bytes of SHA-256 of the public key, upper-case hex>",
///   "pub_key": {
///     "type": "tendermint/PubKeyEd25519",
///     "value": "<base64 of the 32 public key bytes>"
///   },
///   "priv_key": {
///     "type": "tendermint/PrivKeyEd25519",
///     "value": "<base64 of the 32-byte seed followed by the 32 public key bytes>"
///   }
/// }
/// ```
///
/// Unencrypted, as CometBFT keeps it, and therefore written with mode 0600 and refused when other
/// users can read it.
public struct ConsensusKeyFile: Sendable {
    public static let publicKeyType = "tendermint/PubKeyEd25519"
    public static let privateKeyType = "tendermint/PrivKeyEd25519"

    public let key: SigningKey

    public init(key: SigningKey) { self.key = key }

    /// CometBFT's validator address: the first 20 bytes of SHA-256 of the public key.
    public var address: [UInt8] { Self.address(of: key.publicKey) }

    /// CometBFT's validator address of `key`.
    public static func address(of key: PublicKey) -> [UInt8] { Array(SHA256.hash(data: key.bytes).prefix(20)) }

    /// The address as CometBFT writes it: upper-case hex.
    public var addressText: String { Hex.encode(address).uppercased() }

    public var json: JSONValue {
        .object([
            JSONMember("address", .string(addressText)),
            JSONMember("pub_key", .object([
                JSONMember("type", .string(Self.publicKeyType)),
                JSONMember("value", .string(Data(key.publicKey.bytes).base64EncodedString())),
            ])),
            JSONMember("priv_key", .object([
                JSONMember("type", .string(Self.privateKeyType)),
                JSONMember("value", .string(Data(key.seed + key.publicKey.bytes).base64EncodedString())),
            ])),
        ])
    }

    /// The bytes CometBFT writes: `json.MarshalIndent` with two spaces, no final newline.
    public var bytes: [UInt8] { Array(json.prettyText.utf8) }

    /// Reads the file's bytes; every part must agree: the private value's second half and
    /// `pub_key` are the seed's public key, and `address` (hex, either case) is its address.
    public init(bytes: [UInt8]) throws(KeyFileError) {
        let json: JSONValue
        do {
            json = try JSONReader(maxDepth: 8).read(bytes)
        } catch {
            throw KeyFileError(.corrupt, "not JSON: \(error)")
        }
        func typed(_ name: String, _ type: String, count: Int) throws(KeyFileError) -> [UInt8] {
            guard let object = json[name], case .string(let kind)? = object["type"], case .string(let value)? = object["value"] else {
                throw KeyFileError(.corrupt, "'\(name)' must be an object with string members 'type' and 'value'")
            }
            guard kind == type else { throw KeyFileError(.corrupt, "'\(name).type' is \"\(kind)\"; only \"\(type)\" is supported") }
            guard let data = Data(base64Encoded: value), data.count == count else {
                throw KeyFileError(.corrupt, "'\(name).value' must be base64 of \(count) bytes")
            }
            return Array(data)
        }
        let publicBytes = try typed("pub_key", Self.publicKeyType, count: 32)
        let privateBytes = try typed("priv_key", Self.privateKeyType, count: 64)
        guard let key = try? SigningKey(seed: Array(privateBytes.prefix(32))) else { throw KeyFileError(.corrupt, "the private key is not 32 bytes") }
        guard key.publicKey.bytes == Array(privateBytes.suffix(32)), key.publicKey.bytes == publicBytes else {
            throw KeyFileError(.corrupt, "the public key does not belong to the private key")
        }
        self.init(key: key)
        guard case .string(let addressText)? = json["address"], Hex.decode(addressText) == address else {
            throw KeyFileError(.corrupt, "'address' must be \(self.addressText), the first 20 bytes of SHA-256 of the public key")
        }
    }

    /// Reads `path`, refusing a file other users can read.
    public static func load(_ path: String) throws(KeyFileError) -> ConsensusKeyFile {
        do {
            return try ConsensusKeyFile(bytes: try SecureFiles.read(path, what: "the consensus key file"))
        } catch {
            throw KeyFileError(error.code, "\(path): \(error.message)")
        }
    }

    /// Writes the file with mode 0600; an existing file is replaced only when `replace`.
    public func save(to path: String, replace: Bool = false) throws(KeyFileError) {
        try SecureFiles.write(bytes, to: path, replace: replace)
    }
}

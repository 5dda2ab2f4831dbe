import CMTBytecode
import CMTChain

extension KeyFile {
    /// The file's JSON (docs/keys.md, "File format"), members in a fixed order.
    public var json: JSONValue {
        .object([
            JSONMember("format", .string(Self.formatName)),
            JSONMember("version", .integer(Self.version)),
            JSONMember("address", .string(address.text)),
            JSONMember("public_key", .string(Hex.encode(publicKey.bytes))),
            JSONMember("kdf", .object([
                JSONMember("name", .string("scrypt")), JSONMember("log2_n", .integer(scrypt.log2N)), JSONMember("r", .integer(scrypt.r)),
                JSONMember("p", .integer(scrypt.p)), JSONMember("salt", .string(Hex.encode(salt))),
            ])),
            JSONMember("cipher", .object([
                JSONMember("name", .string("aes-256-gcm")), JSONMember("nonce", .string(Hex.encode(nonce))),
                JSONMember("ciphertext", .string(Hex.encode(ciphertext))), JSONMember("tag", .string(Hex.encode(tag))),
            ])),
        ])
    }

    /// The file's bytes: the JSON indented by two spaces, with a final newline.
    public var bytes: [UInt8] { Array((json.prettyText + "\n").utf8) }

    /// Reads a key file's bytes: the shape, the version, the bounds of the scrypt parameters, and
    /// that the address is the public key's. Opening it checks the rest.
    public init(bytes: [UInt8]) throws(KeyFileError) {
        let json: JSONValue
        do {
            json = try JSONReader(maxDepth: 8).read(bytes)
        } catch {
            throw KeyFileError(.corrupt, "not JSON: \(error)")
        }
        func field(_ object: JSONValue, _ name: String) throws(KeyFileError) -> JSONValue {
            guard let value = object[name] else { throw KeyFileError(.corrupt, "the member '\(name)' is missing") }
            return value
        }
        func text(_ object: JSONValue, _ name: String) throws(KeyFileError) -> String {
            guard case .string(let value) = try field(object, name) else { throw KeyFileError(.corrupt, "'\(name)' must be a string") }
            return value
        }
        func integer(_ object: JSONValue, _ name: String) throws(KeyFileError) -> Int {
            guard case .number(let value) = try field(object, name), let number = Int(value) else {
                throw KeyFileError(.corrupt, "'\(name)' must be a whole number")
            }
            return number
        }
        func hex(_ object: JSONValue, _ name: String, count: Int) throws(KeyFileError) -> [UInt8] {
            guard let value = Hex.decode(try text(object, name)), value.count == count else {
                throw KeyFileError(.corrupt, "'\(name)' must be \(count) bytes of hex")
            }
            return value
        }
        guard case .object = json, try text(json, "format") == Self.formatName else {
            throw KeyFileError(.corrupt, "not a CMT key file (its 'format' is not \"\(Self.formatName)\")")
        }
        let version = try integer(json, "version")
        guard version == Self.version else {
            throw KeyFileError(.unsupportedVersion, "key file version \(version); this build reads version \(Self.version)")
        }
        let kdf = try field(json, "kdf")
        let cipher = try field(json, "cipher")
        guard try text(kdf, "name") == "scrypt" else { throw KeyFileError(.corrupt, "the kdf must be scrypt") }
        guard try text(cipher, "name") == "aes-256-gcm" else { throw KeyFileError(.corrupt, "the cipher must be aes-256-gcm") }
        let key: PublicKey
        do {
            key = try PublicKey(bytes: try hex(json, "public_key", count: 32))
        } catch let error as KeyFileError {
            throw error
        } catch {
            throw KeyFileError(.corrupt, "'public_key' is not an Ed25519 public key")
        }
        guard try text(json, "address") == key.address.text else {
            throw KeyFileError(.corrupt, "the address is not the public key's (\(key.address.text))")
        }
        self.init(
            publicKey: key, scrypt: ScryptParameters(log2N: try integer(kdf, "log2_n"), r: try integer(kdf, "r"), p: try integer(kdf, "p")),
            salt: try hex(kdf, "salt", count: 32), nonce: try hex(cipher, "nonce", count: 12), ciphertext: try hex(cipher, "ciphertext", count: 32),
            tag: try hex(cipher, "tag", count: 16))
        try scrypt.validate()
    }
}

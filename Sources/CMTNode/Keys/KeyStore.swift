import CMTBytecode
import CMTChain
import Foundation

/// A folder of passphrase-encrypted account keys, one ``KeyFile`` per name (`NAME.json`), as
/// `cmtc keys` keeps them (docs/keys.md): the folder is made 0700, each file 0600, and a file
/// or folder other users can read is refused.
public struct KeyStore: Sendable {
    /// The folder.
    public let folder: String

    /// `~/.cmt/keys`: where keys live unless `--keys-dir` names another folder.
    public static var defaultFolder: String {
        let home = ProcessInfo.processInfo.environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".cmt/keys")
    }

    public init(folder: String = KeyStore.defaultFolder) { self.folder = folder }

    /// One stored key's public parts.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var address: Address
        public var publicKey: PublicKey
        public var path: String
    }

    /// Checks a key name: 1 to 64 letters, digits, '.', '_' or '-', not starting with '.'.
    public static func validate(name: String) throws(KeyFileError) {
        let allowed = name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "-")
        }
        guard allowed, (1...64).contains(name.utf8.count), !name.hasPrefix(".") else {
            throw KeyFileError(.badName, "'\(name)' is not a key name: use 1 to 64 letters, digits, '.', '_' or '-', not starting with '.'")
        }
    }

    /// The file of key `name`.
    public func path(of name: String) -> String { (folder as NSString).appendingPathComponent(name + ".json") }

    /// Seals `key` under `passphrase` and stores it as `name`; an existing name is never replaced.
    @discardableResult
    public func add(_ key: SigningKey, name: String, passphrase: String, scrypt: ScryptParameters = .standard) throws(KeyFileError) -> Entry {
        try Self.validate(name: name)
        try SecureFiles.makeFolder(folder)
        let path = path(of: name)
        if FileManager.default.fileExists(atPath: path) { throw KeyFileError(.alreadyExists, "a key named '\(name)' exists (\(path))") }
        let file = try KeyFile.seal(key, passphrase: passphrase, scrypt: scrypt)
        try SecureFiles.write(file.bytes, to: path, replace: false)
        return Entry(name: name, address: file.address, publicKey: file.publicKey, path: path)
    }

    /// The stored file of key `name` (its permissions and shape checked; not opened).
    public func file(_ name: String) throws(KeyFileError) -> KeyFile {
        try Self.validate(name: name)
        let path = path(of: name)
        guard FileManager.default.fileExists(atPath: path) else {
            throw KeyFileError(.notFound, "no key named '\(name)' in \(folder)")
        }
        try SecureFiles.checkPrivate(folder, what: "the key folder", allowed: 0o700)
        do {
            return try KeyFile(bytes: try SecureFiles.read(path, what: "the key file"))
        } catch {
            throw KeyFileError(error.code, "\(path): \(error.message)")
        }
    }

    /// The public parts of key `name`.
    public func entry(_ name: String) throws(KeyFileError) -> Entry {
        let file = try file(name)
        return Entry(name: name, address: file.address, publicKey: file.publicKey, path: path(of: name))
    }

    /// Opens key `name` with `passphrase`.
    public func open(_ name: String, passphrase: String) throws(KeyFileError) -> SigningKey {
        let file = try file(name)
        do {
            return try file.open(passphrase: passphrase)
        } catch {
            throw KeyFileError(error.code, "key '\(name)': \(error.message)")
        }
    }

    /// The names of the stored keys, sorted; no folder is no keys.
    public func names() throws(KeyFileError) -> [String] {
        guard FileManager.default.fileExists(atPath: folder) else { return [] }
        let contents: [String]
        do {
            contents = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw KeyFileError(.io, "cannot list '\(folder)': \(error.localizedDescription)")
        }
        return contents.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
            .filter { (try? Self.validate(name: $0)) != nil }.sorted()
    }
}

import CMTBytecode
import CMTChain
import Foundation
import Testing

@testable import CMTNode

/// Encrypted account key files, the key folder, and the consensus key file (docs/keys.md).
@Suite struct KeyFileTests {
    /// RFC 8032's first Ed25519 test key.
    static let rfcKey: SigningKey = {
        guard let seed = Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"), let key = try? SigningKey(seed: seed) else {
            preconditionFailure("RFC 8032's seed is a key")
        }
        return key
    }()
    static let passphrase = "correct horse battery staple"
    static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

    static func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cmt-keys-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return path
    }

    func code(_ body: () throws -> Void) -> KeyFileError.Code? {
        do {
            try body()
            return nil
        } catch let error as KeyFileError {
            return error.code
        } catch {
            return nil
        }
    }

    @Test("a key file sealed with fixed salt and nonce is byte for byte the golden file, whose ciphertext Python computed")
    func goldenKeyFile() throws {
        let file = try KeyFile.seal(Self.rfcKey, passphrase: Self.passphrase, scrypt: .light, salt: Array(0..<32), nonce: Array(100..<112))
        // hashlib.scrypt(…, n=4096, r=8, p=1, dklen=32) and cryptography's AESGCM over the same
        // inputs, additional data "CMT key file v1\0" ‖ public key (docs/keys.md).
        #expect(Hex.encode(file.ciphertext) == "ebd03917571d00df600e5ce1dfe13af8ffe50899b875b990cbdd4007b5d7e6df")
        #expect(Hex.encode(file.tag) == "69b2d62cc27b9e5b303612da3f298fd3")
        let golden = try Data(contentsOf: Self.goldens.appendingPathComponent("key-file-v1.json"))
        #expect(String(decoding: file.bytes, as: UTF8.self) == String(decoding: golden, as: UTF8.self))
        let read = try KeyFile(bytes: Array(golden))
        #expect(read == file)
        #expect(try read.open(passphrase: Self.passphrase).seed == Self.rfcKey.seed)
    }

    @Test("a wrong passphrase is K001, and so is an altered ciphertext or tag")
    func wrongPassphrase() throws {
        let file = try KeyFile.seal(Self.rfcKey, passphrase: Self.passphrase, scrypt: .light)
        #expect(code { _ = try file.open(passphrase: "Correct horse battery staple") } == .wrongPassphrase)
        var altered = file
        altered.ciphertext[3] ^= 1
        #expect(code { _ = try altered.open(passphrase: Self.passphrase) } == .wrongPassphrase)
        altered = file
        altered.tag[0] ^= 0x80
        #expect(code { _ = try altered.open(passphrase: Self.passphrase) } == .wrongPassphrase)
    }

    @Test("a file whose public key was swapped does not open: the public key is authenticated")
    func swappedPublicKey() throws {
        var file = try KeyFile.seal(Self.rfcKey, passphrase: Self.passphrase, scrypt: .light)
        file.publicKey = DevAccounts.key(0).publicKey
        let reread = try KeyFile(bytes: file.bytes)
        #expect(code { _ = try reread.open(passphrase: Self.passphrase) } == .wrongPassphrase)
    }

    @Test("corrupt files are K002, another version K003, scrypt bounds K009, with no crash")
    func corruptFiles() throws {
        let good = try KeyFile.seal(Self.rfcKey, passphrase: Self.passphrase, scrypt: .light)
        let text = String(decoding: good.bytes, as: UTF8.self)
        func variant(_ from: String, _ to: String) -> [UInt8] { Array(text.replacingOccurrences(of: from, with: to).utf8) }
        #expect(code { _ = try KeyFile(bytes: Array("not json".utf8)) } == .corrupt)
        #expect(code { _ = try KeyFile(bytes: Array("[]".utf8)) } == .corrupt)
        #expect(code { _ = try KeyFile(bytes: variant("\"cmt-key\"", "\"other\"")) } == .corrupt)
        #expect(code { _ = try KeyFile(bytes: variant("\"version\": 1", "\"version\": 2")) } == .unsupportedVersion)
        #expect(code { _ = try KeyFile(bytes: variant("\"version\": 1", "\"version\": \"1\"")) } == .corrupt)
        #expect(code { _ = try KeyFile(bytes: variant(good.address.text, DevAccounts.key(1).address.text)) } == .corrupt)
        #expect(code { _ = try KeyFile(bytes: variant("\"log2_n\": 12", "\"log2_n\": 40")) } == .badKDFParameters)
        #expect(code { _ = try KeyFile(bytes: variant("\"r\": 8", "\"r\": 16000")) } == .badKDFParameters)
        #expect(code { _ = try KeyFile(bytes: variant(Hex.encode(good.nonce), "00")) } == .corrupt)
        #expect(code { _ = try KeyFile(bytes: variant("aes-256-gcm", "aes-128-cbc")) } == .corrupt)
        #expect(code { _ = try KeyFile.seal(Self.rfcKey, passphrase: "", scrypt: .light) } == .badPassphrase)
    }

    @Test("a key folder is made 0700 and its files 0600; names are checked; an existing name is never replaced")
    func storeFilesArePrivate() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = KeyStore(folder: root + "/keys")
        let entry = try store.add(Self.rfcKey, name: "alice", passphrase: Self.passphrase, scrypt: .light)
        #expect(entry.address == Self.rfcKey.address)
        let folderMode = try FileManager.default.attributesOfItem(atPath: store.folder)[.posixPermissions] as? Int
        let fileMode = try FileManager.default.attributesOfItem(atPath: entry.path)[.posixPermissions] as? Int
        #expect(folderMode == 0o700)
        #expect(fileMode == 0o600)
        #expect(code { try store.add(DevAccounts.key(0), name: "alice", passphrase: "x", scrypt: .light) } == .alreadyExists)
        for bad in ["", ".hidden", "a/b", "../up", String(repeating: "n", count: 65), "spa ce"] {
            #expect(code { try store.add(DevAccounts.key(0), name: bad, passphrase: "x", scrypt: .light) } == .badName, "\(bad)")
        }
        try store.add(DevAccounts.key(0), name: "bob", passphrase: "other", scrypt: .light)
        #expect(try store.names() == ["alice", "bob"])
        #expect(try store.open("bob", passphrase: "other").address == DevAccounts.key(0).address)
        #expect(code { _ = try store.open("bob", passphrase: Self.passphrase) } == .wrongPassphrase)
        #expect(code { _ = try store.entry("carol") } == .notFound)
        #expect(try KeyStore(folder: root + "/none").names() == [])
    }

    @Test("a key file or folder other users can read is refused with K004")
    func insecurePermissions() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = KeyStore(folder: root + "/keys")
        let entry = try store.add(Self.rfcKey, name: "alice", passphrase: Self.passphrase, scrypt: .light)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: entry.path)
        #expect(code { _ = try store.entry("alice") } == .insecurePermissions)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: entry.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: store.folder)
        #expect(code { _ = try store.entry("alice") } == .insecurePermissions)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: store.folder)
        #expect(try store.entry("alice").address == Self.rfcKey.address)
    }

    @Test("the consensus key file of RFC 8032's key is byte for byte CometBFT's priv_validator_key.json, and reads back")
    func consensusKeyGolden() throws {
        let golden = try Data(contentsOf: Self.goldens.appendingPathComponent("priv_validator_key.json"))
        let file = ConsensusKeyFile(key: Self.rfcKey)
        // SHA-256 of the public key, first 20 bytes, upper-case hex (computed with Python's hashlib).
        #expect(file.addressText == "21FE31DFA154A261626BF854046FD2271B7BED4B")
        #expect(String(decoding: file.bytes, as: UTF8.self) == String(decoding: golden, as: UTF8.self))
        #expect(try ConsensusKeyFile(bytes: Array(golden)).key.seed == Self.rfcKey.seed)
    }

    @Test("a consensus key file whose parts disagree, or of another key type, is refused")
    func consensusKeyMismatch() throws {
        let text = String(decoding: ConsensusKeyFile(key: Self.rfcKey).bytes, as: UTF8.self)
        let other = ConsensusKeyFile(key: DevAccounts.key(0))
        let otherPublic = Data(DevAccounts.key(0).publicKey.bytes).base64EncodedString()
        for bad in [
            text.replacingOccurrences(of: "21FE31DFA154A261626BF854046FD2271B7BED4B", with: other.addressText),
            text.replacingOccurrences(of: "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", with: otherPublic),
            text.replacingOccurrences(of: "tendermint/PrivKeyEd25519", with: "tendermint/PrivKeySecp256k1"),
            text.replacingOccurrences(of: "\"value\": \"nWGx", with: "\"value\": \"!!!!"),
            "{}",
        ] {
            #expect(code { _ = try ConsensusKeyFile(bytes: Array(bad.utf8)) } == .corrupt)
        }
        // Lower-case hex in the address is what Go's hex decoder accepts too.
        #expect(try ConsensusKeyFile(bytes: Array(text.replacingOccurrences(of: "21FE31DFA154A261626BF854046FD2271B7BED4B",
                                                                            with: "21fe31dfa154a261626bf854046fd2271b7bed4b").utf8)).key.seed == Self.rfcKey.seed)
    }

    @Test("the consensus key file is saved 0600, never over an existing one unless asked, and refused when others can read it")
    func consensusKeySave() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/priv_validator_key.json"
        try ConsensusKeyFile(key: Self.rfcKey).save(to: path)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        #expect(code { try ConsensusKeyFile(key: DevAccounts.key(0)).save(to: path) } == .alreadyExists)
        try ConsensusKeyFile(key: DevAccounts.key(0)).save(to: path, replace: true)
        #expect(try ConsensusKeyFile.load(path).key.seed == DevAccounts.key(0).seed)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        #expect(code { _ = try ConsensusKeyFile.load(path) } == .insecurePermissions)
        #expect(code { _ = try ConsensusKeyFile.load(root + "/missing.json") } == .notFound)
    }
}

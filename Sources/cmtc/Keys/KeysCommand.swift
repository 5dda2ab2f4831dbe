import ArgumentParser
import CMTBytecode
import CMTChain
import CMTNode
import Foundation

/// `cmtc keys new|list|show|import`: account keys in a folder, encrypted with a passphrase
/// (docs/keys.md). Exit status: 0 on success, 1 when a key cannot be made, read or opened (the
/// message names a stable code, `error[K001]: …`), 2 on a usage error.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make, list, show and import account keys (Ed25519, encrypted with a passphrase).",
        discussion: """
            Keys live in ~/.cmt/keys (--keys-dir to choose another folder), one file per key, readable by \
            their owner only. The passphrase comes from --passphrase-file, else the environment variable \
            CMT_KEY_PASSPHRASE, else a prompt with echo off. See docs/keys.md.
            """,
        subcommands: [KeysNew.self, KeysList.self, KeysShow.self, KeysImport.self]
    )
}

/// Options every `cmtc keys` subcommand takes.
struct KeyOptions: ParsableArguments {
    @Option(name: .customLong("keys-dir"), help: "The key folder (default: ~/.cmt/keys).")
    var keysDir: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    var store: KeyStore { KeyStore(folder: keysDir ?? KeyStore.defaultFolder) }

    /// Runs `body`, printing a key error as `error[Kxxx]: …` and exiting 1.
    func run(_ body: () throws(KeyFileError) -> Void) throws {
        do {
            try body()
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
    }

    /// Prints a key's public parts.
    func print(_ entry: KeyStore.Entry, extra: [(String, String)] = []) {
        if json {
            let members = [("name", entry.name), ("address", entry.address.text), ("public_key", Hex.encode(entry.publicKey.bytes)),
                           ("file", entry.path)] + extra
            Swift.print(JSONValue.object(members.map { JSONMember($0.0, .string($0.1)) }).prettyText)
            return
        }
        Swift.print("name:        \(entry.name)")
        Swift.print("address:     \(entry.address.text)")
        Swift.print("public key:  \(Hex.encode(entry.publicKey.bytes))")
        Swift.print("file:        \(entry.path)")
        for (label, value) in extra { Swift.print((label.replacingOccurrences(of: "_", with: " ") + ":").padding(toLength: 13, withPad: " ", startingAt: 0) + value) }
    }
}

/// Options of the subcommands that encrypt a key.
struct SealOptions: ParsableArguments {
    @Option(name: .customLong("passphrase-file"), help: "Read the passphrase from the first line of this file.")
    var passphraseFile: String?

    @Flag(name: .customLong("light-kdf"), help: "Cheap scrypt parameters (N = 2^12): for test keys only.")
    var lightKDF = false

    var scrypt: ScryptParameters { lightKDF ? .light : .standard }
}

struct KeysNew: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: "Make a new random key and store it encrypted.")

    @Argument(help: "The key's name (letters, digits, '.', '_', '-').")
    var name: String

    @OptionGroup var options: KeyOptions
    @OptionGroup var seal: SealOptions

    func run() throws {
        try options.run { () throws(KeyFileError) in
            try KeyStore.validate(name: name)
            let passphrase = try PassphraseSource(file: seal.passphraseFile).read(prompt: "Passphrase for the new key '\(name)': ", confirm: true)
            let entry = try options.store.add(SigningKey.generate(), name: name, passphrase: passphrase, scrypt: seal.scrypt)
            options.print(entry)
        }
    }
}

struct KeysList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the stored keys: name and address.")

    @OptionGroup var options: KeyOptions

    func run() throws {
        try options.run { () throws(KeyFileError) in
            let store = options.store
            var rows: [JSONValue] = []
            for name in try store.names() {
                do throws(KeyFileError) {
                    let entry = try store.entry(name)
                    if options.json {
                        rows.append(.object([JSONMember("name", .string(name)), JSONMember("address", .string(entry.address.text))]))
                    } else {
                        print("\(name)  \(entry.address.text)")
                    }
                } catch {
                    // One unreadable file does not hide the others; it is named with its code.
                    if options.json {
                        rows.append(.object([JSONMember("name", .string(name)), JSONMember("error", .string(error.description))]))
                    } else {
                        print("\(name)  (unreadable: \(error.description))")
                    }
                }
            }
            if options.json { print(JSONValue.array(rows).prettyText) }
        }
    }
}

struct KeysShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a key's address and public key (the private key only with --reveal).")

    @Argument(help: "The key's name.")
    var name: String

    @Flag(help: "Also print the private key (asks for the passphrase).")
    var reveal = false

    @Option(name: .customLong("passphrase-file"), help: "Read the passphrase from the first line of this file (with --reveal).")
    var passphraseFile: String?

    @OptionGroup var options: KeyOptions

    func run() throws {
        try options.run { () throws(KeyFileError) in
            let entry = try options.store.entry(name)
            guard reveal else {
                options.print(entry)
                return
            }
            let passphrase = try PassphraseSource(file: passphraseFile).read(prompt: "Passphrase of '\(name)': ", confirm: false)
            let key = try options.store.open(name, passphrase: passphrase)
            printError("warning: the private key below controls the account; anyone who sees it can spend from it")
            options.print(entry, extra: [("private_key", Hex.encode(key.seed))])
        }
    }
}

struct KeysImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Store an existing private key (32-byte Ed25519 seed in hex) encrypted.",
        discussion: "The key comes from --private-key-file, from --dev N (a public dev account, docs/chain.md), or from a prompt with echo off.")

    @Argument(help: "The key's name.")
    var name: String

    @Option(name: .customLong("private-key-file"), help: "A file whose first line is the private key as 64 hex digits.")
    var privateKeyFile: String?

    @Option(help: "Import dev account N (publicly known keys: for dev chains only).")
    var dev: UInt32?

    @OptionGroup var options: KeyOptions
    @OptionGroup var seal: SealOptions

    func validate() throws {
        guard privateKeyFile == nil || dev == nil else { throw ValidationError("give --private-key-file or --dev, not both") }
    }

    func run() throws {
        try options.run { () throws(KeyFileError) in
            try KeyStore.validate(name: name)
            let key: SigningKey
            if let dev {
                key = DevAccounts.key(dev)
            } else {
                let text: String
                if let privateKeyFile {
                    guard let data = FileManager.default.contents(atPath: privateKeyFile), let content = String(data: data, encoding: .utf8) else {
                        throw KeyFileError(.badPrivateKey, "cannot read the private key file '\(privateKeyFile)'")
                    }
                    text = String(content.split(whereSeparator: \.isNewline).first ?? "")
                } else {
                    text = try PassphraseSource.prompt("Private key (64 hex digits): ")
                }
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                let hex = trimmed.hasPrefix("0x") ? String(trimmed.dropFirst(2)) : trimmed
                guard let seed = Hex.decode(hex), seed.count == 32, let parsed = try? SigningKey(seed: seed) else {
                    throw KeyFileError(.badPrivateKey, "a private key is 32 bytes written as 64 hex digits")
                }
                key = parsed
            }
            let passphrase = try PassphraseSource(file: seal.passphraseFile).read(prompt: "Passphrase for '\(name)': ", confirm: true)
            options.print(try options.store.add(key, name: name, passphrase: passphrase, scrypt: seal.scrypt))
        }
    }
}

import CMTNode
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where `cmtc keys` gets a passphrase (docs/keys.md, "Passphrases"): `--passphrase-file`, else the
/// environment variable `CMT_KEY_PASSPHRASE`, else a prompt on the terminal with echo off.
struct PassphraseSource {
    static let environmentVariable = "CMT_KEY_PASSPHRASE"

    var file: String?

    /// The passphrase; `confirm` asks twice at a prompt (for a new key).
    func read(prompt: String, confirm: Bool) throws(KeyFileError) -> String {
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw KeyFileError(.badPassphrase, "cannot read the passphrase file '\(file)'")
            }
            guard var text = String(data: data, encoding: .utf8) else { throw KeyFileError(.badPassphrase, "the passphrase file '\(file)' is not UTF-8") }
            // The first line is the passphrase; its line end is not part of it.
            if let end = text.firstIndex(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) { text = String(text[..<end]) }
            guard !text.isEmpty else { throw KeyFileError(.badPassphrase, "the passphrase file '\(file)' starts with an empty line") }
            return text
        }
        if let text = ProcessInfo.processInfo.environment[Self.environmentVariable] {
            guard !text.isEmpty else { throw KeyFileError(.badPassphrase, "\(Self.environmentVariable) is set but empty") }
            return text
        }
        let first = try Self.prompt(prompt)
        guard !first.isEmpty else { throw KeyFileError(.badPassphrase, "the passphrase is empty") }
        if confirm {
            guard try Self.prompt("Repeat the passphrase: ") == first else { throw KeyFileError(.badPassphrase, "the two passphrases differ") }
        }
        return first
    }

    /// One line read from the terminal (`/dev/tty`) with echo off.
    static func prompt(_ text: String) throws(KeyFileError) -> String {
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else {
            throw KeyFileError(.badPassphrase, "no terminal to ask for the passphrase; use --passphrase-file FILE or \(environmentVariable)")
        }
        defer { close(tty) }
        // Echo goes off before the prompt appears, so nothing typed after it is shown; TCSANOW
        // keeps what was typed ahead (TCSAFLUSH would throw it away).
        var saved = termios()
        let isTerminal = tcgetattr(tty, &saved) == 0
        if isTerminal {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            _ = tcsetattr(tty, TCSANOW, &quiet)
        }
        defer {
            if isTerminal { _ = tcsetattr(tty, TCSANOW, &saved) }
            _ = write(tty, "\n", 1)
        }
        _ = text.withCString { write(tty, $0, strlen($0)) }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while Glibc.read(tty, &byte, 1) == 1, byte != UInt8(ascii: "\n") {
            if byte != UInt8(ascii: "\r") { bytes.append(byte) }
            if bytes.count > 4_096 { throw KeyFileError(.badPassphrase, "the passphrase is longer than 4096 bytes") }
        }
        guard let line = String(validating: bytes, as: UTF8.self) else { throw KeyFileError(.badPassphrase, "the passphrase is not UTF-8") }
        return line
    }
}

/// Rejects, before TOMLKit sees them (a project manifest, a node's config.toml), inputs on which the bundled toml++ parser asserts in debug
/// builds (and assumes the impossible in release builds): control characters, invalid UTF-8, and
/// anything that is not TOML 1.0 syntax (``TOMLSyntax``).
public enum TOMLPrecheck {
    public static func problem(_ bytes: [UInt8]) -> (offset: Int, text: String)? {
        for (offset, byte) in bytes.enumerated() where (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F {
            let hex = String(byte, radix: 16, uppercase: true)
            return (offset, "control character U+\(String(repeating: "0", count: 4 - hex.count))\(hex) is not allowed (write it as an escape inside a string)")
        }
        if String(validating: bytes, as: UTF8.self) == nil {
            var offset = 0
            var iterator = bytes.makeIterator()
            var decoder = UTF8()
            loop: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar): offset += UTF8.width(scalar)
                case .emptyInput, .error: break loop
                }
            }
            return (min(offset, max(0, bytes.count - 1)), "the file is not valid UTF-8")
        }
        return TOMLSyntax.check(bytes).map { ($0.offset, $0.text) }
    }
}

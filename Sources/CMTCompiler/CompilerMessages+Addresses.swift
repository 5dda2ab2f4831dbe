import CMTSource

/// Messages about addresses and calls between contracts, E029x.
extension CompilerMessages {
    static let addressNotLiteral = error(
        "addressNotLiteral", "E0290", "'address(…)' takes a string literal (\"cmt1…\"), so that it can be checked when compiling")
    static func badAddressLiteral(_ text: String, reason: String) -> DiagnosticMessage {
        error("badAddressLiteral", "E0291", "'\(text)' is not an address: \(reason)")
    }
    static let addressLiteralHelp = "an address is bech32 text with the prefix 'cmt': 'cmt1' followed by 38 characters"
}

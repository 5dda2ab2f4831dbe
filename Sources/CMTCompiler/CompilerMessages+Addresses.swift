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

/// Messages about events, E029x.
extension CompilerMessages {
    static func indexedFieldType(_ name: String, type: String) -> DiagnosticMessage {
        error("indexedFieldType", "E0292",
              "indexed field '\(name)' has type '\(type)'; an indexed field holds a number, boolean, string, bytes or address")
    }
    static func tooManyIndexedFields(_ event: String, limit: Int) -> DiagnosticMessage {
        error("tooManyIndexedFields", "E0293", "event '\(event)' has more than \(limit) indexed fields")
    }
}

/// Messages about calls between contracts, E029x.
extension CompilerMessages {
    static let reentrantNotPublic = error(
        "reentrantNotPublic", "E0294", "'reentrant' applies to a contract's public functions, the ones other contracts can call")
    static let callValueNotContractCall = error(
        "callValueNotContractCall", "E0296",
        "'{ value: … }' sends CMT with a call of another contract's public function through a handle, and this is not one")
    static let callValueHelp = "write 'handle.f{ value: amount }(arguments)', where 'handle' has a contract's type (not 'this')"
    static let callValueInTest = error(
        "callValueInTest", "E0297", "test code sends CMT with its calls by 'testing.setValue(amount)', not '{ value: … }'")
}

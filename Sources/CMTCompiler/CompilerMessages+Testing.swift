import CMTSource

/// Messages of contract tests (`cmtc test`): test-only built-ins and calls on deployed contracts, E045x.
extension CompilerMessages {
    static func testOnlyBuiltin(_ name: String) -> DiagnosticMessage {
        error("testOnlyBuiltin", "E0450", "'\(name)' is only available in test files")
    }
    static let testOnlyHelp = "test files are the files under tests/ of a project; 'cmtc test' compiles and runs them"
    static func contractFunctionNotPublic(_ name: String, contract: String) -> DiagnosticMessage {
        error("contractFunctionNotPublic", "E0451",
              "'\(name)' is not a public function of contract '\(contract)'; only public functions can be called on a deployed contract")
    }
    static func contractStateFromOutside(_ field: String, contract: String) -> DiagnosticMessage {
        error("contractStateFromOutside", "E0452",
              "state field '\(field)' of contract '\(contract)' cannot be read from outside the contract; call a public function that returns it")
    }
    static let expectRevertNeedsArrow = error("expectRevertNeedsArrow", "E0453",
                                              "'expectRevert' needs an arrow function here, e.g. '(): void => c.withdraw()'")
    static func notAContractHandle(_ builtin: String, type: String) -> DiagnosticMessage {
        error("notAContractHandle", "E0454", "'\(builtin)' needs a deployed contract (made with 'Contract.deploy(…)'), not a value of type '\(type)'")
    }
    static func unknownWebhook(_ name: String, contract: String) -> DiagnosticMessage {
        error("unknownWebhook", "E0455", "contract '\(contract)' declares no webhook handler '\(name)'")
    }
    static func nameNotLiteral(_ what: String) -> DiagnosticMessage {
        error("nameNotLiteral", "E0456", "the \(what) name must be a string literal, so that it can be checked")
    }
    static func deployOutsideTest(_ contract: String) -> DiagnosticMessage {
        error("deployOutsideTest", "E0457", "'\(contract).deploy(…)' is only available in test files")
    }
    static let statementInTestFile = error("statementInTestFile", "E0458", "a test file cannot have top-level statements")
    static let statementInTestFileHelp = "tests run on a fresh chain each; put setup code in a helper function that the tests call"
}

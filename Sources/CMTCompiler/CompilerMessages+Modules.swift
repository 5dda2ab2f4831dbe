import CMTSource

/// The messages of modules (`import`/`export`), dependency contracts and `try`/`catch` around
/// calls to other contracts: codes E0320–E0329 and W0010.
extension CompilerMessages {
    // MARK: Modules

    static func unknownModule(_ specifier: String, resolved: String) -> DiagnosticMessage {
        error("unknownModule", "E0320", "cannot find module '\(specifier)' (looked for '\(resolved)')")
    }
    static func notExported(_ name: String, module: String, declared: Bool) -> DiagnosticMessage {
        error("notExported", "E0321", declared ? "'\(name)' is declared in '\(module)' but not exported"
                                               : "module '\(module)' has no exported member '\(name)'")
    }
    static func duplicateImport(_ name: String) -> DiagnosticMessage {
        error("duplicateImport", "E0322", "'\(name)' is already declared or imported in this file")
    }
    static func importCycle(_ chain: [String]) -> DiagnosticMessage {
        error("importCycle", "E0323", "files import each other in a cycle: \(chain.joined(separator: " -> "))")
    }
    static let misplacedExport = error("misplacedExport", "E0324",
                                       "only a declaration can be exported: a function, class, contract or 'const'")
    static func unsupportedModuleSyntax(_ form: String) -> DiagnosticMessage {
        error("unsupportedModuleSyntax", "E0325", "\(form) is not supported; write 'import { name } from \"./file\"' and 'export' before a declaration")
    }
    static func unknownPackage(_ specifier: String, known: [String]) -> DiagnosticMessage {
        let list = known.isEmpty ? "no dependencies are declared" : "the dependencies are \(known.map { "'\($0)'" }.joined(separator: ", "))"
        return error("unknownPackage", "E0326",
                     "cannot find package '\(specifier)': a module path starts with './', '../' or 'std/', or names a dependency (\(list))")
    }
    static func unknownLibrary(_ specifier: String, searched: String) -> DiagnosticMessage {
        error("unknownStdlibModule", "E0327", "cannot find library module '\(specifier)': \(searched)")
    }
    static let importNotAtTopLevel = error("importNotAtTopLevel", "E0328", "'import' is only allowed at the top level of a file")
    static func unusedImport(_ name: String) -> DiagnosticMessage {
        warning("unusedImport", "W0010", "'\(name)' is imported but never used")
    }

    // MARK: try / catch

    static let tryWithoutContractCall = error("tryWithoutContractCall", "E0330",
                                              "this 'try' block makes no call to another contract, so nothing in it can be caught")
    static func catchBindingType(_ found: String) -> DiagnosticMessage {
        error("catchBindingType", "E0331", "the reason a 'catch' receives is a 'string', not '\(found)'")
    }
    static let catchMissing = error("catchMissing", "E0332", "a 'try' block needs a 'catch' clause")
    static let finallyNotSupported = error("finallyNotSupported", "E0333",
                                           "'finally' is not supported: the code after the 'try' statement runs in both cases")
    static let throwNotSupported = error("throwNotSupported", "E0334",
                                         "'throw' is not supported: use 'revert(reason)', which no 'catch' of this contract catches")
}

extension CompilerMessages {
    static func declaredContractMember(_ what: String) -> DiagnosticMessage {
        error("declaredContractMember", "E0335", "a declared contract lists only public functions without bodies, not \(what)")
    }
}

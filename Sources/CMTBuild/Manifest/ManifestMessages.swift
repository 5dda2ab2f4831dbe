import CMTSource

/// The messages of project builds: `cmt.toml` errors and the cross-language checks (E0800–E0849).
/// Codes are stable, like every other code; docs/projects.md lists them.
public enum BuildMessages {
    static func error(_ name: String, _ code: String, _ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: MessageID(domain: "build", name: name, code: code), severity: .error, text: text)
    }
    static func warning(_ name: String, _ code: String, _ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: MessageID(domain: "build", name: name, code: code), severity: .warning, text: text)
    }

    static func tomlSyntax(_ detail: String) -> DiagnosticMessage { error("tomlSyntax", "E0800", "cmt.toml is not valid TOML: \(detail)") }
    static let missingPackage = error("missingPackage", "E0801", "cmt.toml has no [package] table")
    static func missingKey(_ key: String, in table: String) -> DiagnosticMessage {
        error("missingKey", "E0802", "[\(table)] needs '\(key)'")
    }
    static func wrongType(_ key: String, expected: String, found: String) -> DiagnosticMessage {
        error("wrongType", "E0803", "'\(key)' must be \(expected), found \(found)")
    }
    static func unknownKey(_ key: String, in table: String, known: [String]) -> DiagnosticMessage {
        error("unknownKey", "E0804", "unknown key '\(key)' in \(table); expected \(known.map { "'\($0)'" }.joined(separator: ", "))")
    }
    static func badPackageName(_ name: String) -> DiagnosticMessage {
        error("badPackageName", "E0805", "package name '\(name)' must start with a letter and hold only letters, digits, '_' and '-'")
    }
    static func badVersion(_ version: String) -> DiagnosticMessage {
        error("badVersion", "E0806", "version '\(version)' must be MAJOR.MINOR.PATCH, as in \"0.1.0\"")
    }
    static func unknownLibrary(_ name: String, searched: String) -> DiagnosticMessage {
        error("unknownLibrary", "E0807", "no library module '\(name)' (looked for \(searched))")
    }
    static func badGlob(_ pattern: String) -> DiagnosticMessage {
        error("badGlob", "E0808", "source pattern '\(pattern)' must be relative to the project folder and stay inside it")
    }
    static func unknownContract(_ name: String, found: [String]) -> DiagnosticMessage {
        error("unknownContract", "E0809",
              "the sources declare no contract '\(name)'" + (found.isEmpty ? " (they declare none)" : "; they declare \(found.map { "'\($0)'" }.joined(separator: ", "))"))
    }
    static func duplicateWebhook(_ name: String) -> DiagnosticMessage { error("duplicateWebhook", "E0810", "webhook '\(name)' is listed twice") }
    static func unknownWebhook(_ handler: String, contract: String, known: [String]) -> DiagnosticMessage {
        error("unknownWebhook", "E0811",
              "contract '\(contract)' has no webhook handler '\(handler)'"
                + (known.isEmpty ? " (it declares no 'webhook' functions)" : "; it has \(known.map { "'\($0)'" }.joined(separator: ", "))"))
    }
    static func secretNotReference(_ name: String) -> DiagnosticMessage {
        error("secretNotReference", "E0812",
              "the secret of webhook '\(name)' must be a reference such as \"env:SHIPMENT_SECRET\", never the secret itself")
    }
    static func unsupportedParameterType(_ name: String, _ type: String) -> DiagnosticMessage {
        error("unsupportedParameterType", "E0813",
              "parameter '\(name)' has type '\(type)'; template parameters are number, string, boolean, address, bytes, arrays, maps or optionals of those")
    }
    static func parameterNotInConstructor(_ name: String, contract: String, known: [String]) -> DiagnosticMessage {
        error("parameterNotInConstructor", "E0814",
              "parameter '\(name)' is not a parameter of \(contract)'s constructor"
                + (known.isEmpty ? " (it takes none)" : "; it takes \(known.map { "'\($0)'" }.joined(separator: ", "))"))
    }
    static func constructorParameterMissing(_ name: String, type: String, contract: String) -> DiagnosticMessage {
        error("constructorParameterMissing", "E0815", "\(contract)'s constructor takes '\(name): \(type)', which [parameters] does not list")
    }
    static func parameterTypeMismatch(_ name: String, declared: String, actual: String) -> DiagnosticMessage {
        error("parameterTypeMismatch", "E0816", "parameter '\(name)' is declared as '\(declared)' but the constructor takes '\(actual)'")
    }
    static func badDefault(_ name: String, _ detail: String) -> DiagnosticMessage {
        error("badDefault", "E0817", "the default of parameter '\(name)' does not fit its type: \(detail)")
    }
    static func floatInManifest(_ key: String) -> DiagnosticMessage {
        error("floatInManifest", "E0818", "'\(key)' is a floating-point number; write exact decimals as strings, as in \"0.5\"")
    }
    static func noContractForManifest(_ what: String) -> DiagnosticMessage {
        error("noContractForManifest", "E0819", "\(what) needs a contract, but the sources declare none (they form a script)")
    }
    static func processVariableMissing(_ variable: String, type: String, process: String) -> DiagnosticMessage {
        error("processVariableMissing", "E0820",
              "process '\(process)' reads variable '\(variable)' (\(type)), which this start_process does not set")
    }
    static func processVariableType(_ variable: String, declared: String, found: String, process: String) -> DiagnosticMessage {
        error("processVariableType", "E0821", "process '\(process)' declares variable '\(variable)' as \(declared), but it is given a \(found)")
    }
    static func severalContracts(_ names: [String]) -> DiagnosticMessage {
        error("severalContracts", "E0822",
              "the sources declare several contracts (\(names.joined(separator: ", "))); a project deploys one contract: move the others to projects of their own")
    }
    static func badWebhookName(_ name: String) -> DiagnosticMessage {
        error("badWebhookName", "E0823", "webhook name '\(name)' must start with a letter and hold only letters, digits, '_' and '-' (it is part of the hook's URL)")
    }
    static func badDependencyName(_ name: String) -> DiagnosticMessage {
        error("badDependencyName", "E0830", "dependency name '\(name)' must start with a letter and hold only letters, digits, '_' and '-'")
    }
    static func dependencyMissing(_ name: String, path: String) -> DiagnosticMessage {
        error("dependencyMissing", "E0831", "dependency '\(name)': nothing at '\(path)' (paths are relative to the project folder)")
    }
    static func dependencyNotProject(_ name: String, path: String) -> DiagnosticMessage {
        error("dependencyNotProject", "E0832",
              "dependency '\(name)': '\(path)' is neither a project (a folder with a cmt.toml) nor a bundle (a .sbc file)")
    }
    static func dependencyCycle(_ chain: [String]) -> DiagnosticMessage {
        error("dependencyCycle", "E0833", "projects depend on each other in a cycle: \(chain.joined(separator: " -> "))")
    }
    static func dependencyManifest(_ name: String, detail: String) -> DiagnosticMessage {
        error("dependencyManifest", "E0834", "dependency '\(name)' has a cmt.toml with errors: \(detail)")
    }
    static func dependenciesTooDeep(_ name: String, limit: Int) -> DiagnosticMessage {
        error("dependenciesTooDeep", "E0835", "dependency '\(name)' leads to dependencies nested more than \(limit) projects deep")
    }
    static func dependencyBadBundle(_ name: String, path: String, detail: String) -> DiagnosticMessage {
        error("dependencyBadBundle", "E0836", "dependency '\(name)': '\(path)' is not a valid bundle: \(detail)")
    }
}

extension BuildMessages {
    static func dependencyUnusable(_ name: String, detail: String) -> DiagnosticMessage {
        error("dependencyUnusable", "E0837", "the contract of dependency '\(name)' cannot be imported: \(detail)")
    }
}

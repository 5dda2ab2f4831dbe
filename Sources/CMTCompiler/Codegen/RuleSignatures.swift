import CMTSource

/// What the rule files of a program declare for contracts to use: each `global`'s CMT type and
/// each `query`'s parameters (name and CMT type), as written in the rule files (`number`, `Item[]`,
/// `Order?`). A name declared by several rule files has one entry per file, in file order.
public struct RuleSignatures: Sendable, Hashable {
    /// A query parameter.
    public struct Parameter: Sendable, Hashable {
        public var name: String
        public var type: String
        public init(name: String, type: String) {
            self.name = name
            self.type = type
        }
    }

    public var globals: [String: [String]]
    public var queries: [String: [[Parameter]]]

    public init(globals: [String: [String]] = [:], queries: [String: [[Parameter]]] = [:]) {
        self.globals = globals
        self.queries = queries
    }

    /// Whether a value whose type is written `given` fits a global or parameter declared `declared`.
    /// Types the compiler cannot decide here (errors, empty literals) are left to the run-time check.
    static func fits(_ given: String, _ declared: String) -> Bool {
        if given == declared || declared == "any" || given.contains("never") || given == "error" { return true }
        if declared.hasSuffix("?") { return given == "null" || fits(given, String(declared.dropLast())) }
        return false
    }
}

extension FunctionLowering {
    /// `setGlobal("name", value)` with a literal name: the name must be a global of a rule file and
    /// the value's type its type. False (reported) when not.
    func checkGlobal(_ arguments: [Expr]) -> Bool {
        guard let signatures = module.ruleSignatures, arguments.count == 2,
              case .string(let name) = stripParens(arguments[0]).kind else { return true }
        guard let declared = signatures.globals[name] else {
            module.report(CompilerMessages.unknownRuleGlobal(name, known: signatures.globals.keys.sorted()), at: arguments[0].span)
            return false
        }
        let given = module.types.describe(module.type(of: arguments[1]))
        guard declared.contains(where: { RuleSignatures.fits(given, $0) }) else {
            module.report(CompilerMessages.ruleGlobalType(name, declared: declared.first ?? "", given: given), at: arguments[1].span)
            return false
        }
        return true
    }

    /// `query(Type, "name", arguments…)` with a literal name: the query must exist and take these
    /// arguments. False (reported) when not.
    func checkQuery(_ arguments: [Expr], span: Span) -> Bool {
        guard let signatures = module.ruleSignatures, arguments.count >= 2,
              case .string(let name) = stripParens(arguments[1]).kind else { return true }
        guard let overloads = signatures.queries[name] else {
            module.report(CompilerMessages.unknownRuleQuery(name, known: signatures.queries.keys.sorted()), at: arguments[1].span)
            return false
        }
        let given = arguments.dropFirst(2).map { module.types.describe(module.type(of: $0)) }
        let accepted = overloads.contains { parameters in
            parameters.count == given.count && zip(given, parameters).allSatisfy { RuleSignatures.fits($0, $1.type) }
        }
        guard !accepted, let parameters = overloads.first else { return true }
        let list = parameters.map { "\($0.type) \($0.name)" }.joined(separator: ", ")
        if parameters.count != given.count {
            let count = parameters.count
            module.report(CompilerMessages.ruleQueryArguments(
                "query '\(name)' takes \(count) argument\(count == 1 ? "" : "s") (\(list)), not \(given.count)"), at: span)
            return false
        }
        for (index, (type, parameter)) in zip(given, parameters).enumerated() where !RuleSignatures.fits(type, parameter.type) {
            module.report(CompilerMessages.ruleQueryArguments(
                "argument \(index + 1) of query '\(name)' (\(parameter.name)) is a '\(parameter.type)', not a '\(type)'"),
                at: arguments[index + 2].span)
            return false
        }
        return false
    }
}

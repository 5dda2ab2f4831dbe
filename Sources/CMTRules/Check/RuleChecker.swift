import CMTCompiler
import CMTSource

/// Checks parsed DRL files against the CMT module they belong to.
///
/// Names and structure (fact types, fields, bindings, attributes, accumulate functions) are checked
/// here. Every embedded CMT expression and consequence becomes one function of a generated CMT file
/// whose parameters are the rule's bindings with their fact types; that file is checked by the real
/// CMT ``Checker`` together with the module, and its diagnostics are mapped back into the DRL files
/// byte for byte. Results the DRL needs (a constraint is boolean, a `from` gives facts) are read from
/// the inferred result types of those functions.
public final class RuleChecker {
    let sources: SourceManager
    let files: [(SourceFile, RuleFileSyntax)]
    /// The CMT module (contract files plus the declared classes).
    let module: CheckedModule
    let declaredClasses: GeneratedSource
    var diagnostics = DiagnosticBag()
    var builder = SourceBuilder()
    var classesByName: [String: ClassInfo] = [:]
    var classesByID: [ClassID: ClassInfo] = [:]
    /// Module-level names a constraint may use bare (classes, functions, prelude globals).
    var moduleNames: Set<String> = []
    var globals: [RuleGlobal] = []
    var functionNames: [String] = []
    var counter = 0
    /// Results to check once the generated code has been checked.
    var expectations: [Expectation] = []
    /// Bindings whose type is unknown (already reported): diagnostics about them are dropped.
    var poisoned: Set<String> = []
    /// Types of globals that name no type (reported at the global; uses stay quiet).
    var unknownGlobalTypes: Set<String> = []
    var usedFacts: [String: FactType] = [:]
    var currentFile: SourceFile

    /// What a synthesized function's result must be.
    struct Expectation {
        enum Kind { case boolean(what: String), number(what: String), facts(type: String) }
        let function: String
        let kind: Kind
        let span: Span
    }

    /// The fact a constraint is evaluated on (`__f`).
    struct Fact {
        let typeText: String
        let info: ClassInfo?
        /// For `Number(…) from accumulate`: bare `intValue`, `doubleValue` mean the value itself.
        let isNumber: Bool
    }

    static let ruleContextClass = "__RuleContext"
    /// The names a consequence reaches the rule context by (Drools' `drools` and `kcontext`).
    static let contextNames = ["drools", "kcontext"]

    init(sources: SourceManager, files: [(SourceFile, RuleFileSyntax)], module: CheckedModule, declaredClasses: GeneratedSource) {
        self.sources = sources
        self.files = files
        self.module = module
        self.declaredClasses = declaredClasses
        self.currentFile = files[0].0
        for info in module.classes {
            classesByID[info.id] = info
            if info.kind == .userClass { classesByName[info.name] = info }
            moduleNames.insert(info.name)
        }
        for function in module.functions where function.owner == nil { moduleNames.insert(function.name) }
        for global in module.globals { moduleNames.insert(global.name) }
        moduleNames.formUnion(RuleChecker.preludeNames)
    }

    /// The names the CMT prelude declares (`load_rules`, `Math`, `msg`, …).
    static let preludeNames: Set<String> = {
        let file = SourceFile(id: FileID(Int32.max), path: Prelude.path, text: Prelude.source)
        let (syntax, _) = Parser.parse(file, isPrelude: true)
        var names: Set<String> = ["insert", "insertLogical", "update", "delete", "retract", "halt", "setFocus", "drools"]
        for item in syntax.items {
            switch item {
            case .function(let decl): names.insert(decl.name.name)
            case .classDecl(let decl): names.insert(decl.name.name)
            case .statement(let stmt):
                if case .variables(_, let bindings) = stmt.kind { names.formUnion(bindings.map(\.name.name)) }
            default: break
            }
        }
        return names
    }()

    func report(_ message: DiagnosticMessage, at span: Span, notes: [Note] = [], fixIts: [FixIt] = []) {
        diagnostics.add(message, at: span, notes: notes, fixIts: fixIts)
    }

    func nextName(_ prefix: String) -> String {
        counter += 1
        return "__\(prefix)\(counter)"
    }

    // MARK: Running

    /// Checks everything and returns the rule base with every diagnostic (DRL and mapped CMT ones).
    func run() -> (CheckedRuleBase, [Diagnostic]) {
        let anchor = Span.point(files[0].0.id, 0)
        builder.emit(RuleChecker.builtins, anchor: anchor)
        for (file, syntax) in files {
            currentFile = file
            collectGlobalsAndFunctions(syntax, file: file)
        }
        var queries: [CheckedQuery] = []
        var rules: [CheckedRule] = []
        var ruleNames: [String: Span] = [:]
        for (file, syntax) in files {
            currentFile = file
            for item in syntax.items {
                switch item {
                case .rule(let rule):
                    if let first = ruleNames[rule.name] {
                        report(RuleMessages.duplicateRule(rule.name), at: rule.nameSpan, notes: [Note("the first rule \"\(rule.name)\" is here", at: first)])
                    } else {
                        ruleNames[rule.name] = rule.nameSpan
                    }
                    rules.append(checkRule(rule))
                case .query(let query):
                    queries.append(checkQuery(query))
                case .declare(let declare):
                    noteDeclaredFact(declare)
                default:
                    break
                }
            }
        }
        let generated = builder.build()
        let path = "<rules of \(files[0].0.path)>"
        let generatedFile = sources.add(path: path, text: generated.text)
        let (syntax, parseDiagnostics) = Parser.parse(generatedFile)
        let checked = Checker.check(module.files + [syntax], sources: sources, resolver: module.modules.resolver)
        let mapped = mapDiagnostics(parseDiagnostics + checked.diagnostics, generated: generated, file: generatedFile)
        checkExpectations(checked, file: generatedFile)
        let base = CheckedRuleBase(
            factTypes: usedFacts.values.sorted { $0.name < $1.name }, globals: globals, functions: functionNames,
            queries: queries, rules: rules, declaredClasses: declaredClasses, generated: generated,
            generatedPath: path, module: checked)
        return (base, deduplicated(diagnostics.diagnostics + mapped))
    }

    /// The rule built-ins the consequences call; the Rete runtime implements them.
    static let builtins = """
    /// The rule engine as a consequence sees it.
    class \(ruleContextClass) {
        ruleName: string = "";
        halt(): void {}
        setFocus(group: string): void {}
        getRule(): \(ruleContextClass) { return this; }
        getName(): string { return this.ruleName; }
    }
    function insert<T>(fact: T): void {}
    function insertLogical<T>(fact: T): void {}
    function update<T>(fact: T): void {}
    function retract<T>(fact: T): void {}
    function delete<T>(fact: T): void {}
    function halt(): void {}
    function setFocus(group: string): void {}

    """

    func collectGlobalsAndFunctions(_ syntax: RuleFileSyntax, file: SourceFile) {
        var seen: Set<String> = Set(globals.map(\.name))
        for item in syntax.items {
            switch item {
            case .global(let global):
                let written = file.text(of: global.type.span)
                let type = TypeNames.cmt(written) ?? written
                if !isKnownType(type) {
                    // Reported once here; the rules that use the global get no message of their own.
                    report(RuleMessages.unknownGlobalType(written, global: global.name.name), at: global.type.span)
                    unknownGlobalTypes.insert(type)
                }
                if !seen.insert(global.name.name).inserted {
                    report(RuleMessages.duplicateBinding(global.name.name), at: global.name.span)
                    continue
                }
                globals.append(RuleGlobal(name: global.name.name, type: type, span: global.name.span))
            case .function(let function):
                functionNames.append(function.name.name)
                moduleNames.insert(function.name.name)
                builder.copy(function.span, from: file)
                builder.emit("\n", anchor: function.span)
            default:
                break
            }
        }
    }

    /// Whether a type written in CMT spelling names a type of the module (checked at the global,
    /// so that a wrong one is reported there once).
    func isKnownType(_ type: String) -> Bool {
        var base = type.filter { !$0.isWhitespace }
        while base.hasSuffix("?") || base.hasSuffix("[]") { base = String(base.dropLast(base.hasSuffix("?") ? 1 : 2)) }
        if base.hasPrefix("Map<") || base.hasPrefix("Array<") { return true }
        return ["number", "string", "boolean", "bytes", "address"].contains(base) || classesByName[base] != nil
    }

    func noteDeclaredFact(_ declare: TypeDeclareSyntax) {
        guard let info = classesByName[declare.name.name] else { return }
        usedFacts[info.name] = factType(info, origin: .declare(declare.name.span))
    }

    func factType(_ info: ClassInfo, origin: FactType.Origin) -> FactType {
        FactType(name: info.name, fields: info.instanceFields.map {
            FactField(name: $0.name, type: module.types.describe($0.type), typeID: $0.type)
        }, origin: origin)
    }

    // MARK: Rules and queries

    func checkRule(_ rule: RuleDeclSyntax) -> CheckedRule {
        var scope = Scope()
        let conditions = checkConditions(rule.conditions, scope: &scope)
        let attributes = checkAttributes(rule.attributes, scope: scope)
        let params = scope.bindings + globalBindings + RuleChecker.contextNames.filter { !scope.contains($0) }.map {
            RuleBinding(name: $0, type: RuleChecker.ruleContextClass, span: rule.nameSpan)
        }
        let consequence = emitFunction(prefix: "then", params: params, anchor: rule.nameSpan, span: rule.consequenceSpan) { checker in
            checker.emitActions(rule.actions, indent: "    ")
        }
        return CheckedRule(name: rule.name, nameSpan: rule.nameSpan, attributes: attributes, conditions: conditions,
                           bindings: scope.bindings, consequence: consequence, actions: rule.actions, span: rule.span)
    }

    func checkQuery(_ query: QuerySyntax) -> CheckedQuery {
        var scope = Scope()
        var parameters: [RuleBinding] = []
        for param in query.params {
            let written = currentFile.text(of: param.type.span)
            let binding = RuleBinding(name: param.name.name, type: TypeNames.cmt(written) ?? written, span: param.name.span)
            declare(binding, in: &scope)
            parameters.append(binding)
        }
        let conditions = checkConditions(query.conditions, scope: &scope)
        return CheckedQuery(name: query.name, parameters: parameters, conditions: conditions, span: query.span)
    }

    var globalBindings: [RuleBinding] { globals.map { RuleBinding(name: $0.name, type: $0.type, span: $0.span) } }

    /// Adds a binding to the scope, reporting a duplicate.
    func declare(_ binding: RuleBinding, in scope: inout Scope) {
        if let first = scope.all[binding.name] {
            report(RuleMessages.duplicateBinding(binding.name), at: binding.span, notes: [Note("'\(binding.name)' is first bound here", at: first.span)])
            return
        }
        if globals.contains(where: { $0.name == binding.name }) {
            report(RuleMessages.duplicateBinding(binding.name), at: binding.span)
            return
        }
        scope.add(binding)
    }

    // MARK: Generated functions

    /// Emits `function __<prefix>N(params) { body }` and returns its description.
    func emitFunction(prefix: String, params: [RuleBinding], anchor: Span, span: Span,
                      body: (RuleChecker) -> Void) -> EmbeddedCode {
        let name = nextName(prefix)
        let start = builder.offset
        let list = params.map { "\($0.name): \($0.type)" }.joined(separator: ", ")
        builder.emit("function \(name)(\(list)) {\n", anchor: anchor)
        body(self)
        builder.emit("\n}\n", anchor: anchor)
        return EmbeddedCode(function: name, parameters: params,
                            generatedSpan: Span(file: FileID(-1), start: start, end: builder.offset), span: span)
    }

    /// Emits a function returning the (rewritten) expression `expr`.
    func emitValueFunction(prefix: String, expr: Expr, fact: Fact?, scope: Scope, expect kind: Expectation.Kind?) -> EmbeddedCode {
        var params = scope.bindings + globalBindings
        if let fact { params.insert(RuleBinding(name: "__f", type: fact.typeText, span: expr.span), at: 0) }
        let code = emitFunction(prefix: prefix, params: params, anchor: expr.span, span: expr.span) { checker in
            checker.builder.emit("    return ", anchor: expr.span)
            checker.emitExpression(expr, fact: fact, scope: scope)
            checker.builder.emit(";", anchor: expr.span)
        }
        if let kind { expectations.append(Expectation(function: code.function, kind: kind, span: expr.span)) }
        return code
    }
}

/// The bindings visible at a point of a rule, in order.
struct Scope {
    private(set) var bindings: [RuleBinding] = []
    private(set) var all: [String: RuleBinding] = [:]

    mutating func add(_ binding: RuleBinding) {
        bindings.append(binding)
        all[binding.name] = binding
    }

    func contains(_ name: String) -> Bool { all[name] != nil }

    /// Adds the bindings of `other` (an `or` branch) that this scope does not have yet.
    mutating func absorb(_ other: Scope) {
        for binding in other.bindings where all[binding.name] == nil { add(binding) }
    }
}

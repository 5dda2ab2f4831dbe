import CMTSource

/// A statement that `break` (and for a loop, `continue`) can leave, with the flow states at the
/// jumps to it.
struct JumpTarget {
    enum Kind { case loop, switchBody, labeledStatement }
    let kind: Kind
    let labels: [Identifier]
    var breaks: [Flow] = []
    var continues: [Flow] = []
}

/// Checks one body (a function, a method, a script's top level, a field initializer, or an arrow
/// function) against the module's declarations: scopes, statements, expressions, and the flow
/// analyses. Arrow functions and nested functions get their own checker whose `parent` is the
/// enclosing one, for captured variables.
final class BodyChecker {
    enum Context { case script, function, fieldInitializer, arrow }

    unowned let checker: Checker
    let file: FileID
    let context: Context
    let function: FunctionInfo?
    let owner: ClassInfo?
    let parent: BodyChecker?
    var isStaticContext = false
    /// The receiver of the method call being checked, where reading a `Table` field is allowed.
    var tableReceiver: NodeID?
    let bodyID: Int
    /// What the checker records for this body's file (held here: recording is done for nearly
    /// every node, and this way it is a plain array store).
    let records: FileRecords?

    var scopes: [[String: VariableInfo]] = [[:]]
    var locals: [VariableInfo] = []
    var flow = Flow()
    var nextFlowIndex = 0
    /// The statements `break` and `continue` may leave, innermost last.
    var jumpTargets: [JumpTarget] = []
    /// Labels written before the statement about to be checked (`outer: for …`).
    var pendingLabels: [Identifier] = []
    /// Result type as annotated, or nil while it is being inferred from the returns.
    var declaredResult: TypeID?
    var returnTypes: [(TypeID, Span)] = []
    var reportedUnassigned: Set<Int> = []
    /// Calls to other contracts checked in this body so far (a `try` block must make one).
    var contractCallCount = 0
    /// In a derived class's constructor: the `super(…)` call statement's expression, and whether it
    /// has been checked (until then `this` is refused).
    var superCallID: NodeID?
    var superCalled = true
    var reportedThisBeforeSuper = false
    var sawMisplacedSuperCall = false

    var types: TypeTable { checker.types }

    init(checker: Checker, file: FileID, context: Context, function: FunctionInfo?, owner: ClassInfo?, parent: BodyChecker?) {
        self.checker = checker
        self.file = file
        self.context = context
        self.function = function
        self.owner = owner
        self.parent = parent
        self.bodyID = checker.nextBodyID
        self.records = checker.records(of: file)
        checker.nextBodyID += 1
        if let function { isStaticContext = function.isStatic }
    }

    func report(_ message: DiagnosticMessage, at span: Span, notes: [Note] = [], fixIts: [FixIt] = [], helps: [String] = []) {
        checker.report(message, at: span, notes: notes, fixIts: fixIts, helps: helps)
    }

    /// Records the type of a checked expression.
    func record(_ expr: Expr, _ type: TypeID) {
        if let records, expr.span.file == file { records.setType(type, of: expr.id) } else { checker.record(expr, type) }
    }

    /// Records what a name refers to.
    func record(_ id: NodeID, in file: FileID, symbol: Symbol) {
        if let records, file == self.file { records.setSymbol(symbol, of: id) } else { checker.record(id, in: file, symbol: symbol) }
    }

    // MARK: Entry points

    func checkFunctionBody(_ decl: FunctionDecl, body: Block) {
        guard let function else { return }
        if case .pending = function.resultState {
            function.resultState = .inferring(provisional: nil)
            declaredResult = nil
        } else {
            declaredResult = function.result
        }
        for (param, info) in zip(decl.params, function.params) where !param.name.isMissing || param.pattern != nil {
            if !param.name.isMissing {
                let variable = declare(param.name, kind: .parameter, isConst: false, type: info.type, assigned: true)
                variable.readCount = 1  // parameters are never reported as unused
            }
            if let value = param.defaultValue {
                let valueType = checkExpression(value, expected: info.type)
                if !checker.isAssignable(valueType, to: info.type) {
                    report(CompilerMessages.cannotAssign(types.describe(valueType), to: types.describe(info.type), what: "parameter '\(info.name)'"),
                           at: value.span)
                }
            }
        }
        for (param, info) in zip(decl.params, function.params) {
            if let pattern = param.pattern { bind(pattern, to: types.unwrapped(info.type), isConst: false) }
        }
        prepareSuperCall(body)
        checkStatements(body.statements)
        finishSuperCall(decl)
        finishBody(closingBrace: Span(file: body.span.file, start: max(body.span.start, body.span.end - 1), end: body.span.end),
                   name: function.name, isUnterminated: body.isUnterminated)
        if declaredResult == nil {
            function.result = inferredResult()
            function.resultState = .inferred
        }
    }

    func checkScript(_ statements: [Stmt]) {
        checkStatements(statements)
        reportUnusedLocals()
    }

    /// After a body: missing returns and unused variables.
    func finishBody(closingBrace: Span, name: String, isUnterminated: Bool = false) {
        let result = declaredResult ?? (returnTypes.isEmpty ? .void : inferredResult())
        if flow.reachable && !isUnterminated && result != .void && result != .error && result != .never {
            report(CompilerMessages.missingReturn(name, type: types.describe(result)), at: closingBrace)
        }
        reportUnusedLocals()
    }

    func reportUnusedLocals() {
        for variable in locals where variable.kind == .local && variable.readCount == 0 && !variable.name.hasPrefix("_") {
            report(CompilerMessages.unusedVariable(variable.name), at: variable.span,
                   helps: ["remove it, or start its name with '_' if it is unused on purpose"])
        }
    }

    /// The result type from the `return` statements seen.
    func inferredResult() -> TypeID {
        guard var result = returnTypes.first?.0 else { return .void }
        for (type, span) in returnTypes.dropFirst() {
            if let joined = checker.join(result, type) {
                result = joined
            } else {
                let first = returnTypes[0]
                report(CompilerMessages.inconsistentReturns(types.describe(type), types.describe(first.0)), at: span,
                       notes: [Note("the first return gives '\(types.describe(first.0))'", at: first.1)],
                       helps: ["annotate the function's return type"])
                return .error
            }
        }
        if types[result] == .null {
            report(CompilerMessages.cannotInferFromNull(function?.name ?? "function"), at: returnTypes[0].1)
            return .error
        }
        return result
    }

    // MARK: Scopes

    @discardableResult
    func declare(_ name: Identifier, kind: VariableInfo.Kind, isConst: Bool, type: TypeID, assigned: Bool, inFunctionScope: Bool = false) -> VariableInfo {
        let variable = VariableInfo(name: name.name, kind: kind, isConst: isConst, span: name.span, type: type, index: locals.count)
        adopt(variable, assigned: assigned)
        locals.append(variable)
        let scopeIndex = inFunctionScope ? 0 : scopes.count - 1
        if let existing = scopes[scopeIndex][name.name] {
            report(CompilerMessages.duplicateDeclaration(name.name), at: name.span,
                   notes: [Note("'\(name.name)' was first declared here", at: existing.span)])
        }
        scopes[scopeIndex][name.name] = variable
        return variable
    }

    /// Makes this body's flow analysis track `variable`.
    func adopt(_ variable: VariableInfo, assigned: Bool) {
        variable.ownerBody = bodyID
        variable.flowIndex = nextFlowIndex
        nextFlowIndex += 1
        if assigned { flow.assigned.insert(variable.flowIndex) }
    }

    func pushScope() { scopes.append([:]) }
    func popScope() { scopes.removeLast() }

    /// Finds a variable in this body's scopes, then in the enclosing bodies (a capture).
    func lookupVariable(_ name: String) -> VariableInfo? {
        for scope in scopes.reversed() {
            if let variable = scope[name] { return variable }
        }
        if let parent, let variable = parent.lookupVariable(name) {
            variable.isCaptured = true
            return variable
        }
        return nil
    }

    /// Resolves a name: variables, then members of the enclosing class or contract, then module and
    /// prelude declarations.
    func lookup(_ name: String) -> Symbol? {
        if let variable = lookupVariable(name) { return .variable(variable) }
        var ownerClass = owner
        var body: BodyChecker? = self
        while ownerClass == nil, let current = body {
            ownerClass = current.owner
            body = current.parent
        }
        if let ownerClass {
            // A base class's private members are not visible by their bare names in a subclass.
            if let field = ownerClass.fieldsByName[name], field.owner === ownerClass || !field.decl.modifiers.isPrivate {
                return .field(ownerClass, field)
            }
            if let method = ownerClass.methods[name], method.owner === ownerClass || method.decl?.modifiers.isPrivate != true {
                return .method(ownerClass, method)
            }
        }
        guard let symbol = checker.lookupGlobal(name, from: file) else { return nil }
        // Test-only built-ins do not exist outside test files (reportUnknownName says why).
        if checker.isTestOnly(symbol), !isTestFile { return nil }
        return symbol
    }

    /// Every name visible here, for "did you mean" suggestions.
    func visibleNames() -> [String] {
        var names: [String] = []
        var body: BodyChecker? = self
        while let current = body {
            for scope in current.scopes { names.append(contentsOf: scope.keys) }
            if let owner = current.owner {
                names.append(contentsOf: owner.fieldsByName.keys)
                names.append(contentsOf: owner.methods.keys)
            }
            body = current.parent
        }
        names.append(contentsOf: checker.visibleGlobalNames(from: file))
        names.append(contentsOf: checker.preludeGlobals.keys.filter { isTestFile || !TestPrelude.names.contains($0) })
        return names
    }

    /// The enclosing class or contract, looking through arrow functions.
    var enclosingOwner: ClassInfo? {
        var body: BodyChecker? = self
        while let current = body {
            if let owner = current.owner { return owner }
            body = current.parent
        }
        return nil
    }

    var enclosingIsStatic: Bool {
        var body: BodyChecker? = self
        while let current = body {
            if current.owner != nil { return current.isStaticContext }
            body = current.parent
        }
        return false
    }

    /// The type of `this` in a class or contract's instance code.
    func thisType(_ info: ClassInfo) -> TypeID {
        types.intern(.instance(info.id, (0..<info.typeParams.count).map { types.intern(.parameter($0)) }))
    }
}

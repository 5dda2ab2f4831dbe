import CMTSource

// Contract tests (`cmtc test`): the test-only built-ins (TestPrelude.swift), `Contract.deploy(…)`,
// and calls on deployed contracts (handles). A handle is a value of a contract's type that is not
// `this`: calling one of its public functions is a real contract call.

extension Checker {
    /// Loads ``TestPrelude`` after the prelude; its names are hidden from non-test files.
    func loadTestPrelude() {
        let file = sources.add(path: TestPrelude.path, text: TestPrelude.source)
        testPreludeFile = file.id
        let (syntax, parseDiagnostics) = Parser.parse(file, isPrelude: true)
        diagnostics.append(contentsOf: parseDiagnostics)
        register(syntax)
        collect(syntax, isPrelude: true)
    }

    /// Whether `symbol` is one of the test-only built-ins.
    func isTestOnly(_ symbol: Symbol) -> Bool {
        guard let testPreludeFile, let span = span(of: symbol) else { return false }
        return span.file == testPreludeFile
    }
}

extension BodyChecker {
    /// Whether this body is in a test file (it may use the test-only built-ins).
    var isTestFile: Bool { checker.sources.isTestFile(file) }

    /// The contract a value of `type` is a handle of, if it is one.
    func contractOfHandle(_ type: TypeID) -> ClassInfo? {
        guard case .instance(let id, _) = types[type] else { return nil }
        let info = checker.classes[Int(id.rawValue)]
        return info.kind == .contract ? info : nil
    }

    func isThis(_ expr: Expr) -> Bool {
        if case .this = stripParens(expr).kind { return true }
        return false
    }

    /// `Contract.deploy(arguments)`: deploys the contract with its constructor's arguments and gives
    /// a handle. Nil when `base.name` is something else.
    func checkDeploy(_ baseType: TypeID, name: Identifier, arguments: [Expr]) -> TypeID? {
        guard name.name == "deploy", case .classObject(let id) = types[baseType] else { return nil }
        let info = checker.classes[Int(id.rawValue)]
        guard info.kind == .contract, info.methods["deploy"] == nil else { return nil }
        guard isTestFile else {
            report(CompilerMessages.deployOutsideTest(info.name), at: name.span, helps: [CompilerMessages.testOnlyHelp])
            checkArgumentsLoosely(arguments)
            return .error
        }
        let params = info.constructor?.params ?? []
        checkArguments(arguments, params: params.map(\.type), required: params.count { !$0.isOptional },
                       calleeName: "'\(info.name).deploy' (the constructor of '\(info.name)')", declaredAt: info.constructor?.span,
                       callSpan: name.span)
        return types.intern(.instance(info.id, []))
    }

    /// A call of `method` on `base`: when `base` is a handle (a contract value other than `this`),
    /// only public functions can be called. False when reported.
    func checkHandleCall(_ method: FunctionInfo, base: Expr, name: Identifier) -> Bool {
        guard let owner = method.owner, owner.kind == .contract, !isThis(base) else { return true }
        contractCallCount += 1
        if method.isPublic && method.kind != .webhook && method.kind != .constructor { return true }
        report(CompilerMessages.contractFunctionNotPublic(name.name, contract: owner.name), at: name.span)
        return false
    }

    /// Reading a state field through a handle is not possible: state is read through public functions.
    func checkHandleField(_ field: FieldInfo, base: Expr, name: Identifier) -> Bool {
        guard field.owner.kind == .contract, !field.isStatic, !isThis(base) else { return true }
        report(CompilerMessages.contractStateFromOutside(name.name, contract: field.owner.name), at: name.span)
        return false
    }

    /// Extra checks of the test built-ins that take a contract and a name: the value must be a
    /// handle and the name one of its events (`expectEvent`) or webhooks (`deliverWebhook`);
    /// `expectRevert` needs an arrow function.
    func checkTestBuiltinArguments(_ function: FunctionInfo, arguments: [Expr]) {
        guard function.isBuiltin, let span = function.span, span.file == checker.testPreludeFile else { return }
        switch function.name {
        case "expectRevert":
            if let action = arguments.first, !isArrow(action) {
                report(CompilerMessages.expectRevertNeedsArrow, at: action.span)
            }
        case "addressOf":
            guard let first = arguments.first else { return }
            let type = checker.expressionType(first) ?? .error
            if type != .error, contractOfHandle(type) == nil {
                report(CompilerMessages.notAContractHandle("testing.addressOf", type: types.describe(type)), at: first.span)
            }
        case "expectEvent", "deliverWebhook":
            guard arguments.count >= 2 else { return }
            let type = checker.expressionType(arguments[0]) ?? .error
            if type == .error { return }
            guard let contract = contractOfHandle(type) else {
                report(CompilerMessages.notAContractHandle(function.name, type: types.describe(type)), at: arguments[0].span)
                return
            }
            let isEvent = function.name == "expectEvent"
            guard case .string(let text) = stripParens(arguments[1]).kind else {
                report(CompilerMessages.nameNotLiteral(isEvent ? "event" : "webhook"), at: arguments[1].span)
                return
            }
            if isEvent, contract.events[text] == nil {
                report(CompilerMessages.unknownEvent(text, contract: contract.name), at: arguments[1].span)
            }
            if !isEvent, contract.methods[text]?.kind != .webhook {
                report(CompilerMessages.unknownWebhook(text, contract: contract.name), at: arguments[1].span)
            }
        default:
            break
        }
    }

    private func isArrow(_ expr: Expr) -> Bool {
        if case .arrow = stripParens(expr).kind { return true }
        return false
    }
}

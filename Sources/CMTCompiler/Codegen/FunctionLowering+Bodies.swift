import CMTBytecode
import CMTSource

extension FunctionLowering {
    /// A script's top level: the module's `main`.
    func lowerScript(_ statements: [Stmt]) {
        // Script globals that no function uses are registers of main, for the whole script.
        let scriptFiles = Set(statements.map(\.span.file))
        for global in module.checked.globals where scriptFiles.contains(global.span.file) {
            declare(global)
        }
        declareAssignedLocals(in: statements)
        lowerStatements(statements)
    }

    /// The module initializer of a contract program: marks the module constants computed (first, so
    /// that nothing it runs can start it again), then computes them in source order.
    func lowerModuleInitializer(_ statements: [Stmt], flag: UInt16) {
        isModuleInitializer = true
        span = statements.first?.span
        let done = allocate()
        emit(.loadBool, done, 1, type: .boolean)
        emit(.setGlobal, done, flag)
        free(to: done)
        lowerScript(statements)
    }

    /// A top-level function or a method (`this` in register 0 when `hasThis`).
    func lowerFunction(_ decl: FunctionDecl, body: Block, info: FunctionInfo, hasThis: Bool) {
        span = decl.name.span
        if hasThis { thisRegister = 0 }
        bindParameters(decl.params, first: hasThis ? 1 : 0)
        declareAssignedLocals(in: body.statements)
        lowerStatements(body.statements)
    }

    /// `C.new(arguments)`: a new object, its field initializers in order, then the constructor body.
    func lowerClassConstructor(_ info: CMTCompiler.ClassInfo) {
        span = info.nameSpan
        let this = allocate()
        thisRegister = this
        returnsThis = true
        if let constructor = info.constructor, let decl = constructor.decl {
            bindParameters(decl.params, first: 0)
        }
        guard let classIndex = module.classIndex[info.id] else { return }
        emit(.newObject, this, classIndex, type: .reference)
        initializeOwnFields(info, constructor: info.constructor?.decl)
        if let constructor = info.constructor, let body = constructor.decl?.body {
            declareAssignedLocals(in: body.statements)
            lowerStatements(body.statements)
        }
    }

    /// A contract's deploy entry: state initializers in order, then the constructor body.
    func lowerContractConstructor(_ info: CMTCompiler.ClassInfo) {
        span = info.nameSpan
        if let constructor = info.constructor, let decl = constructor.decl {
            bindParameters(decl.params, first: 0)
        }
        for field in info.fields where !field.isStatic {
            guard let initializer = field.decl.initializer, let index = module.stateIndex[ObjectIdentifier(field)] else { continue }
            at(initializer.span) {
                let mark = top
                let value = self.value(initializer)
                write(.state(index), value)
                free(to: mark)
            }
        }
        if let constructor = info.constructor, let body = constructor.decl?.body {
            declareAssignedLocals(in: body.statements)
            lowerStatements(body.statements)
        }
    }

    /// An arrow function or nested function: declared parameters, then the captured values.
    func lowerClosure(_ closure: PendingClosure) {
        span = closure.span
        let params: [Param]
        switch closure.body {
        case .arrow(let arrowParams, _): params = arrowParams
        case .nested(let decl): params = decl.params
        }
        let captureCount = closure.captures.count + (closure.capturesThis ? 1 : 0)
        guard params.count + captureCount <= ModuleLowering.maximumParameters else {
            module.report(CompilerMessages.functionTooLarge(closure.name, "it has more than \(ModuleLowering.maximumParameters) parameters and captured variables"),
                          at: closure.span)
            return
        }
        ir.parameterCount = UInt16(params.count + captureCount)
        ir.captureCount = UInt16(captureCount)
        ir.registerCount = ir.parameterCount
        top = ir.parameterCount
        bindParameters(params, first: 0)
        for (position, capture) in closure.captures.enumerated() {
            let register = UInt16(params.count + position)
            variables[capture.variable.span] = capture.isCell ? .cell(register) : .register(register)
        }
        if closure.capturesThis { thisRegister = UInt16(params.count + closure.captures.count) }
        switch closure.body {
        case .arrow(_, .expression(let value)):
            at(value.span) {
                if module.type(of: value) == .void || module.type(of: value) == .never {
                    effect(value)
                    terminate(.retNull)
                } else {
                    let result = self.value(value)
                    terminate(.ret(result))
                }
            }
        case .arrow(_, .block(let block)):
            declareAssignedLocals(in: block.statements)
            lowerStatements(block.statements)
        case .nested(let decl):
            if let body = decl.body {
                declareAssignedLocals(in: body.statements)
                lowerStatements(body.statements)
            }
        }
    }

    /// Parameters in registers `first…`; a default value fills in a parameter that was left out.
    func bindParameters(_ params: [Param], first: UInt16) {
        for (position, param) in params.enumerated() {
            let register = first + UInt16(position)
            if let pattern = param.pattern {
                if let value = param.defaultValue {
                    at(value.span) { fillDefault(value, into: register, slot: .register(register)) }
                }
                at(pattern.span) {
                    declarePattern(pattern)
                    destructure(pattern, from: register)
                }
                continue
            }
            if param.isRest {
                // Called through a function value, a rest parameter may be left out: an empty array.
                let test = allocate()
                emit(.isNull, test, register, type: .boolean)
                let fill = newBlock()
                let done = newBlock()
                terminate(.branch(.truthy(test), then: fill, otherwise: done))
                free(to: test)
                switchTo(fill)
                emit(.newArray, register, 0, type: .reference)
                jump(to: done)
                switchTo(done)
            }
            guard let variable = parameterVariable(param) else {
                // A parameter the body never names (a parameter property's) still takes its default.
                if let value = param.defaultValue { at(value.span) { fillDefault(value, into: register, slot: .register(register)) } }
                continue
            }
            let isCell = module.analysis.needsCell(variable)
            if isCell {
                // Move the argument into a fresh cell.
                let cell = allocate()
                emit(.newArray, cell, 1, type: .reference)
                emit(.push, cell, register)
                variables[variable.span] = .cell(cell)
            } else {
                variables[variable.span] = .register(register)
            }
            if let value = param.defaultValue, let slot = variables[variable.span] {
                at(value.span) { fillDefault(value, into: register, slot: slot) }
            }
        }
    }

    /// A left-out argument (null in `register`) takes the parameter's default, stored in `slot`.
    private func fillDefault(_ value: Expr, into register: UInt16, slot: VariableSlot) {
        let test = allocate()
        emit(.isNull, test, register, type: .boolean)
        let fill = newBlock()
        let done = newBlock()
        terminate(.branch(.truthy(test), then: fill, otherwise: done))
        free(to: test)
        switchTo(fill)
        let mark = top
        let result = self.value(value)
        store(result, into: slot)
        free(to: mark)
        jump(to: done)
        switchTo(done)
    }

    /// The checker's variable for a parameter: the one whose declaring span is the parameter's name.
    func parameterVariable(_ param: Param) -> VariableInfo? {
        module.parameterVariables[param.name.span]
    }

    /// Variables declared by a first assignment (`cost = 15;`) belong to the whole function: they get
    /// their registers at entry.
    func declareAssignedLocals(in statements: [Stmt]) {
        var found: [VariableInfo] = []
        var seen = Set<Span>()
        // Nested functions and arrow functions declare their own.
        func visitStmt(_ stmt: Stmt) {
            if case .function = stmt.kind { return }
            SyntaxWalk.children(of: stmt, statement: visitStmt, expression: visitExpr)
        }
        func visitExpr(_ expr: Expr) {
            switch expr.kind {
            case .assign(.assign, let target, let value, _):
                if case .identifier = target.kind, case .variable(let variable)? = module.symbol(target.id, in: target.span),
                   variable.kind == .local, variable.span == target.span, seen.insert(variable.span).inserted {
                    found.append(variable)
                }
                visitExpr(value)
            case .arrow: break
            default: SyntaxWalk.children(of: expr, statement: visitStmt, expression: visitExpr)
            }
        }
        statements.forEach(visitStmt)
        for variable in found where variables[variable.span] == nil {
            declare(variable)
        }
    }
}

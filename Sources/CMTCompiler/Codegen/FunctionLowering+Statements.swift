import CMTBytecode
import CMTSource

extension FunctionLowering {
    func lowerStatements(_ statements: [Stmt]) {
        for stmt in statements { lower(stmt) }
    }

    /// Lowers one statement; temporaries are freed after it.
    func lower(_ stmt: Stmt) {
        let mark = top
        let savedMark = statementMark
        statementMark = top
        at(stmt.span) { lowerKind(stmt) }
        statementMark = savedMark
        switch stmt.kind {
        case .variables, .function: break  // their locals stay for the rest of the scope
        default: free(to: mark)
        }
    }

    private func lowerKind(_ stmt: Stmt) {
        switch stmt.kind {
        case .expression(let expr):
            effect(expr)
        case .variables(_, let bindings):
            for binding in bindings { lowerBinding(binding) }
        case .block(let block):
            let mark = top
            lowerStatements(block.statements)
            free(to: mark)
        case .ifStmt(let condition, let then, let otherwise):
            let thenBlock = newBlock()
            let end = newBlock()
            let elseBlock = otherwise == nil ? end : newBlock()
            branch(condition, then: thenBlock, otherwise: elseBlock)
            switchTo(thenBlock)
            lowerScoped(then)
            jump(to: end)
            if let otherwise {
                switchTo(elseBlock)
                lowerScoped(otherwise)
                jump(to: end)
            }
            switchTo(end)
        case .whileStmt(let condition, let body):
            lowerLoop(condition: condition, step: nil, body: body)
        case .forStmt(let initializer, let condition, let step, let body):
            let mark = top
            if let initializer { lowerInScope(initializer) }
            lowerLoop(condition: condition, step: step, body: body)
            free(to: mark)
        case .forOf(_, let binding, let iterable, let body):
            lowerForOf(binding: binding, iterable: iterable, body: body)
        case .returnStmt(let value):
            if let value, module.type(of: value) != .void {
                let register = self.value(value)
                terminate(.ret(register))
            } else {
                if let value { effect(value) }
                if returnsThis, let thisRegister { terminate(.ret(thisRegister)) } else { terminate(.retNull) }
            }
            startDeadBlock()
        case .breakStmt:
            if let loop = loops.last { jump(to: loop.breakTarget) }
            startDeadBlock()
        case .continueStmt:
            if let loop = loops.last { jump(to: loop.continueTarget) }
            startDeadBlock()
        case .emit(let event, let arguments):
            lowerEmit(event, arguments)
        case .function(let decl):
            lowerNestedFunction(decl)
        case .empty, .error:
            break
        }
    }

    /// A statement in its own scope (the body of an `if` or a loop).
    func lowerScoped(_ stmt: Stmt) {
        let mark = top
        lower(stmt)
        free(to: mark)
    }

    /// A `for` initializer: its declarations stay for the loop.
    private func lowerInScope(_ stmt: Stmt) {
        at(stmt.span) {
            if case .variables(_, let bindings) = stmt.kind {
                for binding in bindings { lowerBinding(binding) }
            } else {
                lower(stmt)
            }
        }
    }

    /// `let x = value` (or a script global's declaration).
    func lowerBinding(_ binding: VarBinding) {
        let variable: VariableInfo
        if case .variable(let recorded)? = module.symbol(binding.id, in: binding.span) {
            variable = recorded
        } else if let global = module.checked.globals.first(where: { $0.span == binding.name.span }) {
            variable = global
        } else {
            // The checker reported this binding.
            return
        }
        let slot = self.slot(of: variable) ?? declare(variable)
        let mark = top
        at(binding.span) {
            if let initializer = binding.initializer {
                if case .register(let target) = slot {
                    compile(initializer, into: target)
                } else {
                    let value = self.value(initializer)
                    store(value, into: slot)
                }
            } else if case .register(let target) = slot {
                // A loop may run the declaration again: start from null, not last round's value.
                emit(.loadNull, target)
            }
        }
        free(to: mark)
    }

    /// `while` and `for`: the test is placed before the loop and again at the bottom, so an
    /// iteration of a straight-line body is one basic block.
    func lowerLoop(condition: Expr?, step: Expr?, body: Stmt) {
        let bodyBlock = newBlock()
        let stepBlock = newBlock()
        let exit = newBlock()
        if let condition { branch(condition, then: bodyBlock, otherwise: exit) } else { jump(to: bodyBlock) }
        switchTo(bodyBlock)
        loops.append(LoopTargets(breakTarget: exit, continueTarget: stepBlock, localTop: top))
        lowerScoped(body)
        loops.removeLast()
        jump(to: stepBlock)
        switchTo(stepBlock)
        if let step {
            let mark = top
            at(step.span) { effect(step) }
            free(to: mark)
        }
        if let condition { branch(condition, then: bodyBlock, otherwise: exit) } else { jump(to: bodyBlock) }
        switchTo(exit)
    }

    /// `for (x of xs)`: an index over an array, or over the characters of a string.
    func lowerForOf(binding: VarBinding, iterable: Expr, body: Stmt) {
        let mark = top
        let sequence = allocate()
        if types[module.type(of: iterable)] == .string {
            let text = value(iterable)
            move(sequence, text)
            emit(.intrinsic, sequence, IntrinsicOperation.stringChars.rawValue, 1, type: .reference)
        } else {
            compile(iterable, into: sequence)
        }
        let index = allocate()
        let count = allocate()
        emit(.loadI, index, 0, type: .number)
        guard case .variable(let variable)? = module.symbol(binding.id, in: binding.span) else {
            free(to: mark)
            return
        }
        let slot = declare(variable)
        let bodyBlock = newBlock()
        let stepBlock = newBlock()
        let exit = newBlock()
        emit(.len, count, sequence, type: .number)
        terminate(.branch(.less(index, count), then: bodyBlock, otherwise: exit))
        switchTo(bodyBlock)
        if case .register(let target) = slot {
            emit(.getIndex, target, sequence, index)
        } else {
            let element = allocate()
            emit(.getIndex, element, sequence, index)
            store(element, into: slot)
            free(to: element)
        }
        loops.append(LoopTargets(breakTarget: exit, continueTarget: stepBlock, localTop: top))
        lowerScoped(body)
        loops.removeLast()
        jump(to: stepBlock)
        switchTo(stepBlock)
        emit(.addI, index, index, 1, type: .number)
        emit(.len, count, sequence, type: .number)
        terminate(.branch(.less(index, count), then: bodyBlock, otherwise: exit))
        switchTo(exit)
        free(to: mark)
    }

    /// `emit Name(arguments)`: the host records the event's name, a map of its fields and, apart,
    /// the values of its indexed fields (null when it has none).
    func lowerEmit(_ event: Identifier, _ arguments: [Expr]) {
        guard let contract = owner, let info = contract.events[event.name] else { return }
        let base = allocate()
        let fields = allocate()
        let topics = allocate()
        loadString(event.name, into: base)
        emit(.newMap, fields, type: .reference)
        if info.indexedFields.isEmpty {
            emit(.loadNull, topics, type: .null)
        } else {
            emit(.newArray, topics, UInt16(info.indexedFields.count), type: .reference)
        }
        for (position, (param, argument)) in zip(info.params, arguments).enumerated() {
            let mark = top
            let key = allocate()
            loadString(param.name, into: key)
            let value = self.value(argument)
            emit(.setIndex, fields, key, value)
            if info.indexedFields.contains(position) { emit(.push, topics, value) }
            free(to: mark)
        }
        emit(.host, base, HostOperation.emit.rawValue, 3)
    }

    /// A function declared inside a body: a closure bound to a constant.
    func lowerNestedFunction(_ decl: FunctionDecl) {
        guard case .variable(let variable)? = module.symbol(decl.id, in: decl.span) else { return }
        let slot = self.slot(of: variable) ?? declare(variable)
        let mark = top
        let value = allocate()
        makeClosure(name: decl.name.name, body: .nested(decl), span: decl.span, into: value)
        store(value, into: slot)
        free(to: mark)
    }
}

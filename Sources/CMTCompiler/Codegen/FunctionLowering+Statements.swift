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
        case .variables, .destructure, .function: break  // their locals stay for the rest of the scope
        default: free(to: mark)
        }
    }

    private func lowerKind(_ stmt: Stmt) {
        let labels = pendingLabels
        pendingLabels = []
        switch stmt.kind {
        case .expression(let expr):
            effect(expr)
        case .variables(_, let bindings):
            for binding in bindings { lowerBinding(binding) }
        case .destructure(_, let pattern, _, let initializer):
            lowerDestructuring(pattern: pattern, initializer: initializer)
        case .forOfPattern(_, let pattern, let iterable, let body):
            lowerForOfPattern(pattern: pattern, iterable: iterable, body: body, labels: labels)
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
            lowerLoop(condition: condition, step: nil, body: body, labels: labels)
        case .doWhile(let body, let condition):
            lowerDoWhile(body: body, condition: condition, labels: labels)
        case .forStmt(let initializer, let condition, let step, let body):
            let mark = top
            if let initializer { lowerInScope(initializer) }
            lowerLoop(condition: condition, step: step, body: body, labels: labels)
            free(to: mark)
        case .forOf(_, let binding, let iterable, let body):
            lowerForOf(binding: binding, iterable: iterable, body: body, labels: labels)
        case .switchStmt(let value, let cases):
            lowerSwitch(value: value, cases: cases, labels: labels)
        case .labeled(let label, let body):
            switch body.kind {
            case .whileStmt, .doWhile, .forStmt, .forOf, .labeled:
                pendingLabels = labels + [label.name]
                lower(body)
            default:
                let exit = newBlock()
                loops.append(LoopTargets(breakTarget: exit, continueTarget: nil, localTop: top, labels: labels + [label.name], takesPlainBreak: false))
                lowerScoped(body)
                loops.removeLast()
                jump(to: exit)
                switchTo(exit)
            }
        case .returnStmt(let value):
            if let value, module.type(of: value) != .void {
                let register = self.value(value)
                terminate(.ret(register))
            } else {
                if let value { effect(value) }
                if returnsThis, let thisRegister { terminate(.ret(thisRegister)) } else { terminate(.retNull) }
            }
            startDeadBlock()
        case .breakStmt(let label):
            let target = label.map { label in loops.last { $0.labels.contains(label.name) } } ?? loops.last { $0.takesPlainBreak }
            if let target { jump(to: target.breakTarget) }
            startDeadBlock()
        case .continueStmt(let label):
            let target = label.map { label in loops.last { $0.labels.contains(label.name) } } ?? loops.last { $0.continueTarget != nil }
            if let block = target?.continueTarget { jump(to: block) }
            startDeadBlock()
        case .emit(let event, let arguments):
            lowerEmit(event, arguments)
        case .function(let decl):
            lowerNestedFunction(decl)
        case .tryStmt(let clause):
            lowerTry(clause, id: stmt.id, span: stmt.span)
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
    func lowerLoop(condition: Expr?, step: Expr?, body: Stmt, labels: [String]) {
        let bodyBlock = newBlock()
        let stepBlock = newBlock()
        let exit = newBlock()
        if let condition { branch(condition, then: bodyBlock, otherwise: exit) } else { jump(to: bodyBlock) }
        switchTo(bodyBlock)
        loops.append(LoopTargets(breakTarget: exit, continueTarget: stepBlock, localTop: top, labels: labels))
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

    /// `do body while (condition)`: the body first, the test at the bottom (a `continue` goes to
    /// the test).
    func lowerDoWhile(body: Stmt, condition: Expr, labels: [String]) {
        let bodyBlock = newBlock()
        let testBlock = newBlock()
        let exit = newBlock()
        jump(to: bodyBlock)
        switchTo(bodyBlock)
        loops.append(LoopTargets(breakTarget: exit, continueTarget: testBlock, localTop: top, labels: labels))
        lowerScoped(body)
        loops.removeLast()
        jump(to: testBlock)
        switchTo(testBlock)
        at(condition.span) { branch(condition, then: bodyBlock, otherwise: exit) }
        switchTo(exit)
    }

    /// `switch`: the value is computed once, then compared with each case value in order (`===`);
    /// the first match, else `default`, else the end, is where the run goes. The case bodies are
    /// laid out in order, so a case without statements runs on into the next.
    func lowerSwitch(value: Expr, cases: [SwitchCase], labels: [String]) {
        let mark = top
        let subject: UInt16
        if let register = variableRegister(value), !cases.contains(where: { $0.test.map(assignsVariables) ?? false }) {
            // The case values cannot change the variable: compare with it where it is.
            subject = register
        } else {
            subject = allocate()
            compile(value, into: subject)
        }
        // Blocks in layout order: the tests, then the bodies, then the end.
        let tests = cases.filter { $0.test != nil }.dropFirst().map { _ in newBlock() }
        let bodies = cases.map { _ in newBlock() }
        let exit = newBlock()
        var nextTest = tests.makeIterator()
        for (position, clause) in cases.enumerated() {
            guard let test = clause.test else { continue }
            let next = nextTest.next() ?? newBlock()
            at(test.span) {
                let testMark = top
                let candidate = self.value(test)
                terminate(.branch(.equal(subject, candidate), then: bodies[position], otherwise: next))
                free(to: testMark)
            }
            switchTo(next)
        }
        jump(to: cases.firstIndex { $0.test == nil }.map { bodies[$0] } ?? exit)
        loops.append(LoopTargets(breakTarget: exit, continueTarget: nil, localTop: top, labels: labels))
        for (position, clause) in cases.enumerated() {
            switchTo(bodies[position])
            lowerStatements(clause.body)
            jump(to: position + 1 < cases.count ? bodies[position + 1] : exit)
        }
        loops.removeLast()
        switchTo(exit)
        free(to: mark)
    }

    /// `for (x of xs)`: an index over an array, or over the characters of a string.
    func lowerForOf(binding: VarBinding, iterable: Expr, body: Stmt, labels: [String]) {
        guard case .variable(let variable)? = module.symbol(binding.id, in: binding.span) else { return }
        lowerForOfLoop(iterable: iterable, body: body, labels: labels, declare: { self.declare(variable) }) { element, slot in
            if case .register(let target) = slot {
                self.emit(.getIndex, target, element.sequence, element.index)
            } else {
                let value = self.allocate()
                self.emit(.getIndex, value, element.sequence, element.index)
                self.store(value, into: slot)
                self.free(to: value)
            }
        }
    }

    /// `for (const [k, v] of pairs)`: each element is destructured into the pattern's variables.
    func lowerForOfPattern(pattern: Pattern, iterable: Expr, body: Stmt, labels: [String]) {
        lowerForOfLoop(iterable: iterable, body: body, labels: labels, declare: { self.declarePattern(pattern) }) { element, _ in
            let value = self.allocate()
            self.emit(.getIndex, value, element.sequence, element.index)
            self.destructure(pattern, from: value)
            self.free(to: value)
        }
    }

    /// The loop of `for … of`: `declare` gives the loop variables their slots before the loop, and
    /// `bind` sets them from the current element at the top of each round.
    private func lowerForOfLoop<Slot>(iterable: Expr, body: Stmt, labels: [String], declare: () -> Slot,
                                      bind: ((sequence: UInt16, index: UInt16), Slot) -> Void) {
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
        let slot = declare()
        let bodyBlock = newBlock()
        let stepBlock = newBlock()
        let exit = newBlock()
        emit(.len, count, sequence, type: .number)
        terminate(.branch(.less(index, count), then: bodyBlock, otherwise: exit))
        switchTo(bodyBlock)
        bind((sequence, index), slot)
        loops.append(LoopTargets(breakTarget: exit, continueTarget: stepBlock, localTop: top, labels: labels))
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

    /// Gives every variable of a pattern its slot (registers in declaration order).
    func declarePattern(_ pattern: Pattern) {
        for binding in pattern.bindings {
            if case .variable(let variable)? = module.symbol(binding.id, in: binding.span) {
                if slot(of: variable) == nil { _ = declare(variable) }
            } else if let global = module.checked.globals.first(where: { $0.span == binding.name.span }), slot(of: global) == nil {
                _ = declare(global)
            }
        }
    }

    /// `let [a, b] = xs;`: the variables get their slots first, then the value is computed above
    /// them and taken apart.
    func lowerDestructuring(pattern: Pattern, initializer: Expr) {
        declarePattern(pattern)
        let mark = top
        let source = allocate()
        compile(initializer, into: source)
        destructure(pattern, from: source)
        free(to: mark)
    }

    /// Sets the variables of `pattern` from the value in `source`.
    func destructure(_ pattern: Pattern, from source: UInt16) {
        switch pattern.kind {
        case .error:
            return
        case .name(let binding):
            let variable: VariableInfo
            if case .variable(let recorded)? = module.symbol(binding.id, in: binding.span) {
                variable = recorded
            } else if let global = module.checked.globals.first(where: { $0.span == binding.name.span }) {
                variable = global
            } else {
                return
            }
            guard let slot = slot(of: variable) else { return }
            if case .register(let target) = slot { move(target, source) } else { store(source, into: slot) }
        case .array(let elements, let rest):
            for (position, element) in elements.enumerated() {
                guard let element else { continue }
                let mark = top
                let index = allocate()
                let item = allocate()
                emit(.loadI, index, UInt16(min(position, Int(UInt16.max))), type: .number)
                if let value = element.defaultValue {
                    // Past the end, the default; otherwise the element.
                    let count = allocate()
                    emit(.len, count, source, type: .number)
                    let present = newBlock()
                    let missing = newBlock()
                    let join = newBlock()
                    terminate(.branch(.less(index, count), then: present, otherwise: missing))
                    switchTo(present)
                    emit(.getIndex, item, source, index)
                    jump(to: join)
                    switchTo(missing)
                    compileFree(value, into: item)
                    jump(to: join)
                    switchTo(join)
                } else {
                    emit(.getIndex, item, source, index)
                }
                destructure(element.pattern, from: item)
                free(to: mark)
            }
            if let rest {
                let mark = top
                let start = allocate()
                let count = allocate()
                let slice = allocate()
                emit(.loadI, start, UInt16(min(elements.count, Int(UInt16.max))), type: .number)
                emit(.len, count, source, type: .number)
                intrinsic(.arraySlice, registers: [source, start, count], into: slice, type: .reference)
                destructure(rest, from: slice)
                free(to: mark)
            }
        case .object(let elements):
            for element in elements {
                guard let key = element.key else { continue }
                let mark = top
                let item = allocate()
                if case .field(let owner, let field)? = module.symbol(element.id, in: element.span) {
                    readField(owner, field, base: source, into: item, span: key.span)
                } else {
                    // The checker has let through only maps with string keys here.
                    let name = allocate()
                    loadString(key.name, into: name)
                    emit(.getIndex, item, source, name)
                }
                if let value = element.defaultValue {
                    let test = allocate()
                    emit(.isNull, test, item, type: .boolean)
                    let missing = newBlock()
                    let join = newBlock()
                    terminate(.branch(.truthy(test), then: missing, otherwise: join))
                    switchTo(missing)
                    compileFree(value, into: item)
                    jump(to: join)
                    switchTo(join)
                }
                destructure(element.pattern, from: item)
                free(to: mark)
            }
        }
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

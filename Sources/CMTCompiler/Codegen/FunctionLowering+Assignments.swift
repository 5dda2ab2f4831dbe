import CMTBytecode
import CMTSource

/// Something that can be assigned, with its parts (object, key) already evaluated into registers.
enum AssignableLocation {
    case variable(VariableSlot)
    case objectField(object: UInt16, slot: UInt16)
    case state(UInt16)
    case element(container: UInt16, key: UInt16)
}

extension FunctionLowering {
    /// Resolves an assignment target, evaluating its object and key (left to right, before the value).
    func location(of target: Expr) -> AssignableLocation? {
        switch target.kind {
        case .paren(let inner):
            return location(of: inner)
        case .identifier:
            switch module.symbol(target.id, in: target.span) {
            case .variable(let variable)?:
                return slot(of: variable).map { .variable($0) }
            case .field(let owner, let field)?:
                return fieldLocation(owner, field, base: nil)
            default:
                return nil
            }
        case .member(let base, _, _):
            guard case .field(let owner, let field)? = module.symbol(target.id, in: target.span) else { return nil }
            if owner.kind == .contract { return fieldLocation(owner, field, base: nil) }
            return fieldLocation(owner, field, base: value(base))
        case .index(let base, let index, _):
            let container = value(base)
            let key = value(index)
            return .element(container: container, key: key)
        default:
            return nil
        }
    }

    private func fieldLocation(_ owner: CMTCompiler.ClassInfo, _ field: FieldInfo, base: UInt16?) -> AssignableLocation? {
        if owner.kind == .contract {
            return module.stateIndex[ObjectIdentifier(field)].map { .state($0) }
        }
        guard let object = base ?? thisRegister, let slot = owner.instanceFields.firstIndex(where: { $0 === field }) else { return nil }
        return .objectField(object: object, slot: UInt16(slot))
    }

    func read(_ location: AssignableLocation, into dest: UInt16, type: IRType?) {
        switch location {
        case .variable(let slot): read(slot, into: dest, type: type)
        case .objectField(let object, let slot): emit(.getField, dest, object, slot, type: type)
        case .state(let index): emit(.sload, dest, index, type: type)
        case .element(let container, let key): emit(.getIndex, dest, container, key, type: type)
        }
    }

    func write(_ location: AssignableLocation, _ value: UInt16) {
        switch location {
        case .variable(let slot): store(value, into: slot)
        case .objectField(let object, let slot): emit(.setField, object, slot, value)
        case .state(let index):
            if module.sessionStateFields.contains(index) {
                storeSession(value, index)
            } else {
                emit(.sstore, value, index)
            }
        case .element(let container, let key): emit(.setIndex, container, key, value)
        }
    }

    /// A rule session written to a state field is stored in the contract's storage first (the
    /// `persist` rules command): the field holds the stored session's id.
    func storeSession(_ value: UInt16, _ index: UInt16) {
        let mark = top
        let base = allocate()
        _ = allocate()
        _ = allocate()
        move(base + 1, value)
        emit(.loadI, base, UInt16(RuleOperationCode.persist.rawValue), type: .number)
        emit(.loadNull, base + 2, type: .null)
        emit(.host, base, HostOperation.rules.rawValue, 3, type: nil)
        emit(.sstore, base, index)
        free(to: mark)
    }

    /// `target op= value`; returns a register holding the assigned value.
    func assign(_ op: AssignOperator, target: Expr, value: Expr, needResult: Bool) -> UInt16 {
        let targetType = module.type(of: target)
        let type = irType(targetType)
        guard let location = location(of: target) else {
            module.report(CompilerMessages.unsupportedConstruct("this assignment target"), at: target.span)
            return allocate()
        }
        switch op {
        case .assign:
            if case .variable(.register(let register)) = location {
                compile(value, into: register)
                return register
            }
            let result = self.value(value)
            write(location, result)
            return result
        case .coalesce:
            let current = allocate()
            read(location, into: current, type: type)
            let test = allocate()
            emit(.isNull, test, current, type: .boolean)
            let fill = newBlock()
            let end = newBlock()
            terminate(.branch(.truthy(test), then: fill, otherwise: end))
            switchTo(fill)
            compileFree(value, into: current)
            write(location, current)
            jump(to: end)
            switchTo(end)
            return current
        default:
            guard let binary = op.binary else { return allocate() }
            if case .variable(.register(let register)) = location {
                let right = self.value(value)
                emitBinary(binary, register, right, resultType: targetType, into: register)
                return register
            }
            let current = allocate()
            read(location, into: current, type: type)
            let right = self.value(value)
            emitBinary(binary, current, right, resultType: targetType, into: current)
            write(location, current)
            return current
        }
    }

    /// `++x`, `x--`, …; returns the expression's value (the new value for prefix, the old for postfix).
    func update(increment: Bool, prefix: Bool, target: Expr, needResult: Bool) -> UInt16 {
        let delta = UInt16(bitPattern: increment ? 1 : -1)
        guard let location = location(of: target) else {
            module.report(CompilerMessages.unsupportedConstruct("this increment target"), at: target.span)
            return allocate()
        }
        if case .variable(.register(let register)) = location {
            if needResult && !prefix {
                let old = allocate()
                move(old, register)
                emit(.addI, register, register, delta, type: .number)
                return old
            }
            emit(.addI, register, register, delta, type: .number)
            return register
        }
        let current = allocate()
        read(location, into: current, type: .number)
        var old = current
        if needResult && !prefix {
            old = allocate()
            move(old, current)
        }
        emit(.addI, current, current, delta, type: .number)
        write(location, current)
        return prefix ? current : old
    }

    // MARK: Reading fields

    func readField(_ owner: CMTCompiler.ClassInfo, _ field: FieldInfo, base: UInt16?, into dest: UInt16, span: Span) {
        if field.isStatic {
            staticValue(field, into: dest)
            return
        }
        guard let location = fieldLocation(owner, field, base: base) else {
            module.report(CompilerMessages.unsupportedConstruct("reading field '\(field.name)' here"), at: span)
            return
        }
        read(location, into: dest, type: irType(field.type))
    }

    /// A static field: its constant, or its initializer computed on first use in a call.
    func staticValue(_ field: FieldInfo, into dest: UInt16) {
        guard let initializer = field.decl.initializer else { return }
        if let literal = literalConstant(initializer) {
            switch literal {
            case .boolean(let flag): emit(.loadBool, dest, flag ? 1 : 0, type: .boolean)
            case .constant(let constant): loadConstant(constant, into: dest)
            }
            return
        }
        let slot = module.staticSlot(field)
        emit(.getGlobal, dest, slot, type: irType(field.type))
        let test = allocate()
        emit(.isNull, test, dest, type: .boolean)
        let fill = newBlock()
        let end = newBlock()
        terminate(.branch(.truthy(test), then: fill, otherwise: end))
        free(to: test)
        switchTo(fill)
        let savedThis = thisRegister
        thisRegister = nil
        compileFree(initializer, into: dest)
        thisRegister = savedThis
        emit(.setGlobal, dest, slot)
        jump(to: end)
        switchTo(end)
    }

    enum Literal {
        case boolean(Bool)
        case constant(Constant)
    }

    func literalConstant(_ expr: Expr) -> Literal? {
        switch expr.kind {
        case .paren(let inner): return literalConstant(inner)
        case .number(let text): return Decimal18(literal: text).map { .constant(.number($0)) }
        case .string(let text): return .constant(.string(text))
        case .boolean(let flag): return .boolean(flag)
        case .unary(.negate, let inner):
            if case .constant(.number(let value))? = literalConstant(inner) { return .constant(.number(value.negated)) }
            return nil
        default: return nil
        }
    }
}

import CMTBytecode
import CMTSource

extension FunctionLowering {
    /// Evaluates `expr` for its effects only.
    func effect(_ expr: Expr) {
        let mark = top
        defer { free(to: mark) }
        switch expr.kind {
        case .paren(let inner): effect(inner)
        case .assign(let op, let target, let value, _): _ = assign(op, target: target, value: value, needResult: false)
        case .update(let increment, _, let target): _ = update(increment: increment, prefix: true, target: target, needResult: false)
        default:
            if module.type(of: expr) == .void || module.type(of: expr) == .never {
                let scratch = allocate()
                compile(expr, into: scratch)
            } else {
                _ = value(expr)
            }
        }
    }

    /// A register holding the value of `expr`: a variable's own register when it is one, else a new
    /// temporary.
    func value(_ expr: Expr) -> UInt16 {
        if let register = variableRegister(expr) { return register }
        let register = allocate()
        compile(expr, into: register)
        return register
    }

    /// The register of a plain local variable, if `expr` names one.
    func variableRegister(_ expr: Expr) -> UInt16? {
        switch expr.kind {
        case .paren(let inner): return variableRegister(inner)
        case .identifier:
            if case .variable(let variable)? = module.symbol(expr.id, in: expr.span), case .register(let register)? = slot(of: variable) {
                return register
            }
            return nil
        case .this:
            return isContractCode ? nil : thisRegister
        default: return nil
        }
    }

    /// Whether `dest` is a variable's register (composite expressions then build their value in a
    /// temporary first, so that reading the variable midway sees its old value).
    func isVariable(_ dest: UInt16) -> Bool { dest < statementMark }

    /// Compiles `expr` so that its value ends up in `dest`.
    func compile(_ expr: Expr, into dest: UInt16) {
        switch expr.kind {
        case .number(let text):
            if let number = Decimal18(literal: text) { loadConstant(.number(number), into: dest) }
        case .string(let text): loadString(text, into: dest)
        case .template(let texts, let values):
            compileTemplate(texts: texts, values: values, into: dest)
        case .boolean(let flag): emit(.loadBool, dest, flag ? 1 : 0, type: .boolean)
        case .null: emit(.loadNull, dest, type: .null)
        case .this:
            if let thisRegister, !isContractCode {
                move(dest, thisRegister)
            } else if isContractCode {
                // In a contract, `this` as a value is a handle of the contract itself: its address.
                emit(.host, dest, HostOperation.selfAddress.rawValue, 0, type: .address)
            } else {
                module.report(CompilerMessages.thisAsValue, at: expr.span)
            }
        case .superRef:
            // The checker allows `super` only as `super(…)` and `super.m(…)`, which calls lower.
            module.report(CompilerMessages.unsupportedConstruct("'super' as a value"), at: expr.span)
        case .identifier: compileIdentifier(expr, into: dest)
        case .paren(let inner): compile(inner, into: dest)
        case .spread:
            // Only as an array element or a map entry, which lower it themselves; the checker
            // reports it anywhere else.
            module.report(CompilerMessages.unsupportedConstruct("'...' here"), at: expr.span)
        case .array(let elements):
            let target = isVariable(dest) ? allocate() : dest
            emit(.newArray, target, UInt16(min(elements.count, 1024)), type: .reference)
            for element in elements {
                let mark = top
                if case .spread(let inner) = element.kind {
                    appendElements(of: value(inner), to: target)
                } else {
                    let value = self.value(element)
                    emit(.push, target, value)
                }
                free(to: mark)
            }
            move(dest, target)
        case .map(let entries):
            let target = isVariable(dest) ? allocate() : dest
            emit(.newMap, target, type: .reference)
            for entry in entries {
                let mark = top
                let key: UInt16
                switch entry.key {
                case .identifier(let name):
                    key = allocate()
                    loadString(name.name, into: key)
                case .string(let text, _):
                    key = allocate()
                    loadString(text, into: key)
                case .number(let text, _):
                    key = allocate()
                    if let number = Decimal18(literal: text) { loadConstant(.number(number), into: key) }
                case .computed(let keyExpr):
                    key = value(keyExpr)
                case .spread:
                    copyEntries(of: value(entry.value), to: target)
                    free(to: mark)
                    continue
                }
                let value = self.value(entry.value)
                emit(.setIndex, target, key, value)
                free(to: mark)
            }
            move(dest, target)
        case .unary(let op, let operand):
            compileUnary(op, operand, into: dest)
        case .update(let increment, let prefix, let target):
            let result = update(increment: increment, prefix: prefix, target: target, needResult: true)
            move(dest, result)
        case .binary(let op, let lhs, let rhs, _):
            compileBinary(op, lhs, rhs, expr: expr, into: dest)
        case .assign(let op, let target, let value, _):
            let result = assign(op, target: target, value: value, needResult: true)
            move(dest, result)
        case .conditional(let condition, let then, let otherwise):
            let target = isVariable(dest) ? allocate() : dest
            let thenBlock = newBlock()
            let elseBlock = newBlock()
            let end = newBlock()
            branch(condition, then: thenBlock, otherwise: elseBlock)
            switchTo(thenBlock)
            compileFree(then, into: target)
            jump(to: end)
            switchTo(elseBlock)
            compileFree(otherwise, into: target)
            jump(to: end)
            switchTo(end)
            move(dest, target)
        case .member(let base, let name, let optional):
            compileMember(expr, base: base, name: name, optional: optional, into: dest)
        case .index(let base, let index, let optional):
            compileIndex(base, index, optional: optional, into: dest)
        case .call(let callee, let arguments, let optional):
            compileCall(expr, callee: callee, arguments: arguments, optional: optional, into: dest)
        case .new(let name, _, let arguments):
            compileNew(expr, name: name, arguments: arguments, into: dest)
        case .forceUnwrap(let inner):
            let value = self.value(inner)
            emit(.unwrap, dest, value, type: irType(module.type(of: expr)))
        case .arrow(let params, _, let body):
            makeClosure(name: "\(ir.name).<arrow>", body: .arrow(params: params, body: body), span: expr.span, into: dest)
        case .callValue:
            // The checker reported it: a value is sent only by the call it is written on.
            module.report(CompilerMessages.unsupportedConstruct("a value sent without a call"), at: expr.span)
        case .error:
            break
        }
    }

    /// `[...source]`: pushes every element of the array in `source` onto `target`, in order.
    func appendElements(of source: UInt16, to target: UInt16) {
        forEachIndex(below: source) { index, item in
            emit(.getIndex, item, source, index)
            emit(.push, target, item)
        }
    }

    /// `{...source}`: sets every entry of the map in `source` on `target`, in `source`'s order.
    func copyEntries(of source: UInt16, to target: UInt16) {
        let keys = allocate()
        emit(.mapKeys, keys, source, type: .reference)
        forEachIndex(below: keys) { index, key in
            let value = allocate()
            emit(.getIndex, key, keys, index)
            emit(.getIndex, value, source, key)
            emit(.setIndex, target, key, value)
            free(to: value)
        }
    }

    /// A loop over the indexes of the array in `sequence`, its body given a scratch register.
    private func forEachIndex(below sequence: UInt16, _ body: (_ index: UInt16, _ scratch: UInt16) -> Void) {
        let mark = top
        let index = allocate()
        let count = allocate()
        let scratch = allocate()
        emit(.loadI, index, 0, type: .number)
        emit(.len, count, sequence, type: .number)
        let loop = newBlock()
        let exit = newBlock()
        terminate(.branch(.less(index, count), then: loop, otherwise: exit))
        switchTo(loop)
        body(index, scratch)
        emit(.addI, index, index, 1, type: .number)
        terminate(.branch(.less(index, count), then: loop, otherwise: exit))
        switchTo(exit)
        free(to: mark)
    }

    /// `` `a${x}b` `` is `"a" + x + "b"`: each piece is joined with `concat`, which writes numbers,
    /// booleans and addresses exactly as `+` does. Empty texts are left out.
    func compileTemplate(texts: [String], values: [Expr], into dest: UInt16) {
        let target = isVariable(dest) ? allocate() : dest
        loadString(texts.first ?? "", into: target)
        for (position, value) in values.enumerated() {
            let mark = top
            let piece = self.value(value)
            emit(.concat, target, target, piece, type: .string)
            if position + 1 < texts.count, !texts[position + 1].isEmpty {
                let text = allocate()
                loadString(texts[position + 1], into: text)
                emit(.concat, target, target, text, type: .string)
            }
            free(to: mark)
        }
        move(dest, target)
    }

    /// Compiles into `dest` and frees the temporaries it used.
    func compileFree(_ expr: Expr, into dest: UInt16) {
        let mark = top
        compile(expr, into: dest)
        free(to: mark)
    }

    // MARK: Names

    func compileIdentifier(_ expr: Expr, into dest: UInt16) {
        switch module.symbol(expr.id, in: expr.span) {
        case .variable(let variable)?:
            guard let slot = slot(of: variable) else {
                module.report(CompilerMessages.unsupportedConstruct("a use of '\(variable.name)' here"), at: expr.span)
                return
            }
            read(slot, into: dest, type: irType(variable.type))
        case .function(let function)?:
            if let index = module.index(of: function) {
                emit(.loadFunc, dest, index, type: .function)
            } else {
                module.report(CompilerMessages.unsupportedConstruct("the built-in '\(function.name)' as a value"), at: expr.span)
            }
        case .field(let owner, let field)?:
            readField(owner, field, base: nil, into: dest, span: expr.span)
        case .method?, .classType?:
            module.report(CompilerMessages.unsupportedConstruct("a method or class used as a value"), at: expr.span)
        case nil:
            break
        }
    }

    func read(_ slot: VariableSlot, into dest: UInt16, type: IRType?) {
        switch slot {
        case .register(let register): move(dest, register)
        case .cell(let cell):
            let zero = allocate()
            emit(.loadI, zero, 0, type: .number)
            emit(.getIndex, dest, cell, zero, type: type)
            free(to: zero)
        case .global(let index):
            computeModuleConstantsIfNeeded(scratch: dest)
            emit(.getGlobal, dest, index, type: type)
        }
    }

    /// In a contract program, before reading a module constant: runs the module initializer unless
    /// it has run in this call already (every call starts with empty globals). `scratch` may be
    /// overwritten.
    func computeModuleConstantsIfNeeded(scratch: UInt16) {
        guard let initializer = module.moduleInitializer, !isModuleInitializer else { return }
        // The flag is null until the initializer sets it (a condition must be a boolean).
        let flag = allocate()
        emit(.getGlobal, flag, initializer.flag)
        emit(.isNull, flag, flag, type: .boolean)
        let compute = newBlock()
        let end = newBlock()
        terminate(.branch(.truthy(flag), then: compute, otherwise: end))
        free(to: flag)
        switchTo(compute)
        callDirect(initializer.function, prefix: [], arguments: [], params: 0, into: scratch, type: nil)
        jump(to: end)
        switchTo(end)
    }

    // MARK: Operators

    func compileUnary(_ op: UnaryOperator, _ operand: Expr, into dest: UInt16) {
        switch op {
        case .negate:
            if case .number(let text) = operand.kind, let number = Decimal18(literal: text) {
                loadConstant(.number(number.negated), into: dest)
                return
            }
            let value = self.value(operand)
            emit(.neg, dest, value, type: .number)
        case .plus:
            compile(operand, into: dest)
        case .not:
            let value = self.value(operand)
            emit(.not, dest, value, type: .boolean)
        case .bitNot:
            intrinsic(.bitNot, [operand], into: dest, type: .number)
        }
    }

    /// Whether evaluating `expr` may assign a local variable (then an operand read before it must be copied).
    func assignsVariables(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .assign, .update: return true
        case .arrow: return false  // its body runs later, on its own registers
        default:
            var found = false
            SyntaxWalk.children(of: expr, statement: { _ in }, expression: { if !found { found = assignsVariables($0) } })
            return found
        }
    }

    /// Both operands in registers, left first.
    func operands(_ lhs: Expr, _ rhs: Expr) -> (UInt16, UInt16) {
        var left = value(lhs)
        if left < statementMark, assignsVariables(rhs) {
            let copy = allocate()
            move(copy, left)
            left = copy
        }
        return (left, value(rhs))
    }

    func compileBinary(_ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr, expr: Expr, into dest: UInt16) {
        switch op {
        case .and, .or, .coalesce:
            let target = isVariable(dest) ? allocate() : dest
            compile(lhs, into: target)
            let rest = newBlock()
            let end = newBlock()
            switch op {
            case .and: terminate(.branch(.truthy(target), then: rest, otherwise: end))
            case .or: terminate(.branch(.truthy(target), then: end, otherwise: rest))
            default:
                let test = allocate()
                emit(.isNull, test, target, type: .boolean)
                terminate(.branch(.truthy(test), then: rest, otherwise: end))
                free(to: test)
            }
            switchTo(rest)
            compileFree(rhs, into: target)
            jump(to: end)
            switchTo(end)
            move(dest, target)
            return
        case .power:
            intrinsic(.power, [lhs, rhs], into: dest, type: .number)
            return
        case .bitAnd, .bitOr, .bitXor, .shiftLeft, .shiftRight:
            let operation: IntrinsicOperation =
                switch op {
                case .bitAnd: .bitAnd
                case .bitOr: .bitOr
                case .bitXor: .bitXor
                case .shiftLeft: .shiftLeft
                default: .shiftRight
                }
            intrinsic(operation, [lhs, rhs], into: dest, type: .number)
            return
        default:
            break
        }
        let mark = top
        let (left, right) = operands(lhs, rhs)
        emitBinary(op, left, right, resultType: module.type(of: expr), into: dest)
        free(to: mark)
    }

    /// One instruction for an arithmetic, comparison or concatenation operator.
    func emitBinary(_ op: BinaryOperator, _ left: UInt16, _ right: UInt16, resultType: TypeID, into dest: UInt16) {
        switch op {
        case .add:
            if resultType == .string { emit(.concat, dest, left, right, type: .string) } else { emit(.add, dest, left, right, type: .number) }
        case .subtract: emit(.sub, dest, left, right, type: .number)
        case .multiply: emit(.mul, dest, left, right, type: .number)
        case .divide: emit(.div, dest, left, right, type: .number)
        case .remainder: emit(.mod, dest, left, right, type: .number)
        case .equal, .strictEqual: emit(.eq, dest, left, right, type: .boolean)
        case .notEqual, .strictNotEqual: emit(.ne, dest, left, right, type: .boolean)
        case .less: emit(.lt, dest, left, right, type: .boolean)
        case .lessEqual: emit(.le, dest, left, right, type: .boolean)
        case .greater: emit(.lt, dest, right, left, type: .boolean)
        case .greaterEqual: emit(.le, dest, right, left, type: .boolean)
        default: break
        }
    }

    /// Calls an intrinsic with `arguments` evaluated into a fresh window.
    func intrinsic(_ operation: IntrinsicOperation, _ arguments: [Expr], into dest: UInt16, type: IRType?) {
        let mark = top
        let base = window(arguments.count, resultIn: dest)
        for (position, argument) in arguments.enumerated() {
            compileFree(argument, into: base + UInt16(position))
        }
        emit(.intrinsic, base, operation.rawValue, UInt16(arguments.count), type: type)
        move(dest, base)
        free(to: mark)
    }

    /// Calls an intrinsic on registers already evaluated.
    func intrinsic(_ operation: IntrinsicOperation, registers: [UInt16], into dest: UInt16, type: IRType?) {
        let mark = top
        let base = window(registers.count, resultIn: dest)
        for (position, register) in registers.enumerated() { move(base + UInt16(position), register) }
        emit(.intrinsic, base, operation.rawValue, UInt16(registers.count), type: type)
        move(dest, base)
        free(to: mark)
    }

    // MARK: Conditions

    /// Branches to `then` when `expr` holds (is true, or for an optional, is not null), else to `otherwise`.
    func branch(_ expr: Expr, then: BlockID, otherwise: BlockID) {
        let mark = top
        defer { free(to: mark) }
        switch expr.kind {
        case .paren(let inner):
            branch(inner, then: then, otherwise: otherwise)
            return
        case .boolean(let flag):
            jump(to: flag ? then : otherwise)
            return
        case .unary(.not, let inner):
            branch(inner, then: otherwise, otherwise: then)
            return
        case .binary(.and, let lhs, let rhs, _):
            let middle = newBlock()
            branch(lhs, then: middle, otherwise: otherwise)
            switchTo(middle)
            branch(rhs, then: then, otherwise: otherwise)
            return
        case .binary(.or, let lhs, let rhs, _):
            let middle = newBlock()
            branch(lhs, then: then, otherwise: middle)
            switchTo(middle)
            branch(rhs, then: then, otherwise: otherwise)
            return
        case .binary(let op, let lhs, let rhs, _) where op.isComparison:
            let (left, right) = operands(lhs, rhs)
            let condition: IRCondition =
                switch op {
                case .less: .less(left, right)
                case .lessEqual: .lessEqual(left, right)
                case .greater: .less(right, left)
                case .greaterEqual: .lessEqual(right, left)
                case .equal, .strictEqual: .equal(left, right)
                default: .notEqual(left, right)
                }
            terminate(.branch(condition, then: then, otherwise: otherwise))
            return
        default:
            break
        }
        let type = module.type(of: expr)
        let value = self.value(expr)
        if types.isOptional(type) {
            let test = allocate()
            emit(.isNull, test, value, type: .boolean)
            terminate(.branch(.truthy(test), then: otherwise, otherwise: then))
        } else {
            terminate(.branch(.truthy(value), then: then, otherwise: otherwise))
        }
    }
}


import CMTBytecode
import CMTSource

extension FunctionLowering {
    // MARK: Members

    func compileMember(_ expr: Expr, base: Expr, name: Identifier, optional: Bool, into dest: UInt16) {
        guard case .field(let owner, let field)? = module.symbol(expr.id, in: expr.span) else {
            module.report(CompilerMessages.unsupportedConstruct("'\(name.name)' used as a value"), at: name.span)
            return
        }
        if field.isStatic {
            staticValue(field, into: dest)
            return
        }
        switch owner.kind {
        case .builtin:
            switch (owner.name, field.name) {
            case ("MessageContext", "sender"): host(.sender, [], into: dest, type: .address)
            case ("MessageContext", "value"): host(.value, [], into: dest, type: .number)
            case ("BlockContext", "height"): host(.blockHeight, [], into: dest, type: .number)
            case ("BlockContext", "time"): host(.blockTime, [], into: dest, type: .number)
            case ("Process", _): processMember(field.name, base: base, into: dest, span: name.span)
            case (_, "length"), (_, "size"):
                guarded(base, optional: optional, into: dest) { object, target in
                    self.emit(.len, target, object, type: .number)
                }
            default:
                middleware(owner.name + "." + field.name, owner: owner.name, at: name.span)
            }
        case .contract:
            readField(owner, field, base: nil, into: dest, span: expr.span)
        case .userClass:
            guard let slot = owner.instanceFields.firstIndex(where: { $0 === field }) else { return }
            guarded(base, optional: optional, into: dest) { object, target in
                self.emit(.getField, target, object, UInt16(slot), type: self.irType(field.type))
            }
        case .interface:
            let mark = top
            guarded(base, optional: optional, into: dest) { object, target in
                self.readInterfaceField(field.name, receiver: owner, object: object, into: target, type: self.irType(field.type))
            }
            free(to: mark)
        }
    }

    /// Evaluates `base`; with `?.` on an optional base, the result is null when the base is, and
    /// `body` runs only when it is not.
    func guarded(_ base: Expr, optional: Bool, into dest: UInt16, _ body: (UInt16, UInt16) -> Void) {
        let object = value(base)
        guard optional, types.isOptional(module.type(of: base)) else {
            body(object, dest)
            return
        }
        whenPresent(object, into: dest) { target in body(object, target) }
    }

    /// `body` computes into its target only when `value` is not null; otherwise the result is null.
    func whenPresent(_ value: UInt16, into dest: UInt16, _ body: (UInt16) -> Void) {
        let target = isVariable(dest) ? allocate() : dest
        let test = allocate()
        emit(.isNull, test, value, type: .boolean)
        let present = newBlock()
        let absent = newBlock()
        let end = newBlock()
        terminate(.branch(.truthy(test), then: absent, otherwise: present))
        switchTo(present)
        body(target)
        jump(to: end)
        switchTo(absent)
        emit(.loadNull, target, type: .null)
        jump(to: end)
        switchTo(end)
        move(dest, target)
    }

    func compileIndex(_ base: Expr, _ index: Expr, optional: Bool, into dest: UInt16) {
        let mark = top
        let object = value(base)
        if optional, types.isOptional(module.type(of: base)) {
            whenPresent(object, into: dest) { target in
                let key = self.value(index)
                self.emit(.getIndex, target, object, key)
            }
        } else {
            var container = object
            if container < statementMark, assignsVariables(index) {
                container = allocate()
                move(container, object)
            }
            let key = value(index)
            emit(.getIndex, dest, container, key)
        }
        free(to: mark)
    }

    // MARK: Calls

    func compileCall(_ expr: Expr, callee: Expr, arguments: [Expr], optional: Bool, into dest: UInt16) {
        var target = callee
        while case .paren(let inner) = target.kind { target = inner }
        if case .callValue(let inner, let value) = target.kind {
            // `handle.f{ value: v }(…)` (the checker allowed only a handle's public function).
            guard case .member(let base, _, let optionalMember) = stripParens(inner).kind,
                  case .method(_, let method)? = module.symbol(inner.id, in: inner.span) else {
                module.report(CompilerMessages.unsupportedConstruct("this call with a value"), at: target.span)
                return
            }
            callContractHandle(method, base: base, optional: optionalMember, arguments: arguments, value: value, into: dest,
                               type: irType(module.type(of: expr)))
            return
        }
        if compileDeploy(target, arguments: arguments, into: dest) { return }
        let symbol = module.symbol(callee.id, in: callee.span) ?? module.symbol(target.id, in: target.span)
        let resultType = irType(module.type(of: expr))
        switch (target.kind, symbol) {
        case (.superRef, _):
            compileSuperCall(arguments)
        case (.member(let base, _, _), .method(_, let method)?) where base.isSuperRef:
            // `super.m(…)`: the base's implementation, without dispatch.
            guard let index = module.index(of: method), let thisRegister else { return }
            callDirect(index, prefix: [thisRegister], arguments: arguments, params: method.params.count, into: dest, type: resultType,
                       rest: method.hasRestParameter)
        case (.member(let base, let name, let optionalMember), .method(let owner, let method)?):
            callMethod(owner, method, base: base, name: name, optional: optionalMember, arguments: arguments, into: dest, type: resultType)
        case (.identifier(let name), .function(let function)?):
            if module.isRuleBuiltin(function) {
                callRuleBuiltin(function.name, arguments: arguments, into: dest)
            } else if function.isBuiltin {
                callBuiltin(name, arguments: arguments, span: target.span, into: dest)
            } else if let index = module.index(of: function) {
                callDirect(index, prefix: [], arguments: arguments, params: function.params.count, into: dest, type: resultType,
                           rest: function.hasRestParameter)
            }
        case (.identifier, .method(let owner, let method)?):
            if owner.kind == .builtin { break }
            if !method.isStatic, let thisRegister, let receiver = self.owner, receiver.kind == .userClass {
                // An abstract method has no index of its own: the subclasses' implementations are called.
                callVirtual(method, receiver: receiver, object: thisRegister, arguments: arguments, into: dest, type: resultType)
                return
            }
            guard let index = module.index(of: method) else { return }
            if method.isStatic || owner.kind == .contract {
                callDirect(index, prefix: [], arguments: arguments, params: method.params.count, into: dest, type: resultType,
                           rest: method.hasRestParameter)
            } else if let thisRegister {
                callDirect(index, prefix: [thisRegister], arguments: arguments, params: method.params.count, into: dest, type: resultType,
                           rest: method.hasRestParameter)
            }
        default:
            callValue(callee, arguments: arguments, optional: optional, into: dest, type: resultType)
        }
    }

    /// `F(prefix…, arguments…)` with missing optional arguments passed as null.
    func callDirect(_ index: UInt16, prefix: [UInt16], arguments: [Expr], params: Int, into dest: UInt16, type: IRType?,
                    rest: Bool = false) {
        let mark = top
        let count = prefix.count + params
        let base = window(count, resultIn: dest)
        for (position, register) in prefix.enumerated() { move(base + UInt16(position), register) }
        fillArguments(arguments, params: params, at: base + UInt16(prefix.count), rest: rest)
        emit(.call, base, index, UInt16(count), type: type)
        move(dest, base)
        free(to: mark)
    }

    /// Puts the arguments in the call window at `base`; a left-out optional argument is null. For a
    /// function with a rest parameter (`rest`), the arguments from the last parameter on (with
    /// `...array` spread) become one new array in the last place.
    func fillArguments(_ arguments: [Expr], params: Int, at base: UInt16, rest: Bool = false) {
        for position in 0..<params {
            let register = base + UInt16(position)
            if rest && position == params - 1 {
                let target = allocate()
                emit(.newArray, target, UInt16(min(max(arguments.count - position, 0), 1024)), type: .reference)
                for argument in arguments.dropFirst(position) {
                    let mark = top
                    if case .spread(let inner) = argument.kind {
                        appendElements(of: value(inner), to: target)
                    } else {
                        emit(.push, target, value(argument))
                    }
                    free(to: mark)
                }
                move(register, target)
                free(to: target)
            } else if position < arguments.count {
                compileFree(arguments[position], into: register)
            } else {
                emit(.loadNull, register, type: .null)
            }
        }
    }

    /// Calls a value of function type (a closure or function reference) with `callRef`.
    func callValue(_ callee: Expr, arguments: [Expr], optional: Bool, into dest: UInt16, type: IRType?) {
        let mark = top
        let calleeType = module.type(of: callee)
        guard case .function(let signature) = types[types.unwrapped(calleeType)] else {
            module.report(CompilerMessages.unsupportedConstruct("this call"), at: callee.span)
            return
        }
        let function = value(callee)
        let params = signature.params.count
        let emitCall = { (target: UInt16) in
            let base = self.allocate()
            for _ in 1..<max(params, 1) { _ = self.allocate() }
            self.fillArguments(arguments, params: params, at: base)
            self.emit(.callRef, base, function, UInt16(params), type: type)
            self.move(target, base)
        }
        if optional, types.isOptional(calleeType) {
            whenPresent(function, into: dest) { target in emitCall(target) }
        } else {
            emitCall(dest)
        }
        free(to: mark)
    }

    func callMethod(_ owner: CMTCompiler.ClassInfo, _ method: FunctionInfo, base: Expr, name: Identifier, optional: Bool,
                    arguments: [Expr], into dest: UInt16, type: IRType?) {
        switch owner.kind {
        case .builtin:
            callBuiltinMethod(owner, method, base: base, name: name, optional: optional, arguments: arguments, into: dest, type: type)
        case .contract:
            if case .this = stripParens(base).kind {} else {
                callContractHandle(method, base: base, optional: optional, arguments: arguments, into: dest, type: type)
                return
            }
            guard let index = module.index(of: method) else { return }
            callDirect(index, prefix: [], arguments: arguments, params: method.params.count, into: dest, type: type, rest: method.hasRestParameter)
        case .userClass where owner.name == "__RuleContext" && module.path(of: owner.nameSpan.file).hasPrefix("<rules of")
            && (method.name == "halt" || method.name == "setFocus"):
            // `drools.halt()` and `drools.setFocus(group)` in a consequence.
            callRuleBuiltin(method.name, arguments: arguments, into: dest)
        case .userClass, .interface:
            if method.isStatic {
                guard let index = module.index(of: method) else { return }
                callDirect(index, prefix: [], arguments: arguments, params: method.params.count, into: dest, type: type, rest: method.hasRestParameter)
                return
            }
            let receiver = receiverClass(of: base) ?? owner
            let mark = top
            guarded(base, optional: optional, into: dest) { object, target in
                self.callVirtual(method, receiver: receiver, object: object, arguments: arguments, into: target, type: type)
            }
            free(to: mark)
        }
    }

    // MARK: new

    func compileNew(_ expr: Expr, name: Identifier, arguments: [Expr], into dest: UInt16) {
        switch module.symbol(expr.id, in: expr.span) {
        case .classType(let info)?:
            guard let index = module.constructorIndex[info.id] else { return }
            callDirect(index, prefix: [], arguments: arguments, params: info.effectiveConstructor?.params.count ?? 0, into: dest,
                       type: .reference, rest: info.effectiveConstructor?.hasRestParameter ?? false)
        default:
            // `new Map<K, V>()` and `new Array<T>()`.
            if name.name == "Map" {
                emit(.newMap, dest, type: .reference)
            } else {
                emit(.newArray, dest, 0, type: .reference)
            }
        }
    }

    // MARK: Closures

    /// Puts a function value for an arrow function or nested function into `dest`: a plain function
    /// reference when it captures nothing, else a closure over the captured variables (their
    /// registers, or their cells) and `this`.
    func makeClosure(name: String, body: PendingClosure.Body, span: Span, into dest: UInt16) {
        guard let (index, slots, capturesThis) = prepareClosure(name: name, body: body, span: span) else { return }
        let count = slots.count + (capturesThis ? 1 : 0)
        if count == 0 {
            emit(.loadFunc, dest, index, type: .function)
            return
        }
        let mark = top
        let base = allocate()
        for _ in 1..<count { _ = allocate() }
        for (position, capture) in slots.enumerated() { move(base + UInt16(position), capture.register) }
        if capturesThis, let thisRegister { move(base + UInt16(slots.count), thisRegister) }
        emit(.closure, dest, index, base, type: .function)
        free(to: mark)
    }

    /// Declares the function of an arrow function or nested function (lowered later) and finds what
    /// it captures: the function index, the registers (or cells) of the captured variables in
    /// capture order, and whether `this` is captured after them. Nil when reported.
    func prepareClosure(name: String, body: PendingClosure.Body, span: Span)
        -> (index: UInt16, captures: [(register: UInt16, isCell: Bool)], capturesThis: Bool)?
    {
        let range: Span
        switch body {
        case .arrow: range = span
        case .nested(let decl):
            let start = decl.params.first?.span.start ?? decl.body?.span.start ?? decl.span.start
            range = Span(file: span.file, start: start, end: span.end)
        }
        var captured: [VariableInfo] = []
        var seen = Set<Span>()
        var usesThis = false
        let inside = { (variable: VariableInfo) in
            variable.span.file == range.file && range.start <= variable.span.start && variable.span.end <= range.end
        }
        ClosureScan.walk(body) { expr in
            switch expr.kind {
            case .this, .superRef: usesThis = true
            case .identifier:
                switch self.module.symbol(expr.id, in: expr.span) {
                case .variable(let variable)?:
                    if variable.kind != .global, !inside(variable), self.module.globalSlots[variable.span] == nil,
                       seen.insert(variable.span).inserted {
                        captured.append(variable)
                    }
                case .field?, .method?: usesThis = true
                default: break
                }
            default: break
            }
        }
        let capturesThis = usesThis && !isContractCode && thisRegister != nil
        var slots: [(VariableInfo, UInt16, Bool)] = []
        for variable in captured {
            switch slot(of: variable) {
            case .register(let register)?: slots.append((variable, register, false))
            case .cell(let register)?: slots.append((variable, register, true))
            default:
                module.report(CompilerMessages.unsupportedConstruct("capturing '\(variable.name)' here"), at: span)
                return nil
            }
        }
        let index = module.declareFunction(name)
        module.pending.append(PendingClosure(
            index: index, name: name, body: body, span: span, captures: slots.map { ($0.0, $0.2) },
            capturesThis: capturesThis, owner: owner))
        return (index, slots.map { (register: $0.1, isCell: $0.2) }, capturesThis)
    }
}

/// Visits every expression of a closure body, nested closures included.
enum ClosureScan {
    static func walk(_ body: PendingClosure.Body, _ visit: (Expr) -> Void) {
        switch body {
        case .arrow(let params, let arrowBody):
            SyntaxWalk.parameters(params) { walk($0, visit) }
            switch arrowBody {
            case .expression(let value): walk(value, visit)
            case .block(let block): for stmt in block.statements { walk(stmt, visit) }
            }
        case .nested(let decl):
            SyntaxWalk.children(of: decl, statement: { walk($0, visit) }, expression: { walk($0, visit) })
        }
    }

    static func walk(_ stmt: Stmt, _ visit: (Expr) -> Void) {
        SyntaxWalk.children(of: stmt, statement: { walk($0, visit) }, expression: { walk($0, visit) })
    }

    static func walk(_ expr: Expr, _ visit: (Expr) -> Void) {
        visit(expr)
        SyntaxWalk.children(of: expr, statement: { walk($0, visit) }, expression: { walk($0, visit) })
    }
}

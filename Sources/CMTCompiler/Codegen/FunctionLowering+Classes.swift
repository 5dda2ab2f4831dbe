import CMTBytecode
import CMTSource

/// Code for class hierarchies (docs/language.md "Inheritance and interfaces"). A class that extends
/// another, or that another extends, gets an `init(this, arguments…)` function besides `new`:
/// `new` allocates the object of the class being created and calls its `init`; a derived class's
/// `super(…)` calls the base's `init` on the same object. A method call on a class that subclasses
/// override, or on an interface, reads the object's class (`classOf`) and calls the implementation
/// of that class; otherwise it is a direct call, as before.
extension FunctionLowering {
    // MARK: Construction

    /// `C.new(arguments…)` of a class in a hierarchy: a new `C`, then `C.init(this, arguments…)`.
    func lowerHierarchyNew(_ info: CMTCompiler.ClassInfo, parameterCount: Int) {
        span = info.nameSpan
        guard let classIndex = module.classIndex[info.id], let initIndex = module.initIndex[info.id] else { return }
        let this = allocate()
        thisRegister = this
        returnsThis = true
        emit(.newObject, this, classIndex, type: .reference)
        let base = allocate()
        for _ in 0..<parameterCount { _ = allocate() }
        move(base, this)
        for position in 0..<parameterCount { move(base + 1 + UInt16(position), UInt16(position)) }
        emit(.call, base, initIndex, UInt16(parameterCount + 1))
        free(to: base)
    }

    /// `C.init(this, arguments…)`: the constructor of `C` on an object created by `new` of `C` or of a
    /// subclass. Without a constructor of its own, a derived class passes its arguments to its base.
    func lowerClassInit(_ info: CMTCompiler.ClassInfo) {
        span = info.nameSpan
        thisRegister = 0
        guard let constructor = info.constructor, let decl = constructor.decl, let body = decl.body else {
            if let base = info.superclass {
                let count = base.effectiveConstructor?.params.count ?? 0
                callBaseInit(base, argumentRegisters: (0..<count).map { UInt16($0 + 1) })
            }
            initializeOwnFields(info, constructor: nil)
            return
        }
        bindParameters(decl.params, first: 1)
        if info.superclass == nil { initializeOwnFields(info, constructor: decl) }
        declareAssignedLocals(in: body.statements)
        lowerStatements(body.statements)
    }

    /// `super(arguments)` in a derived class's constructor: the base's `init` on `this`, then this
    /// class's parameter properties and field initializers (TypeScript's order).
    func compileSuperCall(_ arguments: [Expr]) {
        guard let owner, let base = owner.superclass, let this = thisRegister, let initIndex = module.initIndex[base.id] else { return }
        let constructor = base.effectiveConstructor
        let mark = top
        let count = 1 + (constructor?.params.count ?? 0)
        let window = allocate()
        for _ in 1..<count { _ = allocate() }
        move(window, this)
        fillArguments(arguments, params: count - 1, at: window + 1, rest: constructor?.hasRestParameter ?? false)
        emit(.call, window, initIndex, UInt16(count))
        free(to: mark)
        initializeOwnFields(owner, constructor: owner.constructor?.decl)
    }

    private func callBaseInit(_ base: CMTCompiler.ClassInfo, argumentRegisters: [UInt16]) {
        guard let this = thisRegister, let initIndex = module.initIndex[base.id] else { return }
        let mark = top
        let window = allocate()
        for _ in argumentRegisters { _ = allocate() }
        move(window, this)
        for (position, register) in argumentRegisters.enumerated() { move(window + 1 + UInt16(position), register) }
        emit(.call, window, initIndex, UInt16(argumentRegisters.count + 1))
        free(to: mark)
    }

    /// The parameter properties (`constructor(private rate: number)`) and field initializers of the
    /// fields `info` declares itself, in that order.
    func initializeOwnFields(_ info: CMTCompiler.ClassInfo, constructor: FunctionDecl?) {
        guard let this = thisRegister else { return }
        let fields = info.instanceFields
        if let constructor {
            // Parameters start after `this` in an `init` function, at 0 in a plain `new`.
            let first: UInt16 = module.initIndex[info.id] != nil ? 1 : 0
            for (position, param) in constructor.params.enumerated() where param.propertyModifiers != nil {
                guard let slot = fields.firstIndex(where: { $0.isParameterProperty && $0.decl.name.span == param.name.span }) else { continue }
                // A parameter the body never names has no variable: it is still in its register.
                guard let variable = parameterVariable(param), let location = self.slot(of: variable) else {
                    emit(.setField, this, UInt16(slot), first + UInt16(position))
                    continue
                }
                let mark = top
                let value = allocate()
                read(location, into: value, type: irType(variable.type))
                emit(.setField, this, UInt16(slot), value)
                free(to: mark)
            }
        }
        for (slot, field) in fields.enumerated() where field.owner === info {
            guard let initializer = field.decl.initializer else { continue }
            at(initializer.span) {
                let mark = top
                let value = self.value(initializer)
                emit(.setField, this, UInt16(slot), value)
                free(to: mark)
            }
        }
    }

    // MARK: Dispatch

    /// The concrete classes a value of static class `info` may be, grouped by what `choose` picks
    /// for each (same pick, one group), in declaration order.
    func dispatchGroups<T>(_ info: CMTCompiler.ClassInfo, _ choose: (CMTCompiler.ClassInfo) -> T?, same: (T, T) -> Bool)
        -> [(classes: [UInt16], pick: T)]
    {
        var groups: [(classes: [UInt16], pick: T)] = []
        for candidate in module.checked.concreteClasses[info.id] ?? [] {
            guard let pick = choose(candidate), let index = module.classIndex[candidate.id] else { continue }
            if let position = groups.firstIndex(where: { same($0.pick, pick) }) {
                groups[position].classes.append(index)
            } else {
                groups.append(([index], pick))
            }
        }
        return groups
    }

    /// Runs `body(pick, target)` for the group whose classes hold the class of `object`: a chain of
    /// class tests, the last group without a test (the checker proved the object is one of them).
    func dispatch<T>(on object: UInt16, groups: [(classes: [UInt16], pick: T)], into dest: UInt16, _ body: (T, UInt16) -> Void) {
        guard groups.count > 1 else {
            if let only = groups.first { body(only.pick, dest) }
            return
        }
        let mark = top
        let tag = allocate()
        let window = allocate()
        move(window, object)
        emit(.intrinsic, window, IntrinsicOperation.classOf.rawValue, 1, type: .number)
        move(tag, window)
        free(to: window)
        let end = newBlock()
        for (position, group) in groups.enumerated() {
            let isLast = position == groups.count - 1
            let run = newBlock()
            if !isLast {
                let next = newBlock()
                for (test, index) in group.classes.enumerated() {
                    let other = test == group.classes.count - 1 ? next : newBlock()
                    if let immediate = Int16(exactly: index) {
                        terminate(.branch(.equalImmediate(tag, immediate), then: run, otherwise: other))
                    } else {
                        let number = allocate()
                        emit(.loadK, number, module.constant(.number(Decimal18(Int64(index)))), type: .number)
                        terminate(.branch(.equal(tag, number), then: run, otherwise: other))
                        free(to: number)
                    }
                    switchTo(other)
                }
                switchTo(run)
                body(group.pick, dest)
                jump(to: end)
                switchTo(next)
            } else {
                jump(to: run)
                switchTo(run)
                body(group.pick, dest)
                jump(to: end)
            }
        }
        switchTo(end)
        free(to: mark)
    }

    /// The static class of a receiver expression (through optionals), if it is a user class or interface.
    func receiverClass(of base: Expr) -> CMTCompiler.ClassInfo? {
        guard case .instance(let id, _) = types[types.unwrapped(module.type(of: base))] else { return nil }
        let info = module.checked.classes[Int(id.rawValue)]
        return info.kind == .userClass || info.kind == .interface ? info : nil
    }

    /// Calls instance method `method` on `object` whose static class is `receiver`: directly when
    /// every class it may be runs the same implementation, else by the object's class.
    func callVirtual(_ method: FunctionInfo, receiver: CMTCompiler.ClassInfo, object: UInt16, arguments: [Expr], into dest: UInt16,
                     type: IRType?) {
        let groups = dispatchGroups(receiver, { candidate in candidate.methods[method.name] }, same: { $0 === $1 })
        guard groups.count > 1 else {
            let target = groups.first?.pick ?? method
            guard let index = module.index(of: target) else { return }
            callDirect(index, prefix: [object], arguments: arguments, params: target.params.count, into: dest, type: type,
                       rest: target.hasRestParameter)
            return
        }
        // Arguments are computed once, before the class test, as for a direct call.
        let mark = top
        let count = 1 + method.params.count
        let window = allocate()
        for _ in 1..<count { _ = allocate() }
        move(window, object)
        fillArguments(arguments, params: method.params.count, at: window + 1, rest: method.hasRestParameter)
        let result = allocate()
        dispatch(on: window, groups: groups, into: result) { implementation, target in
            guard let index = module.index(of: implementation) else { return }
            // An override may take fewer parameters (the extra arguments are dropped) or more
            // optional ones (null, so their defaults apply).
            let own = 1 + implementation.params.count
            let call = allocate()
            for _ in 1..<own { _ = allocate() }
            for position in 0..<own {
                if position < count {
                    move(call + UInt16(position), window + UInt16(position))
                } else {
                    emit(.loadNull, call + UInt16(position), type: .null)
                }
            }
            emit(.call, call, index, UInt16(own), type: type)
            move(target, call)
            free(to: call)
        }
        move(dest, result)
        free(to: mark)
    }

    /// Reads field `name` of `object` whose static type is an interface: the slot of the object's class.
    func readInterfaceField(_ name: String, receiver: CMTCompiler.ClassInfo, object: UInt16, into dest: UInt16, type: IRType?) {
        let groups = dispatchGroups(receiver, { candidate in candidate.instanceFields.firstIndex { $0.name == name } }, same: { $0 == $1 })
        let result = allocate()
        dispatch(on: object, groups: groups, into: result) { slot, target in
            emit(.getField, target, object, UInt16(slot), type: type)
        }
        move(dest, result)
        free(to: result)
    }
}

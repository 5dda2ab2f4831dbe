import CMTSource

/// `super(…)`, `super.method(…)`, `this` before `super(…)`, and `private`/`protected` access, as in
/// TypeScript (docs/language.md "Inheritance and interfaces").
extension BodyChecker {
    /// The checker of the constructor this code is in, looking through arrow functions.
    var enclosingConstructor: BodyChecker? {
        var body: BodyChecker? = self
        while let current = body {
            if current.context != .arrow { return current.function?.kind == .constructor ? current : nil }
            body = current.parent
        }
        return nil
    }

    /// In the constructor of a class with a base class: finds the `super(…)` statement (it must be a
    /// statement at the top level of the body) so that `this` is refused until it has run.
    func prepareSuperCall(_ body: Block) {
        guard let function, function.kind == .constructor, function.owner?.superclass != nil else { return }
        superCalled = false
        for stmt in body.statements {
            if case .expression(let expr) = stmt.kind, case .call(let callee, _, _) = expr.kind, case .superRef = stripParens(callee).kind {
                superCallID = expr.id
                return
            }
        }
    }

    /// After a derived class's constructor: `super(…)` must have been called.
    func finishSuperCall(_ decl: FunctionDecl) {
        guard let function, function.kind == .constructor, let owner = function.owner, owner.superclass != nil, superCallID == nil,
              !sawMisplacedSuperCall else { return }
        report(CompilerMessages.superNotCalled(owner.name), at: decl.name.span,
               helps: ["call the base class's constructor first: 'super(…);'"])
    }

    /// Reports `this` (or a bare field or method name) used before `super(…)` in a derived constructor.
    func requireSuperCalled(at span: Span) {
        // Without a `super(…)` statement at all, E0304 says what is wrong; one message per constructor.
        guard let constructor = enclosingConstructor, !constructor.superCalled, constructor.superCallID != nil,
              !constructor.reportedThisBeforeSuper else { return }
        report(CompilerMessages.thisBeforeSuper, at: span, helps: ["call 'super(…)' before using 'this' or the object's members"])
        constructor.reportedThisBeforeSuper = true
    }

    /// `super(arguments)`: the base class's constructor, once, as a statement of a derived class's
    /// constructor.
    func checkSuperCall(_ arguments: [Expr], expr: Expr) -> TypeID {
        guard context != .arrow, let function, function.kind == .constructor, let owner = function.owner, let base = owner.superclass else {
            report(CompilerMessages.misplacedSuper("'super(…)' is only called in the constructor of a class that extends another"), at: expr.span)
            checkArgumentsLoosely(arguments)
            return .error
        }
        guard superCallID == expr.id, !superCalled else {
            sawMisplacedSuperCall = true
            report(CompilerMessages.misplacedSuper("'super(…)' is called once, as a statement at the top level of the constructor"), at: expr.span)
            checkArgumentsLoosely(arguments)
            return .void
        }
        if let constructor = base.effectiveConstructor {
            checkArguments(arguments, params: constructor.params.map(\.type), required: constructor.requiredCount,
                           calleeName: "the constructor of '\(base.name)'", declaredAt: constructor.span, callSpan: expr.span,
                           hasRest: constructor.hasRestParameter)
        } else if !arguments.isEmpty {
            report(CompilerMessages.wrongArgumentCount("the constructor of '\(base.name)'", expected: "0 arguments", found: arguments.count),
                   at: arguments[0].span.merged(with: arguments[arguments.count - 1].span))
            checkArgumentsLoosely(arguments)
        }
        superCalled = true
        return .void
    }

    /// `super.name(arguments)`: the base class's method, called on `this` without dynamic dispatch.
    func checkSuperMethodCall(_ name: Identifier, callee: Expr, arguments: [Expr], superExpr: Expr) -> TypeID {
        guard let owner = enclosingOwner, owner.kind == .userClass, let base = owner.superclass, !enclosingIsStatic else {
            report(CompilerMessages.misplacedSuper("'super.\(name.name)(…)' is only called in the instance methods of a class that extends another"),
                   at: superExpr.span)
            checkArgumentsLoosely(arguments)
            return .error
        }
        requireSuperCalled(at: superExpr.span)
        guard let method = base.methods[name.name], !method.isStatic else {
            reportUnknownMember(name, of: types.intern(.instance(base.id, [])))
            checkArgumentsLoosely(arguments)
            return .error
        }
        checkAccess(method.decl?.modifiers, name: name.name, declaredIn: method.owner, at: name.span)
        if method.decl?.modifiers.isAbstract == true {
            report(CompilerMessages.abstractSuperCall(name.name, owner: method.owner?.name ?? base.name), at: name.span)
        }
        record(callee.id, in: file, symbol: .method(base, method))
        record(superExpr, types.intern(.instance(base.id, [])))
        forgetFieldNarrowing()
        return callFunction(method, typeArguments: [], arguments: arguments, name: name)
    }

    /// Reports a `private` member used outside its class, or a `protected` one outside the class
    /// and its subclasses (classes only: a contract's members are reached through its ABI).
    func checkAccess(_ modifiers: Modifiers?, name: String, declaredIn owner: ClassInfo?, at span: Span) {
        guard let modifiers, modifiers.isPrivate || modifiers.isProtected, let owner, owner.kind == .userClass else { return }
        let here = enclosingOwner
        if modifiers.isPrivate, here !== owner {
            report(CompilerMessages.memberNotAccessible(name, level: "private", owner: owner.name), at: span)
        } else if modifiers.isProtected, !(here.map { $0.kind == .userClass && $0.isSubclass(of: owner) } ?? false) {
            report(CompilerMessages.memberNotAccessible(name, level: "protected", owner: owner.name), at: span,
                   helps: ["a protected member is used inside '\(owner.name)' and the classes that extend it"])
        }
    }
}

extension Expr {
    /// Whether this is `super`.
    var isSuperRef: Bool {
        if case .superRef = kind { return true }
        return false
    }
}

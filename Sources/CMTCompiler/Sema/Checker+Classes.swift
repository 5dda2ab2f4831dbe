import CMTSource

/// Class hierarchies: `extends` and `implements` resolution, inherited members, parameter
/// properties, overriding, abstract classes, and structural interface conformance (TypeScript's
/// rules; docs/language.md "Inheritance and interfaces").
extension Checker {
    // MARK: Resolving the hierarchy

    /// Resolves every class's base class and interfaces, then breaks and reports cycles.
    func resolveHierarchy() {
        for info in classes where info.kind == .userClass || info.kind == .interface {
            guard let decl = info.declaration else { continue }
            if let repr = decl.superclass, let base = resolveSupertype(repr, of: info, wantInterface: false) {
                info.superclass = base
                base.subclasses.append(info)
            }
            for repr in decl.interfaces {
                if let interface = resolveSupertype(repr, of: info, wantInterface: true) { info.interfaces.append(interface) }
            }
        }
        for info in classes where info.superclass != nil {
            var seen: [ClassInfo] = [info]
            var next = info.superclass
            while let current = next {
                if current === info {
                    report(CompilerMessages.inheritanceCycle(info.name), at: info.declaration?.superclass?.span ?? info.nameSpan)
                    if let base = info.superclass { base.subclasses.removeAll { $0 === info } }
                    info.superclass = nil
                    break
                }
                if seen.contains(where: { $0 === current }) { break }
                seen.append(current)
                next = current.superclass
            }
        }
        for info in classes where info.kind == .interface && !info.interfaces.isEmpty {
            if interfaceClosure(of: info, stoppingAt: info) {
                report(CompilerMessages.inheritanceCycle(info.name), at: info.declaration?.interfaces.first?.span ?? info.nameSpan)
                info.interfaces = []
            }
        }
    }

    /// Whether `target` is reached from `info`'s parent interfaces (an explicit stack: no recursion).
    private func interfaceClosure(of info: ClassInfo, stoppingAt target: ClassInfo) -> Bool {
        var stack = info.interfaces
        var seen: [ClassInfo] = []
        while let current = stack.popLast() {
            if current === target { return true }
            guard !seen.contains(where: { $0 === current }) else { continue }
            seen.append(current)
            stack.append(contentsOf: current.interfaces)
        }
        return false
    }

    private func resolveSupertype(_ repr: TypeRepr, of info: ClassInfo, wantInterface: Bool) -> ClassInfo? {
        let type = resolveType(repr, typeParams: info.typeParams)
        guard case .instance(let id, let arguments) = types[type] else {
            if type != .error {
                report(wantInterface ? CompilerMessages.notAnInterface(types.describe(type))
                                     : CompilerMessages.invalidBase(types.describe(type), "only a class can be extended"), at: repr.span)
            }
            return nil
        }
        let target = classes[Int(id.rawValue)]
        if !arguments.isEmpty || !info.typeParams.isEmpty || !target.typeParams.isEmpty {
            report(CompilerMessages.unsupported("a generic class or interface in a class hierarchy"), at: repr.span,
                   helps: ["inheritance and 'implements' work between classes and interfaces without type parameters"])
            return nil
        }
        // An interface lists only interfaces after `extends`; a class extends a class.
        let wantsInterface = wantInterface || info.kind == .interface
        switch target.kind {
        case .interface where wantsInterface: return target
        case .userClass where !wantsInterface: return target
        case .interface:
            report(CompilerMessages.invalidBase(target.name, "it is an interface"), at: repr.span,
                   helps: ["a class implements an interface: 'class \(info.name) implements \(target.name)'"])
        case .userClass, .builtin, .contract:
            if wantsInterface {
                report(CompilerMessages.notAnInterface(target.name), at: repr.span)
            } else {
                report(CompilerMessages.invalidBase(target.name, target.kind == .contract ? "it is a contract" : "it is a built-in type"), at: repr.span)
            }
        }
        return nil
    }

    /// Gives a class its base class's fields and methods (same slots, same functions), or an
    /// interface its parent interfaces' members. The base's members are resolved already.
    func inheritMembers(_ info: ClassInfo) {
        if let base = info.superclass {
            for field in base.fields {
                info.fields.append(field)
                info.fieldsByName[field.name] = field
            }
            for method in base.methodOrder {
                info.methods[method.name] = method
                info.methodOrder.append(method)
            }
        }
        guard info.kind == .interface else { return }
        var pending = info.interfaces
        var visited: [ClassInfo] = []
        while let parent = pending.popLast() {
            guard !visited.contains(where: { $0 === parent }) else { continue }
            visited.append(parent)
            if !parent.membersResolved {
                parent.membersResolved = true
                resolveMembers(parent)
            }
            for field in parent.fields where info.fieldsByName[field.name] == nil {
                info.fields.append(field)
                info.fieldsByName[field.name] = field
            }
            for method in parent.methodOrder where info.methods[method.name] == nil {
                info.methods[method.name] = method
                info.methodOrder.append(method)
            }
        }
    }

    /// `constructor(private rate: number)`: declares the field `rate` of the class.
    func declareParameterProperties(_ decl: FunctionDecl, function: FunctionInfo, in info: ClassInfo) {
        for (param, paramInfo) in zip(decl.params, function.params) {
            guard let modifiers = param.propertyModifiers else { continue }
            guard info.kind == .userClass, !param.name.isMissing, !param.isRest else {
                report(CompilerMessages.misplacedParameterProperty(param.name.isMissing ? "the pattern" : param.name.name), at: param.span)
                continue
            }
            if let existing = info.fieldsByName[param.name.name] {
                let message = existing.owner === info ? CompilerMessages.duplicateMember(param.name.name, owner: info.name)
                                                      : CompilerMessages.fieldRedeclared(param.name.name, base: existing.owner.name)
                report(message, at: param.name.span, notes: [Note("first declared here", at: existing.decl.name.span)])
                continue
            }
            let fieldDecl = FieldDecl(id: param.id, modifiers: modifiers, name: param.name, type: param.type, initializer: nil, doc: nil,
                                      span: param.span)
            let field = FieldInfo(name: param.name.name, decl: fieldDecl, file: info.file, index: info.fields.count, owner: info)
            fieldSerial += 1
            field.serial = fieldSerial
            field.type = paramInfo.type
            field.resolution = .resolved
            field.isParameterProperty = true
            info.fields.append(field)
            info.fieldsByName[param.name.name] = field
        }
    }

    /// A method of `info` that replaces an inherited one; checked once every signature is known.
    func override(_ inherited: FunctionInfo, with method: FunctionInfo, in info: ClassInfo) {
        info.methods[method.name] = method
        if let position = info.methodOrder.firstIndex(where: { $0 === inherited }) {
            info.methodOrder[position] = method
        } else {
            info.methodOrder.append(method)
        }
        overrides.append((method, inherited))
    }

    // MARK: Rules checked after the bodies

    /// Abstract members, overrides, parameter properties and `implements` of one class or interface.
    func checkHierarchyRules(_ info: ClassInfo) {
        switch info.kind {
        case .userClass: checkClassRules(info)
        case .interface: checkInterfaceMembers(info)
        case .builtin, .contract: break
        }
    }

    private func checkClassRules(_ info: ClassInfo) {
        for member in info.members {
            switch member {
            case .field(let field) where field.modifiers.isAbstract:
                report(CompilerMessages.misplacedAbstract("only a class or a method can be abstract"), at: field.name.span)
            case .method(let method) where method.modifiers.isAbstract:
                if method.kind == .constructor {
                    report(CompilerMessages.misplacedAbstract("a constructor cannot be abstract"), at: method.name.span)
                } else if !info.isAbstract {
                    report(CompilerMessages.misplacedAbstract("'\(method.name.name)' is abstract, so '\(info.name)' must be declared 'abstract class'"),
                           at: method.name.span)
                } else if method.body != nil {
                    report(CompilerMessages.misplacedAbstract("the abstract method '\(method.name.name)' cannot have a body"), at: method.name.span)
                } else if method.modifiers.isStatic || method.modifiers.isPrivate {
                    report(CompilerMessages.misplacedAbstract("an abstract method cannot be \(method.modifiers.isStatic ? "static" : "private")"),
                           at: method.name.span)
                }
            default: break
            }
        }
        if !info.isAbstract {
            // An abstract method of this very class is E0310 already.
            for method in info.methodOrder where method.decl?.modifiers.isAbstract == true && method.owner !== info {
                report(CompilerMessages.abstractNotImplemented(info.name, method: method.name, owner: method.owner?.name ?? info.name),
                       at: info.nameSpan, notes: [Note("declared abstract here", at: method.span)])
            }
        }
        for (method, inherited) in overrides where method.owner === info {
            if let problem = overrideProblem(method, replacing: inherited) {
                report(CompilerMessages.incompatibleOverride(method.name, base: inherited.owner?.name ?? "?", problem), at: method.span ?? info.nameSpan,
                       notes: [Note("the overridden method", at: inherited.span)])
            }
        }
        guard let decl = info.declaration else { return }
        for (repr, interface) in zip(decl.interfaces, info.interfaces) {
            if let problem = conformanceProblem(info, to: interface) {
                report(CompilerMessages.interfaceNotImplemented(info.name, interface: interface.name, problem), at: repr.span,
                       notes: [Note("'\(interface.name)' is declared here", at: interface.nameSpan)])
            }
        }
    }

    private func checkInterfaceMembers(_ info: ClassInfo) {
        for member in info.members {
            switch member {
            case .field(let field):
                if field.initializer != nil || field.modifiers.isStatic || field.modifiers.isPrivate || field.modifiers.isProtected {
                    report(CompilerMessages.interfaceMemberInvalid("'\(field.name.name)' of an interface is a plain 'name: Type' without a value or modifiers"),
                           at: field.name.span)
                }
            case .method(let method):
                if method.kind == .constructor || method.body != nil || method.modifiers.isStatic || method.modifiers.isPrivate
                    || method.modifiers.isProtected {
                    report(CompilerMessages.interfaceMemberInvalid("'\(method.name.name)' of an interface is a signature 'name(params): Type;' without a body or modifiers"),
                           at: method.name.span)
                }
            case .event(let event):
                report(CompilerMessages.interfaceMemberInvalid("an interface cannot declare events"), at: event.name.span)
            }
        }
    }

    /// Why `method` cannot replace `inherited` (TypeScript's rules, checked soundly: parameters
    /// accept at least what the base's accept, the result fits the base's result), or nil.
    func overrideProblem(_ method: FunctionInfo, replacing inherited: FunctionInfo) -> String? {
        if method.isStatic != inherited.isStatic {
            return inherited.isStatic ? "the base method is static" : "the base method is not static"
        }
        if let modifiers = inherited.decl?.modifiers, modifiers.isPrivate {
            return "'\(inherited.name)' is private in '\(inherited.owner?.name ?? "?")'"
        }
        let base = inherited.decl?.modifiers ?? Modifiers()
        let own = method.decl?.modifiers ?? Modifiers()
        if own.isPrivate || (own.isProtected && !base.isProtected) {
            return "it is \(own.isPrivate ? "private" : "protected") but the base method is not"
        }
        return signatureProblem(method, against: inherited)
    }

    /// Why `method` cannot stand where `expected` is called (parameter count and types, result), or nil.
    func signatureProblem(_ method: FunctionInfo, against expected: FunctionInfo) -> String? {
        if method.requiredCount > expected.params.count {
            return "it requires \(method.requiredCount) arguments where '\(expected.name)' takes \(expected.params.count)"
        }
        for (position, (own, base)) in zip(method.params, expected.params).enumerated() where !isAssignable(base.type, to: own.type) {
            return "parameter \(position + 1) has type '\(types.describe(own.type))', which does not accept '\(types.describe(base.type))'"
        }
        if method.params.count < expected.params.count, method.hasRestParameter != expected.hasRestParameter, method.hasRestParameter {
            return "its rest parameter does not line up with the parameters of '\(expected.name)'"
        }
        let result = resultType(of: method, at: method.span ?? Span.point(method.file, 0))
        let expectedResult = resultType(of: expected, at: expected.span ?? Span.point(expected.file, 0))
        if expectedResult != .void, !isAssignable(result, to: expectedResult) {
            return "it returns '\(types.describe(result))' where '\(types.describe(expectedResult))' is expected"
        }
        return nil
    }

    // MARK: Subtyping

    /// Whether an instance of `source` may stand where `target` is expected: a subclass for its
    /// base class, any class or interface with the members of an interface (structural, as in
    /// TypeScript).
    func isSubtype(_ source: ClassInfo, of target: ClassInfo) -> Bool {
        if source === target { return true }
        switch (source.kind, target.kind) {
        case (.userClass, .userClass): return source.isSubclass(of: target)
        case (.userClass, .interface), (.interface, .interface):
            return conformanceProblem(source, to: target) == nil
        default: return false
        }
    }

    /// Why `source` lacks the members of `interface` (the first problem found), or nil when it has
    /// them all. Results are cached; a recursive question is assumed to hold while it is asked.
    func conformanceProblem(_ source: ClassInfo, to interface: ClassInfo) -> String? {
        let key = [source.id.rawValue, interface.id.rawValue]
        if let known = conformanceCache[key] { return known.isEmpty ? nil : known }
        conformanceCache[key] = ""
        let problem = findConformanceProblem(source, to: interface)
        conformanceCache[key] = problem ?? ""
        return problem
    }

    private func findConformanceProblem(_ source: ClassInfo, to interface: ClassInfo) -> String? {
        for field in interface.instanceFields {
            guard let own = source.fieldsByName[field.name], !own.isStatic else {
                return source.methods[field.name] == nil ? "it has no field '\(field.name)'" : "'\(field.name)' is a method, not a field"
            }
            if own.decl.modifiers.isPrivate || own.decl.modifiers.isProtected {
                return "'\(field.name)' is \(own.decl.modifiers.isPrivate ? "private" : "protected")"
            }
            let ownType = fieldType(own)
            let expected = fieldType(field)
            if !isAssignable(ownType, to: expected) {
                return "'\(field.name)' has type '\(types.describe(ownType))', not '\(types.describe(expected))'"
            }
        }
        for method in interface.methodOrder where !method.isStatic {
            guard let own = source.methods[method.name], !own.isStatic else {
                return "it has no method '\(method.name)'"
            }
            if own.decl?.modifiers.isPrivate == true || own.decl?.modifiers.isProtected == true {
                return "'\(method.name)' is not public"
            }
            if let problem = signatureProblem(own, against: method) { return "'\(method.name)': \(problem)" }
        }
        return nil
    }

    /// The nearest class both instances belong to, for `cond ? new Car() : new Truck()`.
    func commonBase(_ a: ClassInfo, _ b: ClassInfo) -> ClassInfo? {
        guard a.kind == .userClass, b.kind == .userClass else { return nil }
        return a.lineage.first { b.isSubclass(of: $0) }
    }

    /// The concrete classes whose instances a value of class or interface `info` may be: the class
    /// and its subclasses, or every class conforming to the interface; in declaration order.
    func concreteClasses(conformingTo info: ClassInfo) -> [ClassInfo] {
        switch info.kind {
        case .userClass: return info.descendants.filter(\.isInstantiable).sorted { $0.id.rawValue < $1.id.rawValue }
        case .interface: return classes.filter { $0.isInstantiable && $0.typeParams.isEmpty && isSubtype($0, of: info) }
        case .builtin, .contract: return []
        }
    }

    /// ``CheckedModule/concreteClasses`` for every user class and interface.
    func concreteClassTable() -> [ClassID: [ClassInfo]] {
        var table: [ClassID: [ClassInfo]] = [:]
        for info in classes where info.kind == .userClass || info.kind == .interface {
            table[info.id] = concreteClasses(conformingTo: info)
        }
        return table
    }
}

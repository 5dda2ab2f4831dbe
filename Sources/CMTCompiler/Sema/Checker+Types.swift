import CMTSource

extension Checker {
    /// Resolves a type as written to a ``TypeID``, reporting unknown names and misuse.
    func resolveType(_ repr: TypeRepr, typeParams: [String], allowAny: Bool = false, allowVoid: Bool = false) -> TypeID {
        switch repr.kind {
        case .error:
            return .error
        case .array(let element):
            return types.array(resolveType(element, typeParams: typeParams, allowAny: allowAny))
        case .optional(let inner):
            let wrapped = resolveType(inner, typeParams: typeParams, allowAny: allowAny)
            if types.isOptional(wrapped) && wrapped != .error {
                report(CompilerMessages.doubleOptional(types.describe(wrapped)), at: repr.span)
            }
            return types.optional(wrapped)
        case .function(let params, let result):
            let paramTypes = params.map { resolveType($0, typeParams: typeParams, allowAny: allowAny) }
            let resultType = resolveType(result, typeParams: typeParams, allowAny: allowAny, allowVoid: true)
            return types.function(paramTypes, result: resultType)
        case .named(let name, let arguments):
            let type = resolveNamedType(name, arguments: arguments, typeParams: typeParams, allowAny: allowAny, span: repr.span)
            if type == .void && !allowVoid {
                report(CompilerMessages.voidNotAllowed, at: repr.span)
                return .error
            }
            return type
        }
    }

    private func resolveNamedType(_ name: Identifier, arguments: [TypeRepr], typeParams: [String], allowAny: Bool, span: Span) -> TypeID {
        func noArguments(_ type: TypeID) -> TypeID {
            if !arguments.isEmpty {
                report(CompilerMessages.wrongTypeArgumentCount(name.name, expected: 0, found: arguments.count), at: span)
            }
            return type
        }
        switch name.name {
        case "number": return noArguments(.number)
        case "boolean": return noArguments(.boolean)
        case "string": return noArguments(.string)
        case "bytes": return noArguments(.bytes)
        case "address": return noArguments(.address)
        case "void": return noArguments(.void)
        case "never": return noArguments(.never)
        case "null": return noArguments(.null)
        case "any" where allowAny: return noArguments(.any)
        case "object" where allowAny: return noArguments(.object)
        case "Map":
            if globals["Map"] == nil {
                guard arguments.count == 2 else {
                    report(CompilerMessages.wrongTypeArgumentCount("Map", expected: 2, found: arguments.count), at: span)
                    return .error
                }
                let key = resolveType(arguments[0], typeParams: typeParams, allowAny: allowAny)
                let value = resolveType(arguments[1], typeParams: typeParams, allowAny: allowAny)
                checkMapKey(key, span: arguments[0].span)
                return types.map(key, value)
            }
        case "Array":
            if globals["Array"] == nil {
                guard arguments.count == 1 else {
                    report(CompilerMessages.wrongTypeArgumentCount("Array", expected: 1, found: arguments.count), at: span)
                    return .error
                }
                return types.array(resolveType(arguments[0], typeParams: typeParams, allowAny: allowAny))
            }
        default:
            break
        }
        if let index = typeParams.lastIndex(of: name.name) {
            return noArguments(types.intern(.parameter(index)))
        }
        if case .classType(let info)? = lookupGlobal(name.name), !isPrimitiveMemberClass(info) {
            if rejectsTableType(info, allowAny: allowAny, span: span) { return .error }
            guard arguments.count == info.typeParams.count else {
                report(CompilerMessages.wrongTypeArgumentCount(name.name, expected: info.typeParams.count, found: arguments.count), at: span)
                return .error
            }
            let argumentTypes = arguments.map { resolveType($0, typeParams: typeParams, allowAny: allowAny) }
            return types.intern(.instance(info.id, argumentTypes))
        }
        let candidates = ["number", "boolean", "string", "bytes", "address", "void", "Map"]
            + globals.compactMap { key, value in if case .classType = value { key } else { nil } }
            + typeParams
        let suggestion = Spelling.closest(to: name.name, among: candidates)
        var helps: [String] = []
        if name.name == "int" || name.name == "float" || name.name == "decimal" || name.name == "bigint" {
            helps.append("CMT has one number type, 'number', an exact decimal")
        } else if name.name == "bool" {
            helps.append("the boolean type is written 'boolean'")
        }
        report(CompilerMessages.unknownType(name.name), at: name.span,
               fixIts: suggestion.map { [.replace(name.span, with: $0, message: "did you mean '\($0)'?")] } ?? [],
               helps: helps)
        return .error
    }

    /// The prelude's classes that only describe members of built-in values are not types of their own.
    func isPrimitiveMemberClass(_ info: ClassInfo) -> Bool {
        info.kind == .builtin && ["String", "Number", "Bytes", "Address", "Array", "Map", "Math"].contains(info.name)
    }

    func checkMapKey(_ key: TypeID, span: Span) {
        switch types[key] {
        case .string, .number, .address, .boolean, .error: break
        default: report(CompilerMessages.invalidMapKey(types.describe(key)), at: span)
        }
    }

    /// Whether a value of type `source` may be stored where `target` is expected.
    func isAssignable(_ source: TypeID, to target: TypeID) -> Bool {
        if source == target { return true }
        switch (types[source], types[target]) {
        case (.error, _), (_, .error), (.never, _), (_, .any): return true
        case (.null, .optional): return true
        case (.instance(let id, _), .object): return classes[Int(id.rawValue)].kind != .contract
        case (.instance(let id, let arguments), .instance(let targetID, let targetArguments)):
            // A subclass for its base, a class or interface for an interface it has the members of.
            guard arguments.isEmpty, targetArguments.isEmpty else { return false }
            return isSubtype(classes[Int(id.rawValue)], of: classes[Int(targetID.rawValue)])
        // Only built-ins take `any`, and they never store into the container: a map or array of any
        // value type may be passed where one of `any` is expected (`start_process(path, variables)`).
        case (.map(let key, _), .map(let targetKey, let targetValue)) where types[targetValue] == .any:
            return isAssignable(key, to: targetKey)
        case (.array, .array(let targetElement)) where types[targetElement] == .any:
            return true
        case (.optional(let inner), .optional(let targetInner)): return isAssignable(inner, to: targetInner)
        case (_, .optional(let inner)): return isAssignable(source, to: inner)
        case (.function(let from), .function(let to)):
            // Parameters must match exactly; a callee that ignores extra optional parameters is fine.
            guard from.params.count >= to.params.count, from.requiredCount <= to.params.count else { return false }
            for (a, b) in zip(from.params, to.params) where a != b && types[a] != .error && types[b] != .error { return false }
            return to.result == .void || isAssignable(from.result, to: to.result)
        default: return false
        }
    }

    /// The smallest type both values fit in, for conditional expressions and inferred returns.
    func join(_ a: TypeID, _ b: TypeID) -> TypeID? {
        if a == b { return a }
        switch (types[a], types[b]) {
        case (.error, _): return b
        case (_, .error): return a
        case (.never, _): return b
        case (_, .never): return a
        case (.null, .null): return a
        case (.null, _): return types[b] == .void ? nil : types.optional(b)
        case (_, .null): return types[a] == .void ? nil : types.optional(a)
        default:
            if isAssignable(a, to: b) { return b }
            if isAssignable(b, to: a) { return a }
            if case .instance(let first, let firstArguments) = types[a], case .instance(let second, let secondArguments) = types[b],
               firstArguments.isEmpty, secondArguments.isEmpty,
               let base = commonBase(classes[Int(first.rawValue)], classes[Int(second.rawValue)]) {
                return types.intern(.instance(base.id, []))
            }
            return nil
        }
    }

    /// Whether values of the type can be kept in contract state.
    func isStorable(_ type: TypeID, visiting: inout Set<ClassID>) -> Bool {
        switch types[type] {
        case .error, .number, .boolean, .string, .bytes, .address: return true
        case .optional(let inner), .array(let inner): return isStorable(inner, visiting: &visiting)
        case .map(let key, let value): return isStorable(key, visiting: &visiting) && isStorable(value, visiting: &visiting)
        case .instance(let id, let arguments):
            let info = classes[Int(id.rawValue)]
            switch info.kind {
            case .contract: return true  // a handle: stored as the contract's address
            case .builtin: return info.name == "RuleSession" || info.name == "Process"
            case .userClass:
                // A value of a base class may be an instance of any subclass: all must be storable.
                return info.descendants.allSatisfy { candidate in
                    if visiting.contains(candidate.id) { return true }
                    visiting.insert(candidate.id)
                    return candidate.instanceFields.allSatisfy { isStorable(types.substitute(fieldType($0), arguments), visiting: &visiting) }
                }
            case .interface: return false
            }
        default: return false
        }
    }

    /// Whether values of the type can cross the contract boundary (public parameters and results,
    /// events, webhook payloads).
    func isABIType(_ type: TypeID, visiting: inout Set<ClassID>) -> Bool {
        switch types[type] {
        case .error, .number, .boolean, .string, .bytes, .address: return true
        case .optional(let inner), .array(let inner): return isABIType(inner, visiting: &visiting)
        case .map(let key, let value): return isABIType(key, visiting: &visiting) && isABIType(value, visiting: &visiting)
        case .instance(let id, let arguments):
            let info = classes[Int(id.rawValue)]
            if info.kind == .contract { return true }  // a handle crosses as the contract's address
            guard info.kind == .userClass else { return false }
            return info.descendants.allSatisfy { candidate in
                if visiting.contains(candidate.id) { return false }
                visiting.insert(candidate.id)
                defer { visiting.remove(candidate.id) }
                return candidate.instanceFields.allSatisfy { isABIType(types.substitute(fieldType($0), arguments), visiting: &visiting) }
            }
        default: return false
        }
    }
}

/// "Did you mean …?" suggestions by edit distance.
public enum Spelling {
    /// The candidate nearest to `name` within a third of its length in edits, if any.
    public static func closest(to name: String, among candidates: [String]) -> String? {
        guard !name.isEmpty else { return nil }
        let limit = max(1, name.count / 3)
        var best: (String, Int)?
        for candidate in Set(candidates) where candidate != name && !candidate.isEmpty {
            let distance = editDistance(name.lowercased(), candidate.lowercased(), limit: limit)
            if distance <= limit, best.map({ distance < $0.1 || distance == $0.1 && candidate < $0.0 }) ?? true {
                best = (candidate, distance)
            }
        }
        return best?.0
    }

    static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let x = Array(a.unicodeScalars)
        let y = Array(b.unicodeScalars)
        if abs(x.count - y.count) > limit { return limit + 1 }
        var previous = Array(0...y.count)
        var current = Array(repeating: 0, count: y.count + 1)
        for i in 1...max(x.count, 1) where !x.isEmpty {
            current[0] = i
            for j in 1...max(y.count, 1) where !y.isEmpty {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return x.isEmpty ? y.count : previous[y.count]
    }
}

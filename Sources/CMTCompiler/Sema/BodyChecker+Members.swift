import CMTSource

/// What a member access found.
enum MemberLookup {
    case field(FieldInfo, TypeID)
    case method(FunctionInfo, arguments: [TypeID])
    case notFound
}

extension BodyChecker {
    /// The class that describes the members of a type, with its type arguments.
    func memberClass(of type: TypeID) -> (ClassInfo, [TypeID], isStatic: Bool)? {
        let builtin = checker.builtinClasses
        switch types[type] {
        case .instance(let id, let arguments): return (checker.classes[Int(id.rawValue)], arguments, false)
        case .classObject(let id): return (checker.classes[Int(id.rawValue)], [], true)
        case .string: return builtin["String"].map { ($0, [], false) }
        case .number: return builtin["Number"].map { ($0, [], false) }
        case .bytes: return builtin["Bytes"].map { ($0, [], false) }
        case .address: return builtin["Address"].map { ($0, [], false) }
        case .array(let element): return builtin["Array"].map { ($0, [element], false) }
        case .map(let key, let value): return builtin["Map"].map { ($0, [key, value], false) }
        default: return nil
        }
    }

    func lookupMember(_ type: TypeID, _ name: String) -> MemberLookup {
        guard let (info, arguments, _) = memberClass(of: type) else { return .notFound }
        if let field = info.fieldsByName[name] {
            return .field(field, types.substitute(checker.fieldType(field), arguments))
        }
        if let method = info.methods[name] { return .method(method, arguments: arguments) }
        return .notFound
    }

    func reportUnknownMember(_ name: Identifier, of type: TypeID) {
        var candidates: [String] = []
        if let (info, _, isStatic) = memberClass(of: type) {
            candidates = info.fields.filter { $0.isStatic == isStatic }.map(\.name) + info.methodOrder.filter { $0.isStatic == isStatic }.map(\.name)
        }
        let suggestion = Spelling.closest(to: name.name, among: candidates)
        report(CompilerMessages.unknownMember(name.name, type: types.describe(type)), at: name.span,
               fixIts: suggestion.map { [.replace(name.span, with: $0, message: "did you mean '\($0)'?")] } ?? [])
    }

    /// `base.name` / `base?.name` read as a value.
    func checkMember(_ base: Expr, _ name: Identifier, optional: Bool, expr: Expr) -> TypeID {
        if case .superRef = base.kind {
            report(CompilerMessages.misplacedSuper("'super.\(name.name)' only calls a base method; read fields through 'this'"), at: base.span)
            return .error
        }
        let baseType = checkExpression(base, expected: nil)
        guard let receiver = receiverType(baseType, optional: optional, base: base, name: name) else { return .error }
        if name.isMissing { return .error }
        switch lookupMember(receiver, name.name) {
        case .field(let field, let type):
            checkAccess(field.decl.modifiers, name: name.name, declaredIn: field.owner, at: name.span)
            if field.isStatic != isStaticAccess(receiver) {
                report(field.isStatic ? CompilerMessages.staticViaInstance(name.name) : CompilerMessages.instanceViaClass(name.name), at: name.span)
                return .error
            }
            guard checkHandleField(field, base: base, name: name) else { return .error }
            record(expr.id, in: file, symbol: .field(field.owner, field))
            if rejectsTableValue(field, expr: expr) { return .error }
            if case .this = base.kind, let narrowed = flow.narrowed[BodyChecker.narrowKey(field)] { return narrowed }
            return optional && types.isOptional(baseType) ? types.optional(type) : type
        case .method(let method, _):
            if method.isStatic && isStaticAccess(receiver) {
                let type = functionValueType(method, span: name.span)
                return optional && types.isOptional(baseType) ? types.optional(type) : type
            }
            report(CompilerMessages.methodNotCalled(name.name), at: name.span, fixIts: [.insert("()", at: Span.point(name.span.file, name.span.end))])
            return .error
        case .notFound:
            reportUnknownMember(name, of: receiver)
            return .error
        }
    }

    func isStaticAccess(_ type: TypeID) -> Bool {
        if case .classObject = types[type] { return true }
        return false
    }

    /// The type whose members are looked up, after optional chaining; nil (reported) when the base
    /// may be null and is used without `?.`.
    func receiverType(_ baseType: TypeID, optional: Bool, base: Expr, name: Identifier?) -> TypeID? {
        if baseType == .error { return nil }
        if types[baseType] == .null {
            report(CompilerMessages.memberOfNull, at: base.span)
            return nil
        }
        if types.isOptional(baseType) {
            if optional { return types.unwrapped(baseType) }
            let member = name.map { "'\($0.name)' of " } ?? ""
            report(CompilerMessages.optionalNotUnwrapped(types.describe(baseType), member: member), at: base.span,
                   fixIts: name.map { name in [.insert("?", at: Span.point(name.span.file, max(base.span.end, name.span.start - 1)), message: "use '?.' to access it only when not null")] } ?? [],
                   helps: ["check for null first, or unwrap with '!' (which reverts when it is null)"])
            return nil
        }
        if optional {
            report(CompilerMessages.optionalChainOnNonOptional(types.describe(baseType)), at: base.span)
        }
        return baseType
    }

    /// `base[index]`.
    func checkIndex(_ base: Expr, _ index: Expr, optional: Bool) -> TypeID {
        let baseType = checkExpression(base, expected: nil)
        guard let receiver = receiverType(baseType, optional: optional, base: base, name: nil) else {
            checkExpression(index, expected: nil)
            return .error
        }
        let wrap = { (type: TypeID) in optional && self.types.isOptional(baseType) ? self.types.optional(type) : type }
        switch types[receiver] {
        case .array(let element):
            expectIndex(index, .number)
            return wrap(element)
        case .string:
            expectIndex(index, .number)
            return wrap(.string)
        case .bytes:
            expectIndex(index, .number)
            return wrap(.number)
        case .map(let key, let value):
            expectIndex(index, key)
            return types.optional(value)
        default:
            checkExpression(index, expected: nil)
            report(CompilerMessages.notIndexable(types.describe(receiver)), at: base.span)
            return .error
        }
    }

    func expectIndex(_ index: Expr, _ type: TypeID) {
        let indexType = checkExpression(index, expected: type)
        if !checker.isAssignable(indexType, to: type) {
            report(CompilerMessages.invalidIndex(types.describe(indexType), expected: types.describe(type)), at: index.span,
                   helps: conversionHelp(from: indexType, to: type))
        }
    }

    // MARK: Assignment

    func checkAssign(_ op: AssignOperator, target: Expr, value: Expr, operatorSpan: Span) -> TypeID {
        // Declaration by first assignment: `engine = load_rules("pricing.rl");`
        if op == .assign, case .identifier(let name) = target.kind, lookup(name) == nil {
            return declareByAssignment(name, target: target, value: value)
        }
        if op == .assign, case .identifier(let name) = target.kind, case .variable(let variable)? = lookup(name),
           variable.isPending, variable.kind == .global, context == .script {
            // The first assignment of a script global declared by assignment.
            let valueType = checkExpression(value, expected: nil)
            variable.type = inferredDeclarationType(valueType, name: name, span: value.span)
            variable.isPending = false
            adopt(variable, assigned: true)
            record(target.id, in: file, symbol: .variable(variable))
            record(target, variable.type)
            return variable.type
        }
        let targetType = checkAssignmentTarget(target, isCompound: op != .assign)
        if op == .assign {
            let valueType = checkExpression(value, expected: targetType)
            if !checker.isAssignable(valueType, to: targetType) {
                report(CompilerMessages.cannotAssign(types.describe(valueType), to: types.describe(targetType), what: describeTarget(target)),
                       at: value.span, helps: conversionHelp(from: valueType, to: targetType))
            }
            markAssigned(target, valueType: valueType)
            return targetType
        }
        guard let binary = op.binary else { return targetType }
        if op == .coalesce {
            if !types.isOptional(targetType) && targetType != .error {
                report(CompilerMessages.coalesceNeverNull(types.describe(targetType)), at: operatorSpan)
            }
            let valueType = checkExpression(value, expected: types.unwrapped(targetType))
            if !checker.isAssignable(valueType, to: targetType) {
                report(CompilerMessages.cannotAssign(types.describe(valueType), to: types.describe(targetType), what: describeTarget(target)), at: value.span)
            }
            return targetType
        }
        let valueType = checkExpression(value, expected: nil)
        let result = binaryResult(binary, types.unwrapped(targetType) == targetType ? targetType : targetType, valueType,
                                  operatorSpan: operatorSpan, lhs: target, rhs: value)
        if result != .error && !checker.isAssignable(result, to: targetType) {
            report(CompilerMessages.cannotAssign(types.describe(result), to: types.describe(targetType), what: describeTarget(target)), at: value.span)
        }
        markAssigned(target, valueType: result)
        return targetType
    }

    private func inferredDeclarationType(_ valueType: TypeID, name: String, span: Span) -> TypeID {
        if types[valueType] == .null {
            report(CompilerMessages.cannotInferFromNull(name), at: span)
            return .error
        }
        if valueType == .void {
            report(CompilerMessages.voidValueUsed, at: span)
            return .error
        }
        return valueType == .never ? .error : valueType
    }

    /// `name = value` where `name` is new: declares a variable of the enclosing function.
    func declareByAssignment(_ name: String, target: Expr, value: Expr) -> TypeID {
        let valueType = checkExpression(value, expected: nil)
        let type = inferredDeclarationType(valueType, name: name, span: value.span)
        if context == .fieldInitializer {
            reportUnknownName(name, span: target.span)
            return .error
        }
        let variable = declare(Identifier(name, span: target.span), kind: .local, isConst: false, type: type, assigned: true, inFunctionScope: true)
        record(target.id, in: file, symbol: .variable(variable))
        record(target, type)
        return type
    }

    func describeTarget(_ target: Expr) -> String {
        switch target.kind {
        case .identifier(let name): "'\(name)'"
        case .member(_, let name, _): "field '\(name.name)'"
        case .index: "an element"
        case .paren(let inner): describeTarget(inner)
        default: "the target"
        }
    }

    /// The type a target accepts; reports constants, read-only fields and captured variables.
    func checkAssignmentTarget(_ target: Expr, isCompound: Bool) -> TypeID {
        switch target.kind {
        case .paren(let inner):
            return checkAssignmentTarget(inner, isCompound: isCompound)
        case .identifier(let name):
            guard let symbol = lookup(name) else {
                reportUnknownName(name, span: target.span)
                return .error
            }
            record(target.id, in: file, symbol: symbol)
            switch symbol {
            case .variable(let variable):
                if isCompound { _ = readVariable(variable, span: target.span) }
                if variable.isConst {
                    report(CompilerMessages.assignToConst(name), at: target.span,
                           notes: [Note("'\(name)' is declared with 'const' here", at: variable.span)])
                } else if variable.ownerBody != bodyID && variable.kind != .global {
                    report(CompilerMessages.assignToCaptured(name), at: target.span)
                }
                record(target, variable.type)
                return variable.type
            case .field(_, let field):
                if field.isStatic || field.isReadonly && !(function?.kind == .constructor && field.owner === enclosingOwner) {
                    report(CompilerMessages.assignToReadonly(name), at: target.span)
                }
                if !field.isStatic && enclosingIsStatic {
                    report(CompilerMessages.instanceMemberInStatic(name), at: target.span)
                    return .error
                }
                let type = checker.fieldType(field)
                record(target, type)
                return type
            case .function, .method, .classType:
                report(CompilerMessages.invalidAssignmentTarget, at: target.span)
                return .error
            }
        case .member(let base, let name, _):
            let baseType = checkExpression(base, expected: nil)
            guard let receiver = receiverType(baseType, optional: false, base: base, name: name), !name.isMissing else { return .error }
            switch lookupMember(receiver, name.name) {
            case .field(let field, let type):
                checkAccess(field.decl.modifiers, name: name.name, declaredIn: field.owner, at: name.span)
                if field.owner.kind == .interface {
                    report(CompilerMessages.unsupported("assigning a field through an interface type"), at: name.span,
                           helps: ["assign it through the class type, or give the interface a method that sets it"])
                    return .error
                }
                record(target.id, in: file, symbol: .field(field.owner, field))
                let inConstructor = function?.kind == .constructor && field.owner === enclosingOwner
                if field.isStatic || field.owner.kind == .builtin || field.isReadonly && !inConstructor {
                    report(CompilerMessages.assignToReadonly(name.name), at: name.span)
                }
                record(target, type)
                return type
            case .method:
                report(CompilerMessages.invalidAssignmentTarget, at: target.span)
                return .error
            case .notFound:
                reportUnknownMember(name, of: receiver)
                return .error
            }
        case .index(let base, let index, _):
            let baseType = checkExpression(base, expected: nil)
            guard let receiver = receiverType(baseType, optional: false, base: base, name: nil) else { return .error }
            switch types[receiver] {
            case .array(let element):
                expectIndex(index, .number)
                record(target, element)
                return element
            case .map(let key, let value):
                expectIndex(index, key)
                record(target, value)
                return value
            case .string, .bytes:
                checkExpression(index, expected: nil)
                report(CompilerMessages.immutableValue(types.describe(receiver)), at: target.span)
                return .error
            default:
                checkExpression(index, expected: nil)
                report(CompilerMessages.notIndexable(types.describe(receiver)), at: base.span)
                return .error
            }
        case .error:
            return .error
        default:
            checkExpression(target, expected: nil)
            report(CompilerMessages.invalidAssignmentTarget, at: target.span)
            return .error
        }
    }

    /// After `x = value`: `x` is assigned, and narrowed when the value is known not to be null.
    func markAssigned(_ target: Expr, valueType: TypeID) {
        if let field = ownField(target) {
            let key = BodyChecker.narrowKey(field)
            let declared = checker.fieldType(field)
            if types.isOptional(declared), !types.isOptional(valueType), valueType != .error {
                flow.narrowed[key] = types.unwrapped(declared)
            } else {
                flow.narrowed[key] = nil
            }
            return
        }
        guard case .identifier(let name) = stripParens(target).kind, let variable = lookupVariable(name), variable.ownerBody == bodyID else { return }
        flow.assigned.insert(variable.flowIndex)
        if types.isOptional(variable.type), !types.isOptional(valueType), valueType != .error {
            flow.narrowed[variable.flowIndex] = types.unwrapped(variable.type)
        } else {
            flow.narrowed[variable.flowIndex] = nil
        }
    }
}

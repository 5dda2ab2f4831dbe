import CMTSource

extension BodyChecker {
    /// `callee(arguments)`: functions, methods (instance and static, built-in or declared), and
    /// values of function type.
    func checkCall(_ callee: Expr, _ arguments: [Expr], optional: Bool, expr: Expr) -> TypeID {
        let target = stripParens(callee)
        switch target.kind {
        case .callValue(let inner, let value):
            return checkValueCall(inner, value: value, arguments, optional: optional, expr: expr)
        case .superRef:
            checker.record(target, .void)
            return checkSuperCall(arguments, expr: expr)
        case .member(let base, let name, _) where base.isSuperRef:
            return checkSuperMethodCall(name, callee: target, arguments: arguments, superExpr: base)
        case .member(let base, let name, let optionalMember):
            tableReceiver = stripParens(base).id
            let baseType = checkExpression(base, expected: nil)
            tableReceiver = nil
            if let deployed = checkDeploy(baseType, name: name, arguments: arguments) { return deployed }
            guard let receiver = receiverType(baseType, optional: optionalMember, base: base, name: name), !name.isMissing else {
                checkArgumentsLoosely(arguments)
                return .error
            }
            let chained = optionalMember && types.isOptional(baseType)
            switch lookupMember(receiver, name.name) {
            case .method(let method, let typeArguments):
                if method.isStatic != isStaticAccess(receiver) {
                    report(method.isStatic ? CompilerMessages.staticViaInstance(name.name) : CompilerMessages.instanceViaClass(name.name), at: name.span)
                    checkArgumentsLoosely(arguments)
                    return .error
                }
                guard checkHandleCall(method, base: base, name: name) else {
                    checkArgumentsLoosely(arguments)
                    return .error
                }
                checkAccess(method.decl?.modifiers, name: name.name, declaredIn: method.owner, at: name.span)
                checker.record(callee.id, in: file, symbol: .method(method.owner ?? checker.classes[0], method))
                if method.owner === enclosingOwner { forgetFieldNarrowing() }
                if let listing = checkRuleSessionListing(method, arguments: arguments, name: name) {
                    return chained ? types.optional(listing) : listing
                }
                if let owner = method.owner, owner.kind == .builtin, owner.name == "Database" || owner.name == "Table" {
                    return checkTableCall(owner.name, method, typeArguments: typeArguments, base: base, arguments: arguments, name: name)
                }
                let result = callFunction(method, typeArguments: typeArguments, arguments: arguments, name: name)
                checkTestBuiltinArguments(method, arguments: arguments)
                return chained ? types.optional(result) : result
            case .field(let field, let type):
                checkAccess(field.decl.modifiers, name: name.name, declaredIn: field.owner, at: name.span)
                checker.record(callee.id, in: file, symbol: .field(field.owner, field))
                checker.record(callee, type)
                let result = callValue(type, arguments: arguments, span: callee.span, optional: optional)
                return chained ? types.optional(result) : result
            case .notFound:
                reportUnknownMember(name, of: receiver)
                checkArgumentsLoosely(arguments)
                return .error
            }
        case .identifier(let name):
            guard let symbol = lookup(name) else {
                reportUnknownName(name, span: target.span)
                checkArgumentsLoosely(arguments)
                return .error
            }
            checker.record(target.id, in: file, symbol: symbol)
            switch symbol {
            case .function(let function):
                let result = callFunction(function, typeArguments: [], arguments: arguments, name: Identifier(name, span: target.span))
                checkTestBuiltinArguments(function, arguments: arguments)
                checkAddressLiteral(function, arguments: arguments)
                return result
            case .method(_, let method):
                forgetFieldNarrowing()
                if !method.isStatic { requireSuperCalled(at: target.span) }
                if !method.isStatic && enclosingIsStatic {
                    report(CompilerMessages.instanceMemberInStatic(name), at: target.span)
                }
                return callFunction(method, typeArguments: [], arguments: arguments, name: Identifier(name, span: target.span))
            case .classType(let info):
                report(CompilerMessages.classCalledWithoutNew(info.name), at: target.span,
                       fixIts: [.insert("new ", at: Span.point(target.span.file, target.span.start))])
                checkArgumentsLoosely(arguments)
                return .error
            case .variable, .field:
                let type = checkExpression(callee, expected: nil)
                return callValue(type, arguments: arguments, span: callee.span, optional: optional)
            }
        default:
            let type = checkExpression(callee, expected: nil)
            return callValue(type, arguments: arguments, span: callee.span, optional: optional)
        }
    }

    /// Calls a value of function type.
    func callValue(_ type: TypeID, arguments: [Expr], span: Span, optional: Bool) -> TypeID {
        var calleeType = type
        if optional && types.isOptional(type) { calleeType = types.unwrapped(type) }
        switch types[calleeType] {
        case .function(let signature):
            checkArguments(arguments, params: signature.params, required: signature.requiredCount, calleeName: "this function",
                           declaredAt: nil, callSpan: span)
            return optional && types.isOptional(type) ? types.optional(signature.result) : signature.result
        case .error:
            checkArgumentsLoosely(arguments)
            return .error
        default:
            report(CompilerMessages.notCallable(types.describe(type)), at: span)
            checkArgumentsLoosely(arguments)
            return .error
        }
    }

    /// Calls a declared function or method, inferring its type parameters from the arguments.
    func callFunction(_ function: FunctionInfo, typeArguments: [TypeID], arguments: [Expr], name: Identifier) -> TypeID {
        let result = checker.resultType(of: function, at: name.span)
        let description = function.owner.map { "'\($0.name).\(function.name)'" } ?? "'\(function.name)'"
        if function.typeParams.isEmpty {
            let params = function.params.map { types.substitute($0.type, typeArguments) }
            checkArguments(arguments, params: params, required: function.requiredCount, calleeName: description,
                           declaredAt: function.span, callSpan: name.span, hasRest: function.hasRestParameter)
            return types.substitute(result, typeArguments)
        }
        // A generic function: bind its type parameters (numbered after the owner's) from the arguments.
        let offset = typeArguments.count
        var bindings: [Int: TypeID] = [:]
        for (index, argument) in arguments.enumerated() {
            guard index < function.params.count else { break }
            let paramType = types.substitute(function.params[index].type, typeArguments)
            let argumentType = checkExpression(argument, expected: nil)
            unify(paramType, argumentType, &bindings)
        }
        var all = typeArguments
        for index in 0..<function.typeParams.count {
            guard let bound = bindings[offset + index] else {
                report(CompilerMessages.cannotInferTypeArgument(function.typeParams[index], function: function.name), at: name.span)
                return .error
            }
            all.append(bound)
        }
        let params = function.params.map { types.substitute($0.type, all) }
        if arguments.count < function.requiredCount || arguments.count > params.count {
            report(CompilerMessages.wrongArgumentCount(description, expected: argumentCountText(function.requiredCount, params.count), found: arguments.count),
                   at: name.span, notes: function.span.map { [Note("'\(function.name)' is declared here", at: $0)] } ?? [])
        } else {
            for (index, argument) in arguments.enumerated() {
                let argumentType = checker.expressionType(argument) ?? .error
                if !checker.isAssignable(argumentType, to: params[index]) {
                    report(CompilerMessages.argumentMismatch(index + 1, callee: description, found: types.describe(argumentType), expected: types.describe(params[index])),
                           at: argument.span)
                }
            }
        }
        return types.substitute(result, all)
    }

    /// Binds type parameters in `pattern` by matching it against `actual`.
    func unify(_ pattern: TypeID, _ actual: TypeID, _ bindings: inout [Int: TypeID]) {
        switch (types[pattern], types[actual]) {
        case (.parameter(let index), _):
            if bindings[index] == nil, actual != .error, types[actual] != .null { bindings[index] = actual }
        case (.array(let a), .array(let b)), (.optional(let a), .optional(let b)):
            unify(a, b, &bindings)
        case (.optional(let a), _):
            unify(a, actual, &bindings)
        case (.map(let k1, let v1), .map(let k2, let v2)):
            unify(k1, k2, &bindings)
            unify(v1, v2, &bindings)
        case (.instance(let id1, let args1), .instance(let id2, let args2)) where id1 == id2:
            for (a, b) in zip(args1, args2) { unify(a, b, &bindings) }
        case (.function(let f1), .function(let f2)):
            for (a, b) in zip(f1.params, f2.params) { unify(a, b, &bindings) }
            unify(f1.result, f2.result, &bindings)
        default:
            break
        }
    }

    func argumentCountText(_ required: Int, _ total: Int) -> String {
        required == total ? "\(total)" : "\(required) to \(total)"
    }

    /// Checks a call's arguments against parameter types.
    func checkArguments(_ arguments: [Expr], params: [TypeID], required: Int, calleeName: String, declaredAt: Span?, callSpan: Span,
                        hasRest: Bool = false) {
        if hasRest, let restType = params.last, case .array(let element) = types[restType] {
            checkRestArguments(arguments, params: params, element: element, required: required, calleeName: calleeName,
                               declaredAt: declaredAt, callSpan: callSpan)
            return
        }
        if arguments.contains(where: Self.isSpread) {
            // Reported at the spread; the count cannot be compared.
            checkArgumentsLoosely(arguments)
            return
        }
        if arguments.count < required || arguments.count > params.count {
            let noun = params.count == 1 && required == 1 ? "argument" : "arguments"
            report(CompilerMessages.wrongArgumentCount(calleeName, expected: argumentCountText(required, params.count) + " " + noun, found: arguments.count),
                   at: arguments.count > params.count ? arguments[params.count].span.merged(with: arguments[arguments.count - 1].span) : callSpan,
                   notes: declaredAt.map { [Note("declared here", at: $0)] } ?? [])
        }
        for (index, argument) in arguments.enumerated() {
            let expected = index < params.count ? params[index] : nil
            let type = checkExpression(argument, expected: expected)
            if let expected, !checker.isAssignable(type, to: expected) {
                report(CompilerMessages.argumentMismatch(index + 1, callee: calleeName, found: types.describe(type), expected: types.describe(expected)),
                       at: argument.span, helps: conversionHelp(from: type, to: expected))
            } else if type == .void {
                report(CompilerMessages.voidValueUsed, at: argument.span)
            }
        }
    }

    /// A call of a function with a rest parameter `...xs: T[]`: the arguments after the fixed
    /// parameters are `T`s, or `...array` of `T`s, gathered into one array.
    func checkRestArguments(_ arguments: [Expr], params: [TypeID], element: TypeID, required: Int, calleeName: String,
                            declaredAt: Span?, callSpan: Span) {
        let fixed = params.count - 1
        if arguments.count < required {
            report(CompilerMessages.wrongArgumentCount(calleeName, expected: "at least \(required) argument\(required == 1 ? "" : "s")", found: arguments.count),
                   at: callSpan, notes: declaredAt.map { [Note("declared here", at: $0)] } ?? [])
        }
        for (index, argument) in arguments.enumerated() {
            let expected: TypeID
            var value = argument
            if index >= fixed, case .spread(let inner) = argument.kind {
                expected = types.array(element)
                value = inner
            } else {
                expected = index < fixed ? params[index] : element
            }
            let type = checkExpression(value, expected: expected)
            if value.id != argument.id { checker.record(argument, type) }  // `...xs` stands for the array
            if !checker.isAssignable(type, to: expected) {
                report(CompilerMessages.argumentMismatch(index + 1, callee: calleeName, found: types.describe(type), expected: types.describe(expected)),
                       at: value.span, helps: conversionHelp(from: type, to: expected))
            } else if type == .void {
                report(CompilerMessages.voidValueUsed, at: argument.span)
            }
        }
    }

    func checkArgumentsLoosely(_ arguments: [Expr]) {
        for argument in arguments { checkExpression(argument, expected: nil) }
    }

    // MARK: new

    /// `new Name<T>(arguments)`.
    func checkNew(_ name: Identifier, typeArguments: [TypeRepr], _ arguments: [Expr], expr: Expr, expected: TypeID?) -> TypeID {
        guard !name.isMissing else {
            checkArgumentsLoosely(arguments)
            return .error
        }
        let resolvedArguments = typeArguments.map { checker.resolveType($0, typeParams: typeParameterNames) }
        if (name.name == "Map" || name.name == "Array"), checker.userGlobal(name.name, from: file) == nil {
            if !arguments.isEmpty {
                report(CompilerMessages.wrongArgumentCount("'new \(name.name)'", expected: "0 arguments", found: arguments.count), at: arguments[0].span)
            }
            let expectedKind = expected.map { types[types.unwrapped($0)] }
            if name.name == "Map" {
                if resolvedArguments.count == 2 {
                    checker.checkMapKey(resolvedArguments[0], span: typeArguments[0].span)
                    return types.map(resolvedArguments[0], resolvedArguments[1])
                }
                if resolvedArguments.isEmpty, case .map? = expectedKind, let expected { return types.unwrapped(expected) }
            } else {
                if resolvedArguments.count == 1 { return types.array(resolvedArguments[0]) }
                if resolvedArguments.isEmpty, case .array? = expectedKind, let expected { return types.unwrapped(expected) }
            }
            report(CompilerMessages.cannotInferEmpty(name.name == "Map" ? "map" : "array"), at: expr.span,
                   helps: ["write the element types, e.g. 'new \(name.name == "Map" ? "Map<string, number>" : "Array<number>")()'"])
            return .error
        }
        guard let symbol = lookup(name.name) else {
            reportUnknownName(name.name, span: name.span)
            checkArgumentsLoosely(arguments)
            return .error
        }
        guard case .classType(let info) = symbol, info.isInstantiable else {
            if case .classType(let info) = symbol, info.kind == .contract {
                report(CompilerMessages.newContract(info.name), at: name.span)
            } else if case .classType(let info) = symbol, info.kind == .userClass {
                report(CompilerMessages.abstractInstantiation(info.name), at: name.span,
                       helps: ["create an instance of a class that extends '\(info.name)'"])
            } else {
                report(CompilerMessages.notAClass(name.name), at: name.span)
            }
            checkArgumentsLoosely(arguments)
            return .error
        }
        checker.record(expr.id, in: file, symbol: symbol)
        var classArguments = resolvedArguments
        if classArguments.count != info.typeParams.count {
            if classArguments.isEmpty, let expected, case .instance(let id, let args) = types[types.unwrapped(expected)], id == info.id {
                classArguments = args
            } else {
                report(CompilerMessages.wrongTypeArgumentCount(info.name, expected: info.typeParams.count, found: classArguments.count), at: name.span)
                checkArgumentsLoosely(arguments)
                return .error
            }
        }
        if let constructor = info.effectiveConstructor {
            let params = constructor.params.map { types.substitute($0.type, classArguments) }
            checkArguments(arguments, params: params, required: constructor.requiredCount, calleeName: "the constructor of '\(info.name)'",
                           declaredAt: constructor.span, callSpan: name.span, hasRest: constructor.hasRestParameter)
        } else if !arguments.isEmpty {
            report(CompilerMessages.wrongArgumentCount("the constructor of '\(info.name)'", expected: "0 arguments", found: arguments.count),
                   at: arguments[0].span.merged(with: arguments[arguments.count - 1].span),
                   helps: ["'\(info.name)' has no constructor; set its fields after 'new'"])
            checkArgumentsLoosely(arguments)
        }
        return types.intern(.instance(info.id, classArguments))
    }

    // MARK: Arrow functions

    func checkArrow(_ params: [Param], returnType: TypeRepr?, body: ArrowBody, expr: Expr, expected: TypeID?) -> TypeID {
        var expectedSignature: FunctionType?
        if let expected, case .function(let signature) = types[types.unwrapped(expected)] { expectedSignature = signature }
        let nested = BodyChecker(checker: checker, file: file, context: .arrow, function: nil, owner: nil, parent: self)
        var paramTypes: [TypeID] = []
        var required = 0
        for (index, param) in params.enumerated() {
            var type: TypeID
            if let annotation = param.type {
                type = checker.resolveType(annotation, typeParams: typeParameterNames)
            } else if let signature = expectedSignature, index < signature.params.count {
                type = signature.params[index]
            } else {
                report(CompilerMessages.cannotInferParameter(param.name.name), at: param.name.span,
                       fixIts: [.insert(": number", at: Span.point(param.name.span.file, param.name.span.end), message: "add a type annotation")])
                type = .error
            }
            if param.isOptional && param.defaultValue == nil { type = types.optional(type) }
            if !(param.isOptional || param.defaultValue != nil) { required += 1 }
            if let value = param.defaultValue {
                // Checked in the enclosing body (the arrow's parameters are not visible to it), as a call's arguments are.
                let valueType = checkExpression(value, expected: type)
                if type != .error, !checker.isAssignable(valueType, to: type) {
                    report(CompilerMessages.cannotAssign(types.describe(valueType), to: types.describe(type), what: "parameter '\(param.name.name)'"),
                           at: value.span)
                }
            }
            paramTypes.append(type)
            if !param.name.isMissing {
                let variable = nested.declare(param.name, kind: .parameter, isConst: false, type: type, assigned: true)
                variable.readCount = 1
            }
            if let pattern = param.pattern { nested.bind(pattern, to: types.unwrapped(type), isConst: false) }
        }
        if let returnType {
            nested.declaredResult = checker.resolveType(returnType, typeParams: typeParameterNames, allowVoid: true)
        } else if let signature = expectedSignature, signature.result != .void {
            nested.declaredResult = nil
        }
        let result: TypeID
        switch body {
        case .expression(let value):
            let type = nested.checkExpression(value, expected: nested.declaredResult ?? expectedSignature?.result)
            if let declared = nested.declaredResult, declared != .void, !checker.isAssignable(type, to: declared) {
                report(CompilerMessages.returnMismatch(types.describe(type), expected: types.describe(declared)), at: value.span)
            }
            result = nested.declaredResult ?? (expectedSignature?.result == .void ? .void : type)
            nested.reportUnusedLocals()
        case .block(let block):
            nested.checkStatements(block.statements)
            nested.finishBody(closingBrace: Span(file: block.span.file, start: max(block.span.start, block.span.end - 1), end: block.span.end),
                              name: "arrow function", isUnterminated: block.isUnterminated)
            result = nested.declaredResult ?? nested.inferredResult()
        }
        return types.function(paramTypes, required: required, result: result)
    }
}

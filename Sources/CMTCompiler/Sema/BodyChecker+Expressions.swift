import CMTSource

extension BodyChecker {
    /// Checks an expression, records its type, and returns it. `expected` is the type the context
    /// wants (for empty literals, `null`, arrow parameters); the caller still checks assignability.
    @discardableResult
    func checkExpression(_ expr: Expr, expected: TypeID?) -> TypeID {
        let type = computeType(expr, expected: expected)
        checker.record(expr, type)
        return type
    }

    private func computeType(_ expr: Expr, expected: TypeID?) -> TypeID {
        switch expr.kind {
        case .number(let text):
            switch NumberLiteral.problem(text) {
            case .outOfRange?: report(CompilerMessages.numberOutOfRange(text), at: expr.span)
            case .tooPrecise?: report(CompilerMessages.numberTooPrecise(text), at: expr.span)
            case nil: break
            }
            return .number
        case .string: return .string
        case .template(_, let values):
            for value in values { checkTemplateValue(value) }
            return .string
        case .boolean: return .boolean
        case .null: return .null
        case .this: return checkThis(expr)
        case .superRef:
            report(CompilerMessages.misplacedSuper("write 'super(…)' to call the base constructor or 'super.name(…)' to call a base method"),
                   at: expr.span)
            return .error
        case .identifier(let name): return checkIdentifier(name, expr: expr)
        case .array(let elements): return checkArrayLiteral(elements, expr: expr, expected: expected)
        case .map(let entries): return checkMapLiteral(entries, expr: expr, expected: expected)
        case .paren(let inner): return checkExpression(inner, expected: expected)
        case .spread(let inner):
            _ = checkExpression(inner, expected: nil)
            report(CompilerMessages.spreadNotAllowed("only a function's rest parameter ('...xs: T[]') takes a spread argument"),
                   at: expr.span)
            return .error
        case .unary(let op, let operand): return checkUnary(op, operand, expr: expr)
        case .update(_, _, let target):
            let type = checkAssignmentTarget(target, isCompound: true)
            if type != .number && type != .error {
                report(CompilerMessages.invalidOperand(op: "++/--", type: types.describe(type)), at: target.span)
            }
            return .number
        case .binary(let op, _, _, _) where op == .and || op == .or:
            let (whenTrue, whenFalse) = checkCondition(expr, recordOuter: false)
            flow = Flow.merge(whenTrue, whenFalse)
            return .boolean
        case .binary(let op, let lhs, let rhs, let operatorSpan): return checkBinary(op, lhs, rhs, operatorSpan: operatorSpan, expected: expected)
        case .assign(let op, let target, let value, let operatorSpan): return checkAssign(op, target: target, value: value, operatorSpan: operatorSpan)
        case .conditional(let condition, let then, let otherwise):
            let (whenTrue, whenFalse) = checkCondition(condition)
            flow = whenTrue
            let thenType = checkExpression(then, expected: expected)
            let afterThen = flow
            flow = whenFalse
            let elseType = checkExpression(otherwise, expected: expected)
            flow = Flow.merge(afterThen, flow)
            if let expected, checker.isAssignable(thenType, to: expected), checker.isAssignable(elseType, to: expected) {
                return checker.join(thenType, elseType) ?? expected
            }
            guard let joined = checker.join(thenType, elseType) else {
                report(CompilerMessages.branchMismatch(types.describe(thenType), types.describe(elseType)), at: otherwise.span)
                return .error
            }
            return joined
        case .member(let base, let name, let optional): return checkMember(base, name, optional: optional, expr: expr)
        case .index(let base, let index, let optional): return checkIndex(base, index, optional: optional)
        case .call(let callee, let arguments, let optional): return checkCall(callee, arguments, optional: optional, expr: expr)
        case .callValue(let callee, let value):
            // Only a callee: `handle.f{ value: v }` must be called.
            // (The callee is not checked as a value: a method named without a call is no error of its own here.)
            report(CompilerMessages.callValueNotContractCall, at: callee.span, helps: [CompilerMessages.callValueHelp])
            _ = checkExpression(value, expected: .number)
            return .error
        case .new(let name, let typeArguments, let arguments): return checkNew(name, typeArguments: typeArguments, arguments, expr: expr, expected: expected)
        case .forceUnwrap(let inner):
            let type = checkExpression(inner, expected: expected.map(types.optional))
            if !types.isOptional(type) && type != .error {
                report(CompilerMessages.unwrapNonOptional(types.describe(type)), at: expr.span,
                       fixIts: [FixIt("remove '!'", first: .init(span: Span(file: expr.span.file, start: expr.span.end - 1, end: expr.span.end), replacement: ""))])
            }
            if types[type] == .null { return .error }
            return types.unwrapped(type)
        case .arrow(let params, let returnType, let body): return checkArrow(params, returnType: returnType, body: body, expr: expr, expected: expected)
        case .error: return .error
        }
    }

    // MARK: Names

    func checkThis(_ expr: Expr) -> TypeID {
        guard let owner = enclosingOwner else {
            report(CompilerMessages.thisOutsideClass, at: expr.span)
            return .error
        }
        if enclosingIsStatic {
            report(CompilerMessages.thisInStatic, at: expr.span)
            return .error
        }
        requireSuperCalled(at: expr.span)
        return thisType(owner)
    }

    func checkIdentifier(_ name: String, expr: Expr) -> TypeID {
        guard let symbol = lookup(name) else {
            reportUnknownName(name, span: expr.span)
            return .error
        }
        checker.record(expr.id, in: file, symbol: symbol)
        switch symbol {
        case .variable(let variable):
            return readVariable(variable, span: expr.span)
        case .function(let function):
            return functionValueType(function, span: expr.span)
        case .classType(let info):
            return types.intern(.classObject(info.id))
        case .field(let info, let field):
            if !field.isStatic && enclosingIsStatic {
                report(CompilerMessages.instanceMemberInStatic(field.name), at: expr.span)
                return .error
            }
            _ = info
            if !field.isStatic { requireSuperCalled(at: expr.span) }
            if let narrowed = flow.narrowed[BodyChecker.narrowKey(field)] { return narrowed }
            if rejectsTableValue(field, expr: expr) { return .error }
            return checker.fieldType(field)
        case .method(let info, let method):
            if method.isStatic { return functionValueType(method, span: expr.span) }
            _ = info
            report(CompilerMessages.methodNotCalled(name), at: expr.span, fixIts: [.insert("()", at: Span.point(expr.span.file, expr.span.end))])
            return .error
        }
    }

    func reportUnknownName(_ name: String, span: Span) {
        if checker.isFailedImport(name, in: file) { return }
        if !isTestFile, TestPrelude.names.contains(name), checker.userGlobal(name, from: file) == nil {
            report(CompilerMessages.testOnlyBuiltin(name), at: span, helps: [CompilerMessages.testOnlyHelp])
            return
        }
        var helps: [String] = []
        if name == "undefined" { helps.append("CMT has no 'undefined'; use 'null'") }
        if name == "console" { helps.append("use 'print(value)' to write output") }
        if name == "self" { helps.append("use 'this' for the current object") }
        let suggestion = Spelling.closest(to: name, among: visibleNames())
        report(CompilerMessages.unknownName(name), at: span,
               fixIts: suggestion.map { [.replace(span, with: $0, message: "did you mean '\($0)'?")] } ?? [],
               helps: helps)
    }

    func readVariable(_ variable: VariableInfo, span: Span) -> TypeID {
        variable.readCount += 1
        if variable.isPending {
            if variable.kind == .global {
                report(CompilerMessages.usedBeforeDeclaration(variable.name), at: span,
                       notes: [Note("'\(variable.name)' is declared here", at: variable.span)])
            }
            return .error
        }
        if variable.ownerBody == bodyID {
            if !flow.isAssigned(variable.flowIndex) && !reportedUnassigned.contains(variable.flowIndex) {
                reportedUnassigned.insert(variable.flowIndex)
                report(CompilerMessages.usedBeforeAssignment(variable.name), at: span,
                       notes: [Note("'\(variable.name)' is declared here", at: variable.span)])
            }
            if let narrowed = flow.narrowed[variable.flowIndex] { return narrowed }
        }
        return variable.type
    }

    func functionValueType(_ function: FunctionInfo, span: Span) -> TypeID {
        if !function.typeParams.isEmpty {
            report(CompilerMessages.genericFunctionValue(function.name), at: span)
            return .error
        }
        let result = checker.resultType(of: function, at: span)
        return types.function(function.params.map(\.type), required: function.requiredCount, result: result)
    }

    // MARK: Literals

    func checkArrayLiteral(_ elements: [Expr], expr: Expr, expected: TypeID?) -> TypeID {
        var expectedElement: TypeID?
        if let expected, case .array(let element) = types[types.unwrapped(expected)] { expectedElement = element }
        if elements.isEmpty {
            if let expectedElement { return types.array(expectedElement) }
            report(CompilerMessages.cannotInferEmpty("array"), at: expr.span,
                   helps: ["annotate the variable, e.g. 'let xs: number[] = []'"])
            return .error
        }
        var elementType: TypeID?
        for element in elements {
            var type: TypeID
            if case .spread(let inner) = element.kind {
                let spread = checkExpression(inner, expected: (expectedElement ?? elementType).map(types.array))
                checker.record(element, spread)  // the spread element stands for the array it spreads
                if case .array(let spreadElement) = types[spread] {
                    type = spreadElement
                } else {
                    if spread != .error {
                        report(CompilerMessages.spreadType(types.describe(spread), into: "an array literal; only an array can"), at: inner.span,
                               helps: types.isOptional(spread) ? ["the value may be null; give a default with '??'"] : [])
                    }
                    type = .error
                }
            } else {
                type = checkExpression(element, expected: expectedElement)
            }
            if let expectedElement {
                if !checker.isAssignable(type, to: expectedElement) {
                    report(CompilerMessages.cannotAssign(types.describe(type), to: types.describe(expectedElement), what: "an element of '\(types.describe(types.array(expectedElement)))'"),
                           at: element.span)
                }
                continue
            }
            if let current = elementType {
                if let joined = checker.join(current, type) {
                    elementType = joined
                } else {
                    report(CompilerMessages.mixedElements(types.describe(current), types.describe(type)), at: element.span,
                           helps: ["arrays hold one element type"])
                    return .error
                }
            } else {
                elementType = type
            }
        }
        if let expectedElement { return types.array(expectedElement) }
        guard let elementType else { return .error }
        if types[elementType] == .null {
            report(CompilerMessages.cannotInferEmpty("array"), at: expr.span)
            return .error
        }
        if elementType == .void {
            report(CompilerMessages.voidValueUsed, at: expr.span)
            return .error
        }
        return types.array(elementType)
    }

    func checkMapLiteral(_ entries: [MapEntry], expr: Expr, expected: TypeID?) -> TypeID {
        var expectedKey: TypeID?
        var expectedValue: TypeID?
        if let expected, case .map(let key, let value) = types[types.unwrapped(expected)] {
            expectedKey = key
            expectedValue = value
        }
        if entries.isEmpty {
            if let expectedKey, let expectedValue { return types.map(expectedKey, expectedValue) }
            report(CompilerMessages.cannotInferEmpty("map"), at: expr.span,
                   helps: ["annotate the variable, e.g. 'let m: Map<string, number> = {}'"])
            return .error
        }
        var keyType: TypeID?
        var valueType: TypeID?
        var seenKeys: [String: Span] = [:]
        for entry in entries {
            var thisKey: TypeID
            switch entry.key {
            case .identifier(let name):
                thisKey = .string
                if let first = seenKeys[name.name] {
                    report(CompilerMessages.duplicateMapKey(name.name), at: name.span, notes: [Note("first given here", at: first)])
                }
                seenKeys[name.name] = name.span
            case .string(let text, let span):
                thisKey = .string
                if let first = seenKeys[text] {
                    report(CompilerMessages.duplicateMapKey(text), at: span, notes: [Note("first given here", at: first)])
                }
                seenKeys[text] = span
            case .number(let text, let span):
                thisKey = .number
                if NumberLiteral.problem(text) != nil { report(CompilerMessages.numberOutOfRange(text), at: span) }
            case .computed(let keyExpr):
                thisKey = checkExpression(keyExpr, expected: expectedKey)
            case .spread:
                thisKey = .error
            }
            var thisValue: TypeID
            if case .spread = entry.key {
                let spread = checkExpression(entry.value, expected: expected.map(types.unwrapped))
                if case .map(let key, let value) = types[spread] {
                    thisKey = key
                    thisValue = value
                } else {
                    if spread != .error {
                        report(CompilerMessages.spreadType(types.describe(spread), into: "a map literal; only a map can"), at: entry.value.span,
                               helps: types.isOptional(spread) ? ["the value may be null; give a default with '??'"] : [])
                    }
                    thisValue = .error
                }
            } else {
                thisValue = checkExpression(entry.value, expected: expectedValue)
            }
            if let expectedKey, let expectedValue {
                if !checker.isAssignable(thisKey, to: expectedKey) {
                    report(CompilerMessages.cannotAssign(types.describe(thisKey), to: types.describe(expectedKey), what: "a key of the map"), at: entry.span)
                }
                if !checker.isAssignable(thisValue, to: expectedValue) {
                    report(CompilerMessages.cannotAssign(types.describe(thisValue), to: types.describe(expectedValue), what: "a value of the map"), at: entry.value.span)
                }
                continue
            }
            if let current = keyType, checker.join(current, thisKey) != current {
                report(CompilerMessages.mixedElements(types.describe(current), types.describe(thisKey)), at: entry.span)
                return .error
            }
            keyType = thisKey
            if let current = valueType {
                guard let joined = checker.join(current, thisValue) else {
                    report(CompilerMessages.mixedElements(types.describe(current), types.describe(thisValue)), at: entry.value.span,
                           helps: ["maps hold one value type; use a class for records with fields of different types"])
                    return .error
                }
                valueType = joined
            } else {
                valueType = thisValue
            }
        }
        if let expectedKey, let expectedValue { return types.map(expectedKey, expectedValue) }
        guard let keyType, let valueType else { return .error }
        checker.checkMapKey(keyType, span: expr.span)
        return types.map(keyType, valueType)
    }

    // MARK: Operators

    func checkUnary(_ op: UnaryOperator, _ operand: Expr, expr: Expr) -> TypeID {
        if op == .not {
            let (whenTrue, whenFalse) = checkCondition(operand)
            flow = Flow.merge(whenTrue, whenFalse)
            return .boolean
        }
        let type = checkExpression(operand, expected: .number)
        if type != .number && type != .error {
            report(CompilerMessages.invalidOperand(op: op.rawValue, type: types.describe(type)), at: operand.span,
                   helps: conversionHelp(from: type, to: .number))
            return .error
        }
        return .number
    }

    func checkBinary(_ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr, operatorSpan: Span, expected: TypeID?) -> TypeID {
        switch op {
        case .coalesce:
            let left = checkExpression(lhs, expected: expected.map(types.optional))
            let afterLeft = flow
            if !types.isOptional(left) && left != .error && types[left] != .null {
                report(CompilerMessages.coalesceNeverNull(types.describe(left)), at: operatorSpan)
                // The right side never runs; check it for its own errors, but the value is the left one.
                _ = checkExpression(rhs, expected: nil)
                flow = Flow.merge(afterLeft, flow)
                return left
            }
            let inner = types.unwrapped(left)
            let right = checkExpression(rhs, expected: types[left] == .null ? expected : inner)
            flow = Flow.merge(afterLeft, flow)
            if types[left] == .null { return right }
            if let joined = checker.join(inner, right) { return joined }
            report(CompilerMessages.invalidOperands(op: "??", types.describe(left), types.describe(right)), at: operatorSpan)
            return .error
        default:
            break
        }
        let left = checkExpression(lhs, expected: nil)
        let right = checkExpression(rhs, expected: op.isEquality ? left : nil)
        return binaryResult(op, left, right, operatorSpan: operatorSpan, lhs: lhs, rhs: rhs)
    }

    static func isSpread(_ expr: Expr) -> Bool {
        if case .spread = expr.kind { true } else { false }
    }

    /// A `${…}` substitution: any value `+` joins to a string, written as `+` writes it.
    func checkTemplateValue(_ value: Expr) {
        let type = checkExpression(value, expected: nil)
        switch types[type] {
        case .string, .number, .boolean, .address, .error: return
        default:
            report(CompilerMessages.templateValue(types.describe(type)), at: value.span,
                   helps: types.isOptional(type) ? ["the value may be null; give a default with '??'"] : ["convert it to a string first"])
        }
    }

    /// The result type of an arithmetic, comparison or equality operator.
    func binaryResult(_ op: BinaryOperator, _ left: TypeID, _ right: TypeID, operatorSpan: Span, lhs: Expr, rhs: Expr) -> TypeID {
        if left == .error || right == .error {
            if op.isComparison { return .boolean }
            let other = left == .error ? right : left
            return op == .add && other == .string ? .string : (other == .number ? .number : .error)
        }
        switch op {
        case .add:
            if left == .number && right == .number { return .number }
            if left == .string || right == .string {
                let other = left == .string ? right : left
                let otherExpr = left == .string ? rhs : lhs
                switch types[other] {
                case .string, .number, .boolean, .address: return .string
                default:
                    report(CompilerMessages.invalidOperands(op: "+", types.describe(left), types.describe(right)), at: operatorSpan,
                           notes: [Note("this has type '\(types.describe(other))'", at: otherExpr.span)],
                           helps: types.isOptional(other) ? ["the value may be null; give a default with '??'"] : [])
                    return .error
                }
            }
        case .subtract, .multiply, .divide, .remainder, .power, .bitAnd, .bitOr, .bitXor, .shiftLeft, .shiftRight:
            if left == .number && right == .number { return .number }
        case .less, .lessEqual, .greater, .greaterEqual:
            if left == right && (left == .number || left == .string) { return .boolean }
        case .equal, .notEqual, .strictEqual, .strictNotEqual:
            if isComparable(left, right) { return .boolean }
            report(CompilerMessages.incomparable(types.describe(left), types.describe(right)), at: operatorSpan)
            return .boolean
        case .and, .or, .coalesce:
            return .boolean
        }
        let helps = types.isOptional(left) || types.isOptional(right) ? ["an operand may be null; unwrap it first with '??' or '!'"] : []
        report(CompilerMessages.invalidOperands(op: op.rawValue, types.describe(left), types.describe(right)), at: operatorSpan, helps: helps)
        return op.isComparison ? .boolean : .error
    }

    func isComparable(_ a: TypeID, _ b: TypeID) -> Bool {
        if a == b { return true }
        // A null test is always allowed: a narrowed variable still has an optional declared type.
        if types[a] == .null || types[b] == .null { return true }
        let (x, y) = (types.unwrapped(a), types.unwrapped(b))
        // Objects of a class and of its subclass (or an interface it has) may be the same object.
        if case .instance = types[x], case .instance = types[y] {
            return checker.isAssignable(x, to: y) || checker.isAssignable(y, to: x)
        }
        return x == y
    }

    // MARK: Conditions

    /// Checks a condition and returns the flow when it is true and when it is false, with optional
    /// variables narrowed (`if (x != null)`, `if (x)`, `if (!x) return;`).
    func checkCondition(_ expr: Expr, recordOuter: Bool = true) -> (Flow, Flow) {
        switch expr.kind {
        case .paren(let inner):
            let result = checkCondition(inner)
            if recordOuter { checker.record(expr, .boolean) }
            return result
        case .unary(.not, let operand):
            let (whenTrue, whenFalse) = checkCondition(operand)
            if recordOuter { checker.record(expr, .boolean) }
            return (whenFalse, whenTrue)
        case .boolean(let value):
            checker.record(expr, .boolean)
            return value ? (flow, .unreachable) : (.unreachable, flow)
        case .binary(.and, let lhs, let rhs, _):
            let (leftTrue, leftFalse) = checkCondition(lhs)
            flow = leftTrue
            let (rightTrue, rightFalse) = checkCondition(rhs)
            if recordOuter { checker.record(expr, .boolean) }
            return (rightTrue, Flow.merge(leftFalse, rightFalse))
        case .binary(.or, let lhs, let rhs, _):
            let (leftTrue, leftFalse) = checkCondition(lhs)
            flow = leftFalse
            let (rightTrue, rightFalse) = checkCondition(rhs)
            if recordOuter { checker.record(expr, .boolean) }
            return (Flow.merge(leftTrue, rightTrue), rightFalse)
        case .binary(let op, let lhs, let rhs, _) where op.isEquality:
            let type = checkExpression(expr, expected: nil)
            _ = type
            let isEqual = op == .equal || op == .strictEqual
            if let (key, type) = nullTested(lhs, rhs) ?? nullTested(rhs, lhs) {
                var narrowed = flow
                narrowed.narrowed[key] = types.unwrapped(type)
                return isEqual ? (flow, narrowed) : (narrowed, flow)
            }
            return (flow, flow)
        default:
            let type = checkExpression(expr, expected: .boolean)
            if type == .boolean || type == .error || type == .never { return (flow, flow) }
            if types.isOptional(type) {
                if let (key, declared) = narrowTarget(expr) {
                    var narrowed = flow
                    narrowed.narrowed[key] = types.unwrapped(declared)
                    return (narrowed, flow)
                }
                return (flow, flow)
            }
            report(CompilerMessages.conditionNotBoolean(types.describe(type)), at: expr.span,
                   helps: type == .number ? ["compare explicitly, e.g. 'x != 0'"] : type == .string ? ["compare explicitly, e.g. 's != \"\"'"] : [])
            return (flow, flow)
        }
    }

    /// The narrowing key and declared type of `candidate` when `other` is `null`.
    private func nullTested(_ candidate: Expr, _ other: Expr) -> (Int, TypeID)? {
        guard case .null = stripParens(other).kind else { return nil }
        return narrowTarget(stripParens(candidate))
    }

    /// Fields are narrowed under negative keys; locals under their flow index.
    static func narrowKey(_ field: FieldInfo) -> Int { -1 - field.serial }

    /// What a null test can narrow: a local variable or parameter of this body, or a field of the
    /// current object used by its bare name or as `this.name`. Returns the key and declared type.
    func narrowTarget(_ expr: Expr) -> (Int, TypeID)? {
        let expr = stripParens(expr)
        if let variable = narrowableVariable(expr) { return (variable.flowIndex, variable.type) }
        if let field = ownField(expr), types.isOptional(checker.fieldType(field)) {
            return (BodyChecker.narrowKey(field), checker.fieldType(field))
        }
        return nil
    }

    /// The field of the current object that `expr` names (`name` or `this.name`), if any.
    func ownField(_ expr: Expr) -> FieldInfo? {
        guard let owner = enclosingOwner, !enclosingIsStatic else { return nil }
        switch expr.kind {
        case .identifier(let name):
            if lookupVariable(name) != nil { return nil }
            if let field = owner.fieldsByName[name], !field.isStatic { return field }
        case .member(let base, let name, false):
            if case .this = base.kind, let field = owner.fieldsByName[name.name], !field.isStatic { return field }
        default:
            break
        }
        return nil
    }

    /// Calls to the object's own methods may change its fields: forget what was known about them.
    func forgetFieldNarrowing() {
        guard flow.narrowed.keys.contains(where: { $0 < 0 }) else { return }
        flow.narrowed = flow.narrowed.filter { $0.key >= 0 }
    }

    func stripParens(_ expr: Expr) -> Expr {
        if case .paren(let inner) = expr.kind { return stripParens(inner) }
        return expr
    }

    /// A local variable or parameter of this body with an optional type.
    func narrowableVariable(_ expr: Expr) -> VariableInfo? {
        guard case .identifier(let name) = expr.kind, let variable = lookupVariable(name), variable.ownerBody == bodyID,
              types.isOptional(variable.type) else { return nil }
        return variable
    }
}

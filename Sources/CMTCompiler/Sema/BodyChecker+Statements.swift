import CMTSource

extension BodyChecker {
    func checkStatements(_ statements: [Stmt]) {
        var warnedUnreachable = false
        for stmt in statements {
            if !flow.reachable && !warnedUnreachable {
                switch stmt.kind {
                case .empty, .function: break
                default:
                    warnedUnreachable = true
                    report(CompilerMessages.unreachableCode, at: stmt.span)
                }
            }
            checkStatement(stmt)
        }
    }

    func checkStatement(_ stmt: Stmt) {
        let labels = pendingLabels
        pendingLabels = []
        switch stmt.kind {
        case .expression(let expr):
            let type = checkExpression(expr, expected: nil)
            if type == .never { flow = .unreachable }
            if isPure(expr) {
                report(CompilerMessages.unusedResult, at: expr.span)
            }
        case .variables(let isConst, let bindings):
            for binding in bindings { checkBinding(binding, isConst: isConst) }
        case .destructure(let isConst, let pattern, let type, let initializer):
            checkDestructuring(isConst: isConst, pattern: pattern, type: type, initializer: initializer)
        case .forOfPattern(let isConst, let pattern, let iterable, let body):
            let elementType = checkIterable(iterable)
            pushScope()
            forgetNarrowing(assignedIn: body)
            let entry = flow
            bind(pattern, to: elementType, isConst: isConst)
            jumpTargets.append(JumpTarget(kind: .loop, labels: labels))
            checkNested(body)
            let breaks = jumpTargets.removeLast().breaks
            flow = breaks.reduce(entry, Flow.merge)
            popScope()
        case .block(let block):
            pushScope()
            checkStatements(block.statements)
            popScope()
        case .ifStmt(let condition, let then, let otherwise):
            let (whenTrue, whenFalse) = checkCondition(condition)
            flow = whenTrue
            checkNested(then)
            let afterThen = flow
            flow = whenFalse
            if let otherwise { checkNested(otherwise) }
            flow = Flow.merge(afterThen, flow)
        case .whileStmt(let condition, let body):
            forgetNarrowing(assignedIn: body)
            let (whenTrue, whenFalse) = checkCondition(condition)
            flow = whenTrue
            jumpTargets.append(JumpTarget(kind: .loop, labels: labels))
            checkNested(body)
            let breaks = jumpTargets.removeLast().breaks
            flow = breaks.reduce(whenFalse, Flow.merge)
        case .doWhile(let body, let condition):
            forgetNarrowing(assignedIn: body)
            jumpTargets.append(JumpTarget(kind: .loop, labels: labels))
            checkNested(body)
            let target = jumpTargets.removeLast()
            flow = target.continues.reduce(flow, Flow.merge)
            let (_, whenFalse) = checkCondition(condition)
            flow = target.breaks.reduce(whenFalse, Flow.merge)
        case .switchStmt(let value, let cases):
            checkSwitch(value: value, cases: cases, labels: labels)
        case .labeled(let label, let body):
            checkLabeled(label, body: body, outer: labels)
        case .forStmt(let initializer, let condition, let step, let body):
            pushScope()
            if let initializer { checkStatement(initializer) }
            forgetNarrowing(assignedIn: body)
            var exit = Flow.unreachable
            if let condition {
                let (whenTrue, whenFalse) = checkCondition(condition)
                flow = whenTrue
                exit = whenFalse
            }
            jumpTargets.append(JumpTarget(kind: .loop, labels: labels))
            let entry = flow
            checkNested(body)
            let target = jumpTargets.removeLast()
            if let step {
                flow = target.continues.reduce(flow, Flow.merge)
                if !flow.reachable { flow = entry }
                _ = checkExpression(step, expected: nil)
            }
            let breaks = target.breaks
            flow = breaks.reduce(exit, Flow.merge)
            popScope()
        case .forOf(let isConst, let binding, let iterable, let body):
            checkForOf(isConst: isConst, binding: binding, iterable: iterable, body: body, labels: labels)
        case .returnStmt(let value):
            checkReturn(value, span: stmt.span)
            flow = .unreachable
        case .breakStmt(let label):
            checkJump(isBreak: true, label: label, span: stmt.span)
        case .continueStmt(let label):
            checkJump(isBreak: false, label: label, span: stmt.span)
        case .emit(let event, let arguments):
            checkEmit(event, arguments: arguments)
        case .function(let decl):
            checkNestedFunction(decl)
        case .tryStmt(let clause):
            checkTry(clause, id: stmt.id, span: stmt.span)
        case .empty, .error:
            break
        }
    }

    /// Checks a statement that is the body of an `if` or loop in its own scope.
    func checkNested(_ stmt: Stmt) {
        pushScope()
        checkStatement(stmt)
        popScope()
    }

    /// Whether an expression statement computes a value and throws it away.
    func isPure(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .number, .string, .template, .boolean, .null, .this, .identifier, .array, .map, .binary, .unary, .member, .index, .arrow:
            if case .binary(let op, _, _, _) = expr.kind, op == .and || op == .or || op == .coalesce { return false }
            return true
        case .paren(let inner): return isPure(inner)
        default: return false
        }
    }

    func checkBinding(_ binding: VarBinding, isConst: Bool) {
        var declared: TypeID?
        if let annotation = binding.type {
            declared = checker.resolveType(annotation, typeParams: typeParameterNames)
        }
        var valueType: TypeID?
        if let initializer = binding.initializer {
            let type = checkExpression(initializer, expected: declared)
            valueType = type
            if let declared, !checker.isAssignable(type, to: declared) {
                report(CompilerMessages.cannotAssign(types.describe(type), to: types.describe(declared), what: "'\(binding.name.name)'"),
                       at: initializer.span, helps: conversionHelp(from: type, to: declared))
            }
        } else if isConst {
            report(CompilerMessages.constNeedsValue(binding.name.name), at: binding.name.span,
                   fixIts: [.insert(" = …", at: Span.point(binding.span.file, binding.span.end), message: "give it a value")])
        }
        var type = declared ?? valueType ?? .error
        if declared == nil {
            if let valueType {
                if types[valueType] == .null {
                    report(CompilerMessages.cannotInferFromNull(binding.name.name), at: binding.initializer?.span ?? binding.span,
                           fixIts: [.insert(": Type?", at: Span.point(binding.name.span.file, binding.name.span.end), message: "annotate the type")])
                    type = .error
                } else if valueType == .void {
                    report(CompilerMessages.voidValueUsed, at: binding.initializer?.span ?? binding.span)
                    type = .error
                } else if valueType == .never {
                    type = .error
                }
            } else if !isConst {
                report(CompilerMessages.cannotInferVariable(binding.name.name), at: binding.name.span)
            }
        }
        guard let variable = declareVariable(binding, isConst: isConst, type: type, assigned: binding.initializer != nil) else { return }
        if let valueType, types.isOptional(type), !types.isOptional(valueType), valueType != .error {
            flow.narrowed[variable.flowIndex] = types.unwrapped(type)
        }
    }

    /// Declares the variable of a `let`/`const` binding or of a destructuring pattern: a local, or
    /// at a script's top level, one of the module's globals.
    @discardableResult
    func declareVariable(_ binding: VarBinding, isConst: Bool, type: TypeID, assigned: Bool) -> VariableInfo? {
        guard !binding.name.isMissing else { return nil }
        if context == .script, scopes.count == 1, case .variable(let global)? = checker.ownGlobal(binding.name.name, in: file),
           global.kind == .global, global.span == binding.name.span {
            global.type = type
            global.isPending = false
            adopt(global, assigned: assigned)
            scopes[0][binding.name.name] = global
            return nil
        }
        let variable = declare(binding.name, kind: .local, isConst: isConst, type: type, assigned: assigned)
        record(binding.id, in: file, symbol: .variable(variable))
        return variable
    }

    /// `let [a, b] = xs;`, `const { x, y }: Point = p;`
    func checkDestructuring(isConst: Bool, pattern: Pattern, type: TypeRepr?, initializer: Expr) {
        let declared = type.map { checker.resolveType($0, typeParams: typeParameterNames) }
        let valueType = checkExpression(initializer, expected: declared)
        if let declared, !checker.isAssignable(valueType, to: declared) {
            report(CompilerMessages.cannotAssign(types.describe(valueType), to: types.describe(declared), what: "the pattern"),
                   at: initializer.span, helps: conversionHelp(from: valueType, to: declared))
        }
        bind(pattern, to: declared ?? valueType, isConst: isConst)
    }

    /// Declares the variables of `pattern` for a value of type `type`. An array pattern takes an
    /// array (an element past the end reverts, unless it has a default); an object pattern takes a
    /// class instance (fields) or a map with string keys (missing keys are null, or the default).
    func bind(_ pattern: Pattern, to type: TypeID, isConst: Bool) {
        switch pattern.kind {
        case .error:
            return
        case .name(let binding):
            declareVariable(binding, isConst: isConst, type: type, assigned: true)
        case .array(let elements, let rest):
            var elementType = TypeID.error
            if case .array(let element) = types[type] {
                elementType = element
            } else if type != .error {
                report(CompilerMessages.patternType(types.describe(type), pattern: "an array pattern"), at: pattern.span,
                       helps: types.isOptional(type) ? ["the value may be null; give a default with '??'"] : [])
            }
            for element in elements.compactMap({ $0 }) {
                if let value = element.defaultValue { checkPatternDefault(value, type: elementType) }
                bind(element.pattern, to: elementType, isConst: isConst)
            }
            if let rest { bind(rest, to: elementType == .error ? .error : types.array(elementType), isConst: isConst) }
        case .object(let elements):
            let objectType = objectPatternSource(type, span: pattern.span)
            for element in elements {
                guard let key = element.key else { continue }
                var propertyType = TypeID.error
                switch objectType {
                case .map(let value):
                    propertyType = element.defaultValue == nil ? types.optional(value) : value
                case .object(let receiver):
                    switch lookupMember(receiver, key.name) {
                    case .field(let field, let fieldType) where !field.isStatic:
                        record(element.id, in: file, symbol: .field(field.owner, field))
                        propertyType = fieldType
                        if element.defaultValue != nil {
                            if types.isOptional(fieldType) {
                                propertyType = types.unwrapped(fieldType)
                            } else if fieldType != .error {
                                report(CompilerMessages.patternDefaultNeverUsed(key.name, type: types.describe(fieldType)), at: element.defaultValue?.span ?? key.span)
                            }
                        }
                    default:
                        reportUnknownMember(key, of: receiver)
                    }
                case nil:
                    break
                }
                if let value = element.defaultValue { checkPatternDefault(value, type: propertyType) }
                bind(element.pattern, to: propertyType, isConst: isConst)
            }
        }
    }

    /// What an object pattern reads from.
    enum ObjectPatternSource {
        case map(value: TypeID)
        case object(TypeID)
    }

    private func objectPatternSource(_ type: TypeID, span: Span) -> ObjectPatternSource? {
        switch types[type] {
        case .error: return nil
        case .map(let key, let value) where key == .string: return .map(value: value)
        case .instance(let id, _) where checker.classes[Int(id.rawValue)].kind != .contract: return .object(type)
        default:
            report(CompilerMessages.patternType(types.describe(type), pattern: "an object pattern; it reads the fields of a class instance or the entries of a map with string keys"),
                   at: span, helps: types.isOptional(type) ? ["the value may be null; give a default with '??'"] : [])
            return nil
        }
    }

    private func checkPatternDefault(_ value: Expr, type: TypeID) {
        let valueType = checkExpression(value, expected: type == .error ? nil : type)
        if type != .error, !checker.isAssignable(valueType, to: type) {
            report(CompilerMessages.cannotAssign(types.describe(valueType), to: types.describe(type), what: "a default"), at: value.span)
        }
    }

    /// Type parameters in scope (of the enclosing generic class and function).
    var typeParameterNames: [String] {
        (enclosingOwner?.typeParams ?? []) + (function?.typeParams ?? [])
    }

    func checkForOf(isConst: Bool, binding: VarBinding, iterable: Expr, body: Stmt, labels: [Identifier]) {
        var elementType = checkIterable(iterable)
        if let annotation = binding.type {
            let declared = checker.resolveType(annotation, typeParams: typeParameterNames)
            if !checker.isAssignable(elementType, to: declared) {
                report(CompilerMessages.cannotAssign(types.describe(elementType), to: types.describe(declared), what: "'\(binding.name.name)'"),
                       at: annotation.span)
            }
            elementType = declared
        }
        pushScope()
        forgetNarrowing(assignedIn: body)
        let entry = flow
        if !binding.name.isMissing {
            let variable = declare(binding.name, kind: .local, isConst: isConst, type: elementType, assigned: true)
            record(binding.id, in: file, symbol: .variable(variable))
        }
        jumpTargets.append(JumpTarget(kind: .loop, labels: labels))
        checkNested(body)
        let breaks = jumpTargets.removeLast().breaks
        flow = breaks.reduce(entry, Flow.merge)
        popScope()
    }

    /// The type of the elements a `for … of` loop runs over.
    func checkIterable(_ iterable: Expr) -> TypeID {
        let iterableType = checkExpression(iterable, expected: nil)
        var elementType = TypeID.error
        switch types[iterableType] {
        case .array(let element): elementType = element
        case .string: elementType = .string
        case .error: break
        case .map:
            report(CompilerMessages.notIterable(types.describe(iterableType)), at: iterable.span,
                   helps: ["iterate over 'm.keys()' or 'm.values()'"])
        default:
            report(CompilerMessages.notIterable(types.describe(iterableType)), at: iterable.span)
        }
        return elementType
    }

    /// `break`, `continue`, `break label` and `continue label`: the flow goes to the target, and
    /// nothing after the jump runs.
    func checkJump(isBreak: Bool, label: Identifier?, span: Span) {
        defer { flow = .unreachable }
        let index: Int?
        if let label {
            index = jumpTargets.lastIndex { target in target.labels.contains { $0.name == label.name } }
            guard let index else {
                let known = jumpTargets.flatMap { $0.labels.map(\.name) }
                let suggestion = Spelling.closest(to: label.name, among: known)
                report(CompilerMessages.unknownLabel(label.name), at: label.span,
                       fixIts: suggestion.map { [.replace(label.span, with: $0, message: "did you mean '\($0)'?")] } ?? [])
                return
            }
            if !isBreak && jumpTargets[index].kind != .loop {
                report(CompilerMessages.continueToNonLoop(label.name), at: label.span,
                       notes: jumpTargets[index].labels.filter { $0.name == label.name }.map { Note("'\($0.name)' labels this statement", at: $0.span) })
                return
            }
        } else if isBreak {
            index = jumpTargets.lastIndex { $0.kind != .labeledStatement }
        } else {
            index = jumpTargets.lastIndex { $0.kind == .loop }
        }
        guard let index else {
            // Point at the keyword, not at the whole statement with its ';'.
            let keyword = Span(file: span.file, start: span.start, end: min(span.end, span.start + (isBreak ? 5 : 8)))
            report(isBreak ? CompilerMessages.breakOutsideLoop : CompilerMessages.continueOutsideLoop, at: keyword)
            return
        }
        if isBreak { jumpTargets[index].breaks.append(flow) } else { jumpTargets[index].continues.append(flow) }
    }

    /// `label: statement`. A label on a loop names the loop (for `continue label`); on any other
    /// statement, `break label` leaves that statement.
    func checkLabeled(_ label: Identifier, body: Stmt, outer: [Identifier]) {
        let inUse = jumpTargets.flatMap(\.labels) + outer
        if let previous = inUse.first(where: { $0.name == label.name }) {
            report(CompilerMessages.duplicateLabel(label.name), at: label.span,
                   notes: [Note("the enclosing label is here", at: previous.span)])
        }
        let labels = outer + [label]
        switch body.kind {
        case .whileStmt, .doWhile, .forStmt, .forOf, .labeled:
            pendingLabels = labels
            checkStatement(body)
        default:
            jumpTargets.append(JumpTarget(kind: .labeledStatement, labels: labels))
            checkNested(body)
            let breaks = jumpTargets.removeLast().breaks
            flow = breaks.reduce(flow, Flow.merge)
        }
    }

    /// `switch (value) { case …: … default: … }` with TypeScript's rules: each case value must be
    /// comparable with the switch value (compared with `===`), there is at most one `default`, and a
    /// case with statements may not run on into the next one: it must end in `break`, `continue`,
    /// `return` or a revert. Cases without statements share the statements of the next case.
    func checkSwitch(value: Expr, cases: [SwitchCase], labels: [Identifier]) {
        let valueType = checkExpression(value, expected: nil)
        let entry = flow
        for clause in cases {
            guard let test = clause.test else { continue }
            let testType = checkExpression(test, expected: valueType)
            if valueType != .error, testType != .error, !isComparable(valueType, testType) {
                report(CompilerMessages.caseTypeMismatch(types.describe(testType), types.describe(valueType)), at: test.span,
                       notes: [Note("the switch value has type '\(types.describe(valueType))'", at: value.span)])
            }
            flow = Flow.merge(entry, flow)
        }
        let afterTests = flow
        pushScope()
        jumpTargets.append(JumpTarget(kind: .switchBody, labels: labels))
        var fallingIn = Flow.unreachable
        for (position, clause) in cases.enumerated() {
            flow = Flow.merge(afterTests, fallingIn)
            checkStatements(clause.body)
            if flow.reachable, !clause.body.isEmpty, position + 1 < cases.count {
                let next = cases[position + 1]
                report(CompilerMessages.switchFallthrough, at: clause.labelSpan,
                       notes: [Note("the next case starts here", at: next.labelSpan)],
                       helps: ["end the case with 'break;' (or 'return' or 'continue'); to share statements, list the cases together with no statements between them"])
            }
            fallingIn = flow
        }
        let breaks = jumpTargets.removeLast().breaks
        popScope()
        let hasDefault = cases.contains { $0.test == nil }
        flow = breaks.reduce(Flow.merge(fallingIn, hasDefault ? .unreachable : afterTests), Flow.merge)
    }

    func checkReturn(_ value: Expr?, span: Span) {
        switch context {
        case .script, .fieldInitializer:
            report(CompilerMessages.returnOutsideFunction, at: span)
            if let value { _ = checkExpression(value, expected: nil) }
            return
        case .function, .arrow:
            break
        }
        let isConstructorLike = function?.kind == .constructor || function?.kind == .webhook
        if let declaredResult {
            if let value {
                let type = checkExpression(value, expected: declaredResult)
                if declaredResult == .void {
                    if type != .error && type != .void {
                        report(CompilerMessages.cannotReturnValue(isConstructorLike ? "a constructor" : "a function returning 'void'"), at: value.span)
                    }
                } else if !checker.isAssignable(type, to: declaredResult) {
                    report(CompilerMessages.returnMismatch(types.describe(type), expected: types.describe(declaredResult)), at: value.span,
                           helps: conversionHelp(from: type, to: declaredResult))
                }
            } else if declaredResult != .void && declaredResult != .error {
                report(CompilerMessages.missingReturnValue(types.describe(declaredResult)), at: span)
            }
            return
        }
        // Inferring: collect the type, and publish the provisional result for recursive calls.
        let type = value.map { checkExpression($0, expected: nil) } ?? .void
        if type == .void, let value, case .call = value.kind {
            report(CompilerMessages.voidValueUsed, at: value.span)
        }
        if let first = returnTypes.first, (first.0 == .void) != (type == .void) {
            report(CompilerMessages.inconsistentReturns(types.describe(type), types.describe(first.0)), at: value?.span ?? span,
                   notes: [Note("the first return gives '\(types.describe(first.0))'", at: first.1)])
            return
        }
        returnTypes.append((type, value?.span ?? span))
        if let function, case .inferring = function.resultState, type != .void, types[type] != .null {
            function.resultState = .inferring(provisional: type)
        }
    }

    func checkEmit(_ name: Identifier, arguments: [Expr]) {
        guard let contract = enclosingOwner, contract.kind == .contract else {
            report(CompilerMessages.emitOutsideContract, at: name.span)
            for argument in arguments { _ = checkExpression(argument, expected: nil) }
            return
        }
        guard let event = contract.events[name.name] else {
            let suggestion = Spelling.closest(to: name.name, among: Array(contract.events.keys))
            report(CompilerMessages.unknownEvent(name.name, contract: contract.name), at: name.span,
                   fixIts: suggestion.map { [.replace(name.span, with: $0, message: "did you mean '\($0)'?")] } ?? [])
            for argument in arguments { _ = checkExpression(argument, expected: nil) }
            return
        }
        checkArguments(arguments, params: event.params.map(\.type), required: event.params.count, calleeName: "event '\(event.name)'",
                       declaredAt: event.span, callSpan: name.span)
    }

    func checkNestedFunction(_ decl: FunctionDecl) {
        let info = FunctionInfo(name: decl.name.name, decl: decl, file: file, owner: nil, isBuiltin: false)
        checker.resolveSignature(info, typeParams: typeParameterNames, isPrelude: false)
        if case .pending = info.resultState {
            report(CompilerMessages.nestedFunctionNeedsReturnType(decl.name.name), at: decl.name.span)
            info.result = .error
            info.resultState = .annotated
        }
        let type = types.function(info.params.map(\.type), required: info.requiredCount, result: info.result)
        let variable = declare(decl.name, kind: .local, isConst: true, type: type, assigned: true)
        variable.readCount = max(variable.readCount, 0)
        record(decl.id, in: file, symbol: .variable(variable))
        guard let body = decl.body else { return }
        let nested = BodyChecker(checker: checker, file: file, context: .arrow, function: info, owner: nil, parent: self)
        nested.checkFunctionBody(decl, body: body)
    }

    /// Before a loop: narrowings of variables the loop assigns no longer hold on the next round.
    func forgetNarrowing(assignedIn stmt: Stmt) {
        guard !flow.narrowed.isEmpty else { return }
        var names = Set<String>()
        AssignedNames.collect(in: stmt, into: &names)
        for name in names {
            if name.hasPrefix("()") {
                if let owner = enclosingOwner, owner.methods[String(name.dropFirst(2))] != nil { forgetFieldNarrowing() }
            } else if let variable = lookupVariable(name), variable.ownerBody == bodyID {
                flow.narrowed[variable.flowIndex] = nil
            } else if let field = enclosingOwner?.fieldsByName[name] {
                flow.narrowed[BodyChecker.narrowKey(field)] = nil
            }
        }
    }

    /// A hint for common mismatches.
    func conversionHelp(from source: TypeID, to target: TypeID) -> [String] {
        if types.isOptional(source) && checker.isAssignable(types.unwrapped(source), to: target) {
            return ["the value may be null; use '??' to give a default, or '!' to revert when it is null"]
        }
        if source == .number && target == .string { return ["convert with '.toString()'"] }
        return []
    }
}

/// Collects the names a statement assigns, for loop narrowing. Nested functions and arrow
/// functions cannot assign the enclosing function's variables (E0250), so the walk stays out of them.
enum AssignedNames {
    static func collect(in stmt: Stmt, into names: inout Set<String>) {
        switch stmt.kind {
        case .function: return
        case .forOf(_, let binding, _, _): names.insert(binding.name.name)
        case .forOfPattern(_, let pattern, _, _): for binding in pattern.bindings { names.insert(binding.name.name) }
        default: break
        }
        SyntaxWalk.children(of: stmt, statement: { collect(in: $0, into: &names) }, expression: { collect(in: $0, into: &names) })
    }

    static func collect(in expr: Expr, into names: inout Set<String>) {
        switch expr.kind {
        case .assign(_, let target, let value, _):
            if case .identifier(let name) = target.kind {
                names.insert(name)
            } else if case .member(let base, let name, _) = target.kind, case .this = base.kind {
                names.insert(name.name)
            } else {
                collect(in: target, into: &names)
            }
            collect(in: value, into: &names)
            return
        case .update(_, _, let target):
            if case .identifier(let name) = target.kind { names.insert(name) }
            return
        case .call(let callee, _, _):
            if case .identifier(let name) = callee.kind { names.insert("()" + name) }
            if case .member(let base, let name, _) = callee.kind, case .this = base.kind { names.insert("()" + name.name) }
        case .arrow:
            return
        default:
            break
        }
        SyntaxWalk.children(of: expr, statement: { collect(in: $0, into: &names) }, expression: { collect(in: $0, into: &names) })
    }
}

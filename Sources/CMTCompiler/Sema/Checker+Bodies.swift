import CMTSource

extension Checker {
    /// Declares the globals of a script: its top-level `let`/`const` names, and names first assigned
    /// at the top level (declaration by assignment), so functions anywhere in the module see them.
    func collectScriptGlobals(_ syntax: SourceFileSyntax) {
        for item in syntax.items {
            guard case .statement(let stmt) = item else { continue }
            collectGlobals(in: stmt, topLevel: true)
        }
    }

    private func collectGlobals(in stmt: Stmt, topLevel: Bool) {
        switch stmt.kind {
        case .variables(let isConst, let bindings) where topLevel:
            for binding in bindings where !binding.name.isMissing {
                declareScriptGlobal(binding.name, isConst: isConst)
            }
            return
        case .destructure(let isConst, let pattern, _, _) where topLevel:
            for binding in pattern.bindings where !binding.name.isMissing {
                declareScriptGlobal(binding.name, isConst: isConst)
            }
            return
        case .expression(let expr):
            if case .assign(.assign, let target, _, _) = expr.kind, case .identifier(let name) = target.kind,
               lookupGlobal(name) == nil {
                declareScriptGlobal(Identifier(name, span: target.span), isConst: false)
            }
            return
        case .function:
            return
        default:
            break
        }
        SyntaxWalk.children(of: stmt, statement: { collectGlobals(in: $0, topLevel: false) }, expression: { _ in })
    }

    private func declareScriptGlobal(_ name: Identifier, isConst: Bool) {
        let variable = VariableInfo(name: name.name, kind: .global, isConst: isConst, span: name.span, type: .error,
                                    index: globalVariables.count)
        variable.isPending = true
        if let existing = globals[name.name] {
            report(CompilerMessages.duplicateDeclaration(name.name), at: name.span,
                   notes: [Note("'\(name.name)' was first declared here", at: span(of: existing))])
            return
        }
        globalVariables.append(variable)
        globals[name.name] = .variable(variable)
    }

    func checkTopLevelStatements(_ syntax: SourceFileSyntax) {
        let statements = syntax.items.compactMap { item -> Stmt? in
            if case .statement(let stmt) = item { stmt } else { nil }
        }
        guard !statements.isEmpty else { return }
        if sources.isTestFile(syntax.file), let first = statements.first(where: { if case .empty = $0.kind { false } else { true } }) {
            report(CompilerMessages.statementInTestFile, at: first.span, helps: [CompilerMessages.statementInTestFileHelp])
        } else if !contractFiles.isEmpty {
            // Every file of a contract program (not only the one declaring the contract): nothing
            // would run its statements, as a contract program has no `main`.
            for stmt in statements {
                if case .variables(isConst: true, _) = stmt.kind { continue }
                if case .empty = stmt.kind { continue }
                report(CompilerMessages.statementInContractFile, at: stmt.span,
                       helps: ["a contract program is not a script; put this code in a function, or make it a 'const'"])
                break
            }
        }
        let body = BodyChecker(checker: self, file: syntax.file, context: .script, function: nil, owner: nil, parent: nil)
        body.checkScript(statements)
        if !contractFiles.isEmpty, !sources.isTestFile(syntax.file) {
            checkModuleConstants(statements)
        }
    }

    /// Checks a function's body unless that has been done already.
    func checkBodyIfNeeded(_ function: FunctionInfo) {
        guard let decl = function.decl, let body = decl.body, !checkedFunctions.contains(ObjectIdentifier(function)) else { return }
        checkedFunctions.insert(ObjectIdentifier(function))
        let checker = BodyChecker(checker: self, file: function.file, context: .function, function: function,
                                  owner: function.owner, parent: nil)
        checker.checkFunctionBody(decl, body: body)
    }

    /// The result type of a call to `function`, inferring it from the body when not annotated.
    func resultType(of function: FunctionInfo, at span: Span) -> TypeID {
        switch function.resultState {
        case .annotated, .inferred:
            return function.result
        case .inferring(let provisional):
            if let provisional { return provisional }
            report(CompilerMessages.recursiveInference(function.name), at: span,
                   notes: function.span.map { [Note("'\(function.name)' is declared here", at: $0)] } ?? [],
                   helps: ["add a return type annotation to '\(function.name)'"])
            return .error
        case .pending:
            guard inferenceDepth < Checker.maximumInferenceDepth else {
                report(CompilerMessages.inferenceTooDeep(function.name), at: span,
                       helps: ["add a return type annotation to '\(function.name)'"])
                return .error
            }
            inferenceDepth += 1
            defer { inferenceDepth -= 1 }
            checkBodyIfNeeded(function)
            return function.result
        }
    }

    /// The type of a field, inferring it from its initializer when not annotated.
    func fieldType(_ field: FieldInfo) -> TypeID {
        switch field.resolution {
        case .resolved:
            return field.type
        case .resolving:
            report(CompilerMessages.recursiveInference(field.name), at: field.decl.name.span,
                   helps: ["add a type annotation to '\(field.name)'"])
            field.resolution = .resolved
            field.type = .error
            return .error
        case .unresolved:
            field.resolution = .resolving
            var type = TypeID.error
            if let initializer = field.decl.initializer {
                let body = BodyChecker(checker: self, file: field.file, context: .fieldInitializer, function: nil,
                                       owner: field.owner, parent: nil)
                body.isStaticContext = field.isStatic
                type = body.checkExpression(initializer, expected: nil)
                if types[type] == .null {
                    report(CompilerMessages.cannotInferFromNull(field.name), at: initializer.span)
                    type = .error
                } else if types[type] == .void {
                    report(CompilerMessages.voidValueUsed, at: initializer.span)
                    type = .error
                }
                field.initializerChecked = true
            }
            if field.resolution == .resolving {
                field.type = type
                field.resolution = .resolved
            }
            return field.type
        }
    }

    func checkFieldInitializers(_ info: ClassInfo) {
        // Inherited fields are checked with their class; an interface's fields are only types.
        guard info.kind != .interface else { return }
        for field in info.fields where field.owner === info {
            let type = fieldType(field)
            if tableRecordType(type) != nil {
                tableIndexes(of: field)
                continue
            }
            if let initializer = field.decl.initializer, !field.initializerChecked {
                let body = BodyChecker(checker: self, file: field.file, context: .fieldInitializer, function: nil, owner: info, parent: nil)
                body.isStaticContext = field.isStatic
                let valueType = body.checkExpression(initializer, expected: type)
                if !isAssignable(valueType, to: type) {
                    report(CompilerMessages.cannotAssign(types.describe(valueType), to: types.describe(type), what: "field '\(field.name)'"),
                           at: initializer.span)
                }
                field.initializerChecked = true
            }
            if field.isStatic && field.decl.initializer == nil {
                report(CompilerMessages.staticNeedsValue(field.name), at: field.decl.name.span)
            } else if !field.isStatic && field.decl.initializer == nil && !types.isOptional(type) && type != .error
                        && !field.isParameterProperty && !constructorAssigns(info, field: field.name) {
                report(CompilerMessages.uninitializedField(field.name), at: field.decl.name.span,
                       fixIts: [.insert(" = \(defaultValueText(type))", at: Span.point(field.decl.span.file, field.decl.type?.span.end ?? field.decl.name.span.end),
                                        message: "give it an initial value")])
            }
        }
    }

    private func defaultValueText(_ type: TypeID) -> String {
        switch types[type] {
        case .number: "0"
        case .string: "\"\""
        case .boolean: "false"
        case .array: "[]"
        case .map: "{}"
        default: "…"
        }
    }

    /// Whether the constructor assigns the field at its top level (`this.f = …` or `f = …`).
    private func constructorAssigns(_ info: ClassInfo, field: String) -> Bool {
        guard let body = info.constructor?.decl?.body else { return false }
        return body.statements.contains { stmt in
            guard case .expression(let expr) = stmt.kind, case .assign(.assign, let target, _, _) = expr.kind else { return false }
            switch target.kind {
            case .identifier(let name): return name == field
            case .member(let base, let name, _):
                if case .this = base.kind { return name.name == field }
                return false
            default: return false
            }
        }
    }

    /// Contract-only rules: storable state, ABI types at the boundary, events and webhooks only in
    /// contracts.
    func checkContractRules(_ info: ClassInfo) {
        let isContract = info.kind == .contract
        for member in info.members {
            switch member {
            case .event(let decl) where !isContract:
                report(CompilerMessages.memberOnlyInContract("events"), at: decl.name.span)
            case .method(let decl) where decl.kind == .webhook && !isContract:
                report(CompilerMessages.memberOnlyInContract("webhook handlers"), at: decl.name.span)
            case .method(let decl) where decl.modifiers.isReentrant && !(isContract && decl.modifiers.isPublic && decl.kind != .constructor):
                report(CompilerMessages.reentrantNotPublic, at: decl.name.span)
            default:
                break
            }
        }
        guard isContract else { return }
        for field in info.fields {
            var visiting = Set<ClassID>()
            let type = fieldType(field)
            if field.isStatic || tableRecordType(type) != nil { continue }
            if !isStorable(type, visiting: &visiting) {
                report(CompilerMessages.notStorable(types.describe(type), field: field.name),
                       at: field.decl.type?.span ?? field.decl.name.span)
            }
        }
        for function in info.methodOrder + (info.constructor.map { [$0] } ?? []) {
            guard let decl = function.decl else { continue }
            let isBoundary = decl.modifiers.isPublic || decl.kind == .webhook || decl.kind == .constructor
            guard isBoundary else { continue }
            for (param, syntax) in zip(function.params, decl.params) {
                var visiting = Set<ClassID>()
                if !isABIType(param.type, visiting: &visiting) {
                    report(CompilerMessages.notABIType(types.describe(param.type), what: "parameter '\(param.name)' of '\(function.name)'"),
                           at: syntax.type?.span ?? syntax.span)
                }
            }
            if decl.modifiers.isPublic {
                checkBodyIfNeeded(function)
                var visiting = Set<ClassID>()
                let result = function.result
                if result != .void && !isABIType(result, visiting: &visiting) {
                    report(CompilerMessages.notABIType(types.describe(result), what: "the result of '\(function.name)'"),
                           at: decl.returnType?.span ?? decl.name.span)
                }
            }
        }
        for (_, event) in info.events.sorted(by: { $0.key < $1.key }) {
            for param in event.params {
                var visiting = Set<ClassID>()
                if !isABIType(param.type, visiting: &visiting) {
                    report(CompilerMessages.notABIType(types.describe(param.type), what: "field '\(param.name)' of event '\(event.name)'"),
                           at: param.span)
                }
            }
        }
    }
}

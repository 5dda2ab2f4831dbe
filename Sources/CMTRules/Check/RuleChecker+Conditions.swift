import CMTCompiler
import CMTSource

extension RuleChecker {
    func checkConditions(_ list: [ConditionSyntax], scope: inout Scope) -> [CheckedCondition] {
        list.compactMap { checkCondition($0, scope: &scope) }
    }

    /// Checks one conditional element. Bindings made inside `not`, `exists` and `forall` are visible
    /// only inside them.
    func checkCondition(_ condition: ConditionSyntax, scope: inout Scope) -> CheckedCondition? {
        switch condition {
        case .pattern(let pattern):
            return checkPattern(pattern, scope: &scope).map { .pattern($0) }
        case .and(let parts, _):
            return .and(checkConditions(parts, scope: &scope))
        case .or(let parts, _):
            // Each alternative binds on its own (`$i : A() or $i : B()` is one binding per branch);
            // afterwards the bindings of every branch are visible, the first branch's type winning.
            let before = scope
            var merged = scope
            var checked: [CheckedCondition] = []
            for part in parts {
                var branch = before
                if let condition = checkCondition(part, scope: &branch) { checked.append(condition) }
                merged.absorb(branch)
            }
            scope = merged
            return .or(checked)
        case .not(let inner, _):
            var local = scope
            return checkCondition(inner, scope: &local).map { .not($0) }
        case .exists(let inner, _):
            var local = scope
            return checkCondition(inner, scope: &local).map { .exists($0) }
        case .forall(let parts, _):
            var local = scope
            return .forall(checkConditions(parts, scope: &local))
        case .eval(let expr, _):
            return .eval(emitValueFunction(prefix: "eval", expr: expr, fact: nil, scope: scope, expect: .boolean(what: "'eval'")))
        case .accumulate(let accumulate):
            return checkAccumulate(accumulate, scope: &scope, patternType: nil).map { .accumulate($0) }
        }
    }

    // MARK: Patterns

    func checkPattern(_ pattern: PatternSyntax, scope: inout Scope) -> CheckedPattern? {
        var fact: Fact?
        var source: CheckedSource?
        let typeName = pattern.type.last?.name ?? ""
        switch pattern.source {
        case .collect(let inner, _):
            var local = scope
            let checked = checkCondition(inner, scope: &local)
            if case .pattern(let innerPattern) = inner, let info = classesByName[innerPattern.type.last?.name ?? ""] {
                fact = Fact(typeText: info.name + "[]", info: nil, isNumber: false)
            }
            source = checked.map { .collect($0) }
        case .accumulate(let accumulate):
            var local = scope
            if let checked = checkAccumulate(accumulate, scope: &local, patternType: typeName) {
                source = .accumulate(checked)
                if checked.finish != nil, TypeNames.cmt(typeName) != "number" {
                    // A custom accumulate's result has the pattern's type (`Cheesery(total > 100)`).
                    fact = resolveFact(pattern.type)
                } else {
                    let resultType = checked.functions.first.map { accumulateResultType($0) } ?? "number"
                    fact = Fact(typeText: resultType, info: nil, isNumber: resultType == "number")
                }
            }
        case .expression(let expr):
            fact = resolveFact(pattern.type)
            if let fact {
                let code = emitValueFunction(prefix: "from", expr: expr, fact: nil, scope: scope, expect: .facts(type: fact.typeText))
                source = .expression(code)
            }
        case nil:
            fact = resolveFact(pattern.type)
        }
        if let binding = pattern.binding {
            let type = fact?.typeText ?? typeName
            if fact == nil { poisoned.insert(binding.name) }
            declare(RuleBinding(name: binding.name, type: fact == nil ? "number" : type, span: binding.span), in: &scope)
        }
        var constraints: [CheckedConstraint] = []
        for item in pattern.constraints {
            if let checked = checkConstraintItem(item, fact: fact, scope: &scope) { constraints.append(checked) }
        }
        guard let fact else { return nil }
        return CheckedPattern(factType: fact.typeText, binding: pattern.binding?.name, constraints: constraints,
                              source: source, span: pattern.span)
    }

    /// The fact type a pattern names, or nil after reporting an unknown one.
    func resolveFact(_ name: QualifiedName) -> Fact? {
        guard let last = name.last, !last.isMissing else { return nil }
        if let info = classesByName[last.name] {
            if usedFacts[info.name] == nil { usedFacts[info.name] = factType(info, origin: .cmtClass(info.nameSpan)) }
            return Fact(typeText: info.name, info: info, isNumber: false)
        }
        let suggestion = Spelling.closest(to: last.name, among: Array(classesByName.keys))
        report(RuleMessages.unknownFactType(last.name), at: last.span,
               fixIts: suggestion.map { [.replace(last.span, with: $0, message: "did you mean '\($0)'?")] } ?? [])
        return nil
    }

    // MARK: Constraints

    func checkConstraintItem(_ item: ConstraintItemSyntax, fact: Fact?, scope: inout Scope) -> CheckedConstraint? {
        var binding: RuleBinding?
        var path: [BoundStep] = []
        if let name = item.binding {
            let bound: Expr? = switch item.constraint {
            case .test(let expr): expr
            case .compare(let left, _, _, _), .inList(let left, _, _, _): left
            default: nil
            }
            var typeText: String?
            if let bound, let fact {
                let steps = boundSteps(bound, fact: fact)
                path = steps ?? []
                // A field path, or the fact itself (`this`) or the number of a `Number()` pattern.
                if steps != nil || isThis(bound) || fact.isNumber {
                    typeText = fieldPathType(bound, fact: fact).map { module.types.describe($0) }
                }
            }
            if typeText == nil {
                if fact != nil { report(RuleMessages.bindingNeedsField(name.name), at: item.span) }
                poisoned.insert(name.name)
            }
            let made = RuleBinding(name: name.name, type: typeText ?? "number", span: name.span)
            declare(made, in: &scope)
            binding = made
        }
        guard let fact else { return nil }
        if binding != nil, case .test(let expr) = item.constraint {
            // A pure binding: `$p : price` (the field is checked by the binding's type lookup).
            let field = fieldName(expr) ?? ""
            return CheckedConstraint(form: .bindingOnly(field: field), code: nil, binding: binding, span: item.span, boundPath: path)
        }
        let code = emitConstraintFunction(item.constraint, fact: fact, scope: scope)
        return CheckedConstraint(form: constraintForm(item.constraint, fact: fact, scope: scope), code: code,
                                 binding: binding, span: item.span, boundPath: path)
    }

    /// The steps of a field path on the fact (`price`, `product.price`), each with the class that
    /// has the field; nil when the expression is not one (`this` is no field either).
    func boundSteps(_ expr: Expr, fact: Fact) -> [BoundStep]? {
        switch expr.kind {
        case .identifier(let name):
            guard let info = fact.info, info.instanceFields.contains(where: { $0.name == name }) else { return nil }
            return [BoundStep(type: info.name, field: name)]
        case .member(let base, let name, _):
            guard var steps = boundSteps(base, fact: fact), let baseType = fieldPathType(base, fact: fact),
                  let info = classInfo(of: baseType), info.instanceFields.contains(where: { $0.name == name.name }) else { return nil }
            steps.append(BoundStep(type: info.name, field: name.name))
            return steps
        case .paren(let inner):
            return boundSteps(inner, fact: fact)
        default:
            return nil
        }
    }

    func isThis(_ expr: Expr) -> Bool {
        if case .this = expr.kind { return true }
        if case .paren(let inner) = expr.kind { return isThis(inner) }
        return false
    }

    /// The class of an instance type, or of the instance an optional holds.
    func classInfo(of type: TypeID) -> ClassInfo? {
        switch module.types[type] {
        case .instance(let id, _): classesByID[id]
        case .optional(let wrapped): classInfo(of: wrapped)
        default: nil
        }
    }

    func emitConstraintFunction(_ constraint: ConstraintSyntax, fact: Fact?, scope: Scope) -> EmbeddedCode {
        var params = scope.bindings + globalBindings
        if let fact { params.insert(RuleBinding(name: "__f", type: fact.typeText, span: constraint.span), at: 0) }
        let code = emitFunction(prefix: "c", params: params, anchor: constraint.span, span: constraint.span) { checker in
            checker.builder.emit("    return ", anchor: constraint.span)
            checker.emitConstraint(constraint, fact: fact, scope: scope)
            checker.builder.emit(";", anchor: constraint.span)
        }
        expectations.append(Expectation(function: code.function, kind: .boolean(what: "a constraint"), span: constraint.span))
        return code
    }

    /// The CMT type of a field path on the fact (`price`, `address.city`, `this`), if it is one.
    func fieldPathType(_ expr: Expr, fact: Fact) -> TypeID? {
        switch expr.kind {
        case .this:
            return fact.info.map { module.types.intern(.instance($0.id, [])) }
        case .identifier(let name):
            if fact.isNumber { return .number }
            return fact.info?.instanceFields.first { $0.name == name }?.type
        case .member(let base, let name, _):
            guard let baseType = fieldPathType(base, fact: fact), let info = classInfo(of: baseType) else { return nil }
            return info.instanceFields.first { $0.name == name.name }?.type
        case .paren(let inner):
            return fieldPathType(inner, fact: fact)
        default:
            return nil
        }
    }

    func fieldName(_ expr: Expr) -> String? {
        if case .identifier(let name) = expr.kind { return name }
        return nil
    }

    /// The simple form of a constraint (`field op literal`, `field op $binding.field`), if it has one.
    func constraintForm(_ constraint: ConstraintSyntax, fact: Fact, scope: Scope) -> ConstraintForm {
        if case .inList(let left, let items, let negated, _) = constraint, let field = fieldName(left),
           fact.info?.instanceFields.contains(where: { $0.name == field }) == true {
            var literals: [ConstraintLiteral] = []
            for item in items {
                guard case .fieldLiteral(_, _, let literal) = constraintForm(.compare(left, .equal, item, operatorSpan: item.span),
                                                                             fact: fact, scope: scope) else { return .expression }
                literals.append(literal)
            }
            return .fieldIn(field: field, literals: literals, negated: negated)
        }
        guard case .compare(let left, let op, let right, _) = constraint, let field = fieldName(left),
              fact.info?.instanceFields.contains(where: { $0.name == field }) == true else { return .expression }
        switch right.kind {
        case .number(let text): return .fieldLiteral(field: field, op: op, literal: .number(text))
        case .unary(.negate, let inner):
            if case .number(let text) = inner.kind { return .fieldLiteral(field: field, op: op, literal: .number("-" + text)) }
        case .string(let text): return .fieldLiteral(field: field, op: op, literal: .string(text))
        case .boolean(let value): return .fieldLiteral(field: field, op: op, literal: .boolean(value))
        case .null: return .fieldLiteral(field: field, op: op, literal: .null)
        case .identifier(let name) where scope.contains(name):
            return .fieldBinding(field: field, op: op, binding: name, bindingField: nil)
        case .member(let base, let member, false):
            if case .identifier(let name) = base.kind {
                if scope.contains(name) { return .fieldBinding(field: field, op: op, binding: name, bindingField: member.name) }
                if classesByName[name] != nil || moduleNames.contains(name) {
                    return .fieldLiteral(field: field, op: op, literal: .staticField(type: name, field: member.name))
                }
            }
        default: break
        }
        return .expression
    }

    // MARK: Accumulate

    func checkAccumulate(_ accumulate: AccumulateSyntax, scope: inout Scope, patternType: String?) -> CheckedAccumulate? {
        var inner = scope
        guard let source = checkCondition(accumulate.source, scope: &inner) else { return nil }
        if let custom = accumulate.custom {
            guard let patternType else {
                report(RuleMessages.customAccumulateNeedsPattern, at: custom.span)
                return nil
            }
            return checkCustomAccumulate(custom, source: source, inner: inner, outer: scope, resultType: patternType, span: accumulate.span)
        }
        var functions: [CheckedAccumulateFunction] = []
        var results: [RuleBinding] = []
        for function in accumulate.functions {
            let name = function.function.name
            guard let kind = AccumulateFunction.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) else {
                let suggestion = Spelling.closest(to: name, among: AccumulateFunction.allCases.map(\.rawValue))
                report(RuleMessages.unknownAccumulateFunction(name), at: function.function.span,
                       fixIts: suggestion.map { [.replace(function.function.span, with: $0, message: "did you mean '\($0)'?")] } ?? [])
                if let binding = function.binding { poisoned.insert(binding.name) }
                continue
            }
            var argument: EmbeddedCode?
            if let expr = function.argument {
                let needsNumber = [.sum, .average, .min, .max].contains(kind)
                argument = emitValueFunction(prefix: "acc", expr: expr, fact: nil, scope: inner,
                                             expect: needsNumber ? .number(what: "the argument of '\(name)'") : nil)
            } else if kind != .count {
                report(RuleMessages.accumulateNeedsArgument(name), at: function.span)
            }
            var resultType = "number"
            if kind == .collectList || kind == .collectSet {
                if let expr = function.argument, case .identifier(let bound) = expr.kind, let binding = inner.all[bound] {
                    resultType = binding.type + "[]"
                } else if function.argument != nil {
                    report(RuleMessages.collectNeedsBinding(name), at: function.argument?.span ?? function.span)
                }
            }
            var binding: RuleBinding?
            if let name = function.binding {
                // `min`/`max` of no value is null, as in Drools: the rule must handle it.
                let boundType = kind == .min || kind == .max ? "number?" : resultType
                binding = RuleBinding(name: name.name, type: boundType, span: name.span)
            }
            functions.append(CheckedAccumulateFunction(function: kind, binding: binding, argument: argument, resultType: resultType))
            if let binding { results.append(binding) }
        }
        for binding in results { declare(binding, in: &scope) }
        var constraints: [CheckedConstraint] = []
        for item in accumulate.constraints {
            let code = emitConstraintFunction(item.constraint, fact: nil, scope: scope)
            constraints.append(CheckedConstraint(form: .expression, code: code, binding: nil, span: item.span))
        }
        return CheckedAccumulate(source: source, functions: functions, constraints: constraints, span: accumulate.span)
    }

    func accumulateResultType(_ function: CheckedAccumulateFunction) -> String { function.resultType }

    /// A custom accumulate: `count()` and a `collectList` of each binding the source makes, and one
    /// generated function that runs `init`, then `action` once per match with those bindings, and
    /// returns `result` (the engine recomputes it when a match leaves, so `reverse` is checked but
    /// never needed). The result has the pattern's type.
    func checkCustomAccumulate(_ custom: CustomAccumulateSyntax, source: CheckedCondition, inner: Scope, outer: Scope,
                               resultType: String, span: Span) -> CheckedAccumulate {
        let made = inner.bindings.filter { !outer.contains($0.name) }
        var functions = [CheckedAccumulateFunction(function: .count, binding: nil, argument: nil, resultType: "number")]
        for binding in made {
            let argument = emitFunction(prefix: "acc", params: inner.bindings + globalBindings, anchor: binding.span, span: binding.span) { checker in
                checker.builder.emit("    return \(binding.name);", anchor: binding.span)
            }
            functions.append(CheckedAccumulateFunction(function: .collectList, binding: nil, argument: argument, resultType: binding.type + "[]"))
        }
        var params = [RuleBinding(name: "__n", type: "number", span: custom.span)]
        for (index, binding) in made.enumerated() {
            params.append(RuleBinding(name: "__c\(index)", type: binding.type + "[]", span: binding.span))
        }
        params += outer.bindings + globalBindings
        let type = TypeNames.cmt(resultType) ?? resultType
        let declared = type == "Number" ? "number" : type
        let finish = emitFunction(prefix: "accr", params: params, anchor: custom.span, span: custom.span) { checker in
            checker.emitActions(custom.initial, indent: "    ")
            checker.builder.emit("\n    for (let __i = 0; __i < __n; __i = __i + 1) {\n", anchor: custom.span)
            for (index, binding) in made.enumerated() {
                checker.builder.emit("        let \(binding.name) = __c\(index)[__i];\n", anchor: binding.span)
            }
            checker.emitActions(custom.action, indent: "        ")
            checker.builder.emit("\n    }\n", anchor: custom.span)
            checker.builder.emit("    let __result: \(declared) = ", anchor: custom.result.span)
            checker.emitExpression(custom.result, fact: nil, scope: outer)
            checker.builder.emit(";\n    return __result;", anchor: custom.result.span)
        }
        if let reverse = custom.reverse {
            // Checked like the action (it undoes one match), never called.
            _ = emitFunction(prefix: "accrev", params: params, anchor: custom.span, span: custom.span) { checker in
                checker.emitActions(custom.initial, indent: "    ")
                for (index, binding) in made.enumerated() {
                    checker.builder.emit("\n    let \(binding.name) = __c\(index)[0];", anchor: binding.span)
                }
                checker.builder.emit("\n", anchor: custom.span)
                checker.emitActions(reverse, indent: "    ")
            }
        }
        var checked = CheckedAccumulate(source: source, functions: functions, constraints: [], span: span)
        checked.finish = finish
        return checked
    }
}

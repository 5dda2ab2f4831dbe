import CMTRuleEngine
import CMTSource

/// Compiling the conditional elements that become group and `from` nodes: `not`/`exists` over
/// several patterns, `forall`, `accumulate` (Drools 6 form and `from accumulate`), `from collect`
/// and `from expression`.
extension RuleSetCompiler.Builder {
    /// The pattern a `not`/`exists` is about when it is one plain pattern (the fast negative node).
    static func singlePattern(_ condition: CheckedCondition) -> CheckedPattern? {
        switch condition {
        case .pattern(let pattern) where pattern.source == nil: pattern
        case .and(let parts) where parts.count == 1: singlePattern(parts[0])
        default: nil
        }
    }

    /// The elements of a group; bindings made inside stay inside.
    mutating func group(_ condition: CheckedCondition) throws(RuleSetError) -> [GroupElement] {
        let saved = bindings
        defer { bindings = saved }
        var elements: [GroupElement] = []
        try element(condition, into: &elements)
        return elements
    }

    mutating func element(_ condition: CheckedCondition, into elements: inout [GroupElement]) throws(RuleSetError) {
        switch condition {
        case .pattern(let pattern) where pattern.source != nil:
            guard case .expression(let code)? = pattern.source else {
                throw unsupported("'collect' or 'accumulate' inside 'not', 'exists', 'forall' or 'accumulate'", pattern.span)
            }
            predicates.append(try function(code))
            let source = predicates.count - 1
            let here = position
            guard case .pattern(let engine) = try self.pattern(pattern, negated: nil) else { return }
            derivedPositions.insert(here)
            elements.append(.from(engine, source: source))
        case .pattern(let pattern):
            if case .pattern(let engine) = try self.pattern(pattern, negated: nil) { elements.append(.pattern(engine)) }
        case .and(let parts):
            for part in parts { try element(part, into: &elements) }
        case .not(.or(let parts)):
            // not (A or B) is not A and not B.
            for part in parts { elements.append(.not(try group(part))) }
        case .not(let inner):
            elements.append(.not(try group(inner)))
        case .exists(let inner):
            elements.append(.exists(try group(inner)))
        case .forall(let parts):
            elements.append(.not(try forall(parts)))
        case .eval(let code):
            predicates.append(try function(code))
            elements.append(.eval(predicates.count - 1))
        case .or:
            throw unsupported("'or' inside 'not', 'exists', 'forall' or 'accumulate'", nil)
        case .accumulate(let accumulate):
            throw unsupported("an 'accumulate' inside 'not', 'exists', 'forall' or another 'accumulate'", accumulate.span)
        }
    }

    /// `forall(P1 P2 …)` is `not(P1 and not(P2 and …))`; `forall(P)` is "no fact of P's type fails
    /// P's constraints".
    mutating func forall(_ parts: [CheckedCondition]) throws(RuleSetError) -> [GroupElement] {
        let saved = bindings
        defer { bindings = saved }
        guard let first = parts.first else { throw unsupported("an empty 'forall'", nil) }
        if parts.count == 1 {
            guard case .pattern(let pattern) = first, pattern.source == nil,
                  let type = classIndex[pattern.factType] else {
                throw unsupported("this 'forall' (write it as forall(P1 P2 …) or over one pattern)", nil)
            }
            let basePosition = position
            factTypes[basePosition] = type
            position += 1
            guard case .pattern(let same) = try self.pattern(pattern, negated: nil) else { return [] }
            return [.pattern(Pattern(type: Int(type))), .not([.same(position: basePosition, same)])]
        }
        var elements: [GroupElement] = []
        try element(first, into: &elements)
        var rest: [GroupElement] = []
        for part in parts.dropFirst() { try element(part, into: &rest) }
        elements.append(.not(rest))
        return elements
    }

    /// An accumulate; `result` is the binding of a `from accumulate` pattern (its first function's
    /// result) and `constraints` that pattern's constraints, tested on that result.
    mutating func accumulate(_ accumulate: CheckedAccumulate, result: String?,
                             constraints extra: [CheckedConstraint]) throws(RuleSetError) -> Accumulate {
        let saved = bindings
        var source: [GroupElement] = []
        try element(accumulate.source, into: &source)
        var calls: [AccumulateCall] = []
        for function in accumulate.functions {
            let argument = try function.argument.map { code throws(RuleSetError) in try self.accumulateArgument(code) } ?? .none
            calls.append(AccumulateCall(kind(function.function), argument))
        }
        bindings = saved
        let here = position
        var finish: Int?
        if let code = accumulate.finish {
            // Its parameters `__n`, `__c0`, … are the functions' results, at the result position.
            let outer = bindings
            for index in calls.indices { bindings[index == 0 ? "__n" : "__c\(index - 1)"] = .result(position: here, index: index) }
            predicates.append(try function(code))
            finish = predicates.count - 1
            bindings = outer
        }
        position += 1
        derivedPositions.insert(here)
        for (index, function) in accumulate.functions.enumerated() {
            if let binding = function.binding { bindings[binding.name] = .result(position: here, index: index) }
        }
        if let result { bindings[result] = .result(position: here, index: 0) }
        var compiled = Accumulate(source: source, functions: calls,
                                  constraints: try resultConstraints(accumulate.constraints + extra, at: here))
        compiled.finish = finish
        return compiled
    }

    /// Constraints on an accumulate result: predicates whose current fact is result 0.
    mutating func resultConstraints(_ checked: [CheckedConstraint], at here: Int) throws(RuleSetError) -> [Constraint] {
        var constraints: [Constraint] = []
        for constraint in checked {
            if let binding = constraint.binding { bindings[binding.name] = .result(position: here, index: 0) }
            guard let code = constraint.code else { continue }
            var compiled = try function(code)
            compiled.arguments = compiled.arguments.map { $0 == .currentFact ? .result(position: here, index: 0) : $0 }
            predicates.append(compiled)
            constraints.append(.predicate(predicates.count - 1))
        }
        return constraints
    }

    func kind(_ function: AccumulateFunction) -> AccumulateKind {
        switch function {
        case .count: .count
        case .sum: .sum
        case .min: .min
        case .max: .max
        case .average: .average
        case .collectList: .collectList
        case .collectSet: .collectSet
        }
    }

    /// What an accumulate function reads: a bound fact or field directly when the argument is just
    /// `$x` or `$x.field`, otherwise the value of the argument's function.
    mutating func accumulateArgument(_ code: EmbeddedCode) throws(RuleSetError) -> AccumulateArgument {
        if let expression = returnedExpression(code) {
            let parts = expression.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            if parts.count == 1, let source = bindings[parts[0]] {
                switch source {
                case .fact(let position) where !derivedPositions.contains(position): return .fact(position: position)
                case .field(let position, let slot) where !derivedPositions.contains(position):
                    return .field(position: position, field: slot)
                default: break
                }
            }
            if parts.count == 2, case .fact(let position)? = bindings[parts[0]], !derivedPositions.contains(position),
               let type = factTypes[position], let slot = module.classes[Int(type)].fields.firstIndex(of: parts[1]) {
                return .field(position: position, field: slot)
            }
        }
        predicates.append(try function(code))
        return .value(predicates.count - 1)
    }

    /// The expression a generated value function returns, when its body is one `return` of a name
    /// path (`$a`, `$o.amount`).
    func returnedExpression(_ code: EmbeddedCode, allowing extra: String = "") -> String? {
        let bytes = Array(base.generated.text.utf8)
        guard code.generatedSpan.start >= 0, code.generatedSpan.end <= bytes.count else { return nil }
        let text = String(decoding: bytes[code.generatedSpan.start..<code.generatedSpan.end], as: UTF8.self)
        guard let open = text.firstIndex(of: "{"), let close = text.lastIndex(of: "}") else { return nil }
        let trimmed = { (part: Substring) in
            String(part.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        }
        var body = trimmed(text[text.index(after: open)..<close])
        guard body.hasPrefix("return "), body.hasSuffix(";") else { return nil }
        body = trimmed(body.dropFirst("return ".count).dropLast())
        let allowed = body.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "$" || $0 == "." || extra.contains($0) }
        return allowed && !body.isEmpty ? body : nil
    }

    /// A pattern with a source: `from expression`, `from collect(…)`, `from accumulate(…)`.
    mutating func sourcePattern(_ pattern: CheckedPattern) throws(RuleSetError) -> Condition {
        switch pattern.source {
        case .expression(let code)?:
            predicates.append(try function(code))
            let source = predicates.count - 1
            let here = position
            guard case .pattern(let engine) = try self.pattern(pattern, negated: nil) else {
                throw unsupported("this 'from'", pattern.span)
            }
            derivedPositions.insert(here)
            return .from(engine, source: source)
        case .collect(let inner)?:
            let saved = bindings
            let collected = position
            var source: [GroupElement] = []
            try element(inner, into: &source)
            guard case .pattern? = source.first else { throw unsupported("'collect' of anything but a pattern", pattern.span) }
            bindings = saved
            let here = position
            position += 1
            derivedPositions.insert(here)
            if let binding = pattern.binding { bindings[binding] = .result(position: here, index: 0) }
            let constraints = try resultConstraints(pattern.constraints, at: here)
            return .accumulate(Accumulate(source: source, functions: [AccumulateCall(.collectList, .fact(position: collected))],
                                          constraints: constraints))
        case .accumulate(let accumulate)?:
            return .accumulate(try self.accumulate(accumulate, result: pattern.binding, constraints: pattern.constraints))
        case nil:
            return try self.pattern(pattern, negated: nil)
        }
    }
}

import CMTRuleEngine

/// Identity tests between facts. Facts reach constraint code as copies of their objects, so CMT's
/// `==` on two facts would compare two distinct objects; Drools compares declared facts by identity
/// (no `@key` fields: Object's `equals`). So constraints and `eval`s made only of `==`/`!=` between
/// the fact being tested (`this`) or earlier facts become the engine's identity tests:
/// `this == $a`, `this != $a`, `this in ($a, $b)`, `this == $a || this == $b`, `eval($a == $b)`.
extension RuleSetCompiler.Builder {
    /// A boolean formula over identity comparisons of two names.
    indirect enum IdentityFormula {
        case same(String, String, negated: Bool)
        case all([IdentityFormula])
        case any([IdentityFormula])

        /// The formula negated (De Morgan), so negation only sits on comparisons.
        var negated: IdentityFormula {
            switch self {
            case .same(let a, let b, let negated): .same(a, b, negated: !negated)
            case .all(let parts): .any(parts.map(\.negated))
            case .any(let parts): .all(parts.map(\.negated))
            }
        }
    }

    /// A constraint's code as an identity test of the candidate (`__f`) against earlier facts.
    func identity(_ code: EmbeddedCode) -> Constraint? {
        guard let formula = identityFormula(code) else { return nil }
        return constraint(formula, candidate: "__f")
    }

    /// An `eval`'s code as identity tests between facts of the rule: the position of the later fact,
    /// whose pattern takes the test, and the test (nil when it is not one).
    func identityEval(_ code: EmbeddedCode) -> (position: Int, test: Constraint)? {
        guard let formula = identityFormula(code) else { return nil }
        var latest = -1
        func scan(_ formula: IdentityFormula) -> Bool {
            switch formula {
            case .same(let a, let b, _):
                guard let pa = factPosition(a), let pb = factPosition(b), pa != pb else { return false }
                latest = max(latest, max(pa, pb))
                return true
            case .all(let parts), .any(let parts): return parts.allSatisfy(scan)
            }
        }
        guard scan(formula), latest >= 0, let candidate = bindings.first(where: { binding in
            if case .fact(let position) = binding.value { return position == latest }
            return false
        })?.key, let test = constraint(formula, candidate: candidate) else { return nil }
        return (latest, test)
    }

    private func factPosition(_ name: String) -> Int? {
        if case .fact(let position)? = bindings[name], !derivedPositions.contains(position) { return position }
        return nil
    }

    private func constraint(_ formula: IdentityFormula, candidate: String) -> Constraint? {
        switch formula {
        case .same(let a, let b, let negated):
            let other = a == candidate ? b : (b == candidate ? a : "")
            guard let position = factPosition(other) else { return nil }
            return .same(pattern: position, negated: negated)
        case .all(let parts):
            var tests: [Constraint] = []
            for part in parts {
                guard let test = constraint(part, candidate: candidate) else { return nil }
                tests.append(test)
            }
            return tests.count == 1 ? tests[0] : .all(tests)
        case .any(let parts):
            var tests: [Constraint] = []
            for part in parts {
                guard let test = constraint(part, candidate: candidate) else { return nil }
                tests.append(test)
            }
            return tests.count == 1 ? tests[0] : .any(tests)
        }
    }

    /// The returned expression of generated code read as an identity formula, if it is one.
    func identityFormula(_ code: EmbeddedCode) -> IdentityFormula? {
        guard let body = returnedExpression(code, allowing: "()=!|& ") else { return nil }
        var reader = IdentityReader(tokens: IdentityReader.tokenize(body))
        guard let formula = reader.or(depth: 0), reader.index == reader.tokens.count else { return nil }
        return formula
    }
}

/// Reads `a == b`, `a != b`, `&&`, `||`, `!` and parentheses (and nothing else).
struct IdentityReader {
    let tokens: [String]
    var index = 0

    static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var name = ""
        let characters = Array(text)
        var position = 0
        func flush() {
            if !name.isEmpty { tokens.append(name) }
            name = ""
        }
        while position < characters.count {
            let character = characters[position]
            let next = position + 1 < characters.count ? characters[position + 1] : " "
            if character.isLetter || character.isNumber || character == "_" || character == "$" || character == "." {
                name.append(character)
                position += 1
                continue
            }
            flush()
            let pair = String([character, next])
            if ["==", "!=", "&&", "||"].contains(pair) {
                tokens.append(pair)
                position += 2
            } else {
                if character != " " { tokens.append(String(character)) }
                position += 1
            }
        }
        flush()
        return tokens
    }

    var current: String? { index < tokens.count ? tokens[index] : nil }

    mutating func or(depth: Int) -> RuleSetCompiler.Builder.IdentityFormula? {
        guard depth < 32, var parts = and(depth: depth).map({ [$0] }) else { return nil }
        while current == "||" {
            index += 1
            guard let next = and(depth: depth) else { return nil }
            parts.append(next)
        }
        return parts.count == 1 ? parts[0] : .any(parts)
    }

    mutating func and(depth: Int) -> RuleSetCompiler.Builder.IdentityFormula? {
        guard var parts = unary(depth: depth).map({ [$0] }) else { return nil }
        while current == "&&" {
            index += 1
            guard let next = unary(depth: depth) else { return nil }
            parts.append(next)
        }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    mutating func unary(depth: Int) -> RuleSetCompiler.Builder.IdentityFormula? {
        if current == "!" {
            index += 1
            return unary(depth: depth + 1)?.negated
        }
        if current == "(" {
            index += 1
            guard let inner = or(depth: depth + 1), current == ")" else { return nil }
            index += 1
            return inner
        }
        guard let left = current, left.first.map({ $0.isLetter || $0 == "_" || $0 == "$" }) == true else { return nil }
        index += 1
        guard let op = current, op == "==" || op == "!=" else { return nil }
        index += 1
        guard let right = current, right.first.map({ $0.isLetter || $0 == "_" || $0 == "$" }) == true else { return nil }
        index += 1
        return .same(left, right, negated: op == "!=")
    }
}

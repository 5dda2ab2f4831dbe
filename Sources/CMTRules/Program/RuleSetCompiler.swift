import CMTBytecode
import CMTCompiler
import CMTRuleEngine
import CMTSource
import CMTVM

/// Why a checked rule base cannot run yet.
public struct RuleSetError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public let span: Span?
    public init(description: String, span: Span?) {
        self.description = description
        self.span = span
    }
}

/// Turns the checked rules (``CheckedRuleBase``) and the module compiled from them into a
/// ``CompiledRuleSet``: patterns become engine patterns over class slots, simple constraints alpha
/// and join tests, everything else predicates that call the generated functions.
public enum RuleSetCompiler {
    /// - Parameter file: only the rules declared in this file (a `load_rules` path names one file).
    public static func compile(_ base: CheckedRuleBase, module: Module, file: FileID? = nil) throws(RuleSetError) -> CompiledRuleSet {
        let classIndex = Dictionary(module.classes.enumerated().map { ($1.name, UInt16($0)) }, uniquingKeysWith: { first, _ in first })
        var functionIndex: [String: FunctionIndex] = [:]
        for (index, function) in module.functions.enumerated() where functionIndex[function.name] == nil {
            functionIndex[function.name] = FunctionIndex(UInt16(truncatingIfNeeded: index))
        }
        var compiler = Builder(base: base, module: module, classIndex: classIndex, functionIndex: functionIndex)
        compiler.globalIndex = Dictionary(base.globals.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        var rules: [RuleDefinition] = []
        var consequences: [RuleFunction] = []
        for rule in base.rules where file == nil || rule.span.file == file {
            // A rule with `or` becomes one engine rule per alternative, as in Drools.
            for variant in try alternatives(rule.conditions) {
                let (definition, consequence) = try compiler.rule(rule, conditions: variant)
                rules.append(definition)
                consequences.append(consequence)
            }
        }
        var layouts = module.classes.map { FactLayout(name: $0.name, fields: $0.fields, superclass: $0.superclass.map(Int.init)) }
        let globals = base.globals.map { CompiledGlobal(name: $0.name, type: $0.type) }
        let queries = try compileQueries(base, file: file, compiler: &compiler, layouts: &layouts, rules: &rules)
        // Time-window evals go after the predicates: -1 becomes predicates.count, and so on.
        let base = compiler.predicates.count
        for index in rules.indices {
            rules[index].conditions = rules[index].conditions.map { condition in
                if case .eval(let id) = condition, id < 0 { return .eval(base - id - 1) }
                return condition
            }
        }
        return CompiledRuleSet(
            ruleBase: RuleBase(types: layouts, rules: rules, queryCallType: queries.isEmpty ? nil : module.classes.count),
            predicates: compiler.predicates, consequences: consequences,
            contextClass: classIndex["__RuleContext"], windows: compiler.windows, saliences: compiler.saliences,
            globals: globals, queries: queries)
    }

    /// The condition lists a left-hand side stands for once every top-level `or` is distributed
    /// (`A and (B or C)` is `A and B` or `A and C`), in the order the alternatives are written.
    static func alternatives(_ conditions: [CheckedCondition]) throws(RuleSetError) -> [[CheckedCondition]] {
        var result: [[CheckedCondition]] = [[]]
        for condition in conditions {
            let options: [[CheckedCondition]]
            switch condition {
            case .or(let parts):
                var collected: [[CheckedCondition]] = []
                for part in parts { collected += try alternatives([part]) }
                options = collected
            case .and(let parts):
                options = try alternatives(parts)
            default:
                options = [[condition]]
            }
            result = result.flatMap { prefix in options.map { prefix + $0 } }
            guard result.count <= 64 else {
                throw RuleSetError(description: "a rule with more than 64 'or' alternatives is not supported", span: nil)
            }
        }
        return result
    }

    struct Builder {
        let base: CheckedRuleBase
        let module: Module
        let classIndex: [String: UInt16]
        let functionIndex: [String: FunctionIndex]
        var predicates: [RuleFunction] = []
        /// Time windows; their evals carry negative ids (-1 is the first) until the predicates are known.
        var windows: [BlockTimeWindow] = []
        /// Where each binding of the rule being compiled comes from.
        var bindings: [String: ArgumentSource] = [:]
        var position = 0
        /// Positions bound to values rather than facts (`from` elements, accumulate results): tests
        /// against them are predicates.
        var derivedPositions: Set<Int> = []
        var saliences: [RuleFunction] = []
        var globalIndex: [String: Int] = [:]
        /// The parameters of the query being compiled, by name (empty for a rule).
        var queryParameters: [String: Int] = [:]
        /// The generated source's bytes, and whether a DRL function may insert logically (read once,
        /// not once per rule: ``mayInsertLogically(_:)``).
        let generatedBytes: [UInt8]
        let functionsInsertLogically: Bool

        init(base: CheckedRuleBase, module: Module, classIndex: [String: UInt16], functionIndex: [String: FunctionIndex]) {
            self.base = base
            self.module = module
            self.classIndex = classIndex
            self.functionIndex = functionIndex
            generatedBytes = Array(base.generated.text.utf8)
            functionsInsertLogically = !base.functions.isEmpty && Self.callsInsertLogical(generatedBytes, 0..<generatedBytes.count)
        }

        mutating func rule(_ rule: CheckedRule, conditions checked: [CheckedCondition]) throws(RuleSetError) -> (RuleDefinition, RuleFunction) {
            bindings = [:]
            ruleSpan = rule.span
            position = 0
            derivedPositions = []
            factTypes = [:]
            queryParameters = [:]
            var conditions: [Condition] = []
            for condition in checked { try add(condition, to: &conditions, negated: nil) }
            var salience = 0
            var salienceExpression: Int?
            switch rule.attributes.salience {
            case .literal(let text): salience = Int(text) ?? 0
            case .expression(let code):
                // Evaluated when an activation is made, with the rule's bindings.
                saliences.append(try function(code))
                salienceExpression = saliences.count - 1
            }
            if rule.attributes.dateEffective != nil || rule.attributes.dateExpires != nil {
                // Checked against the block time when the rule matches (one eval at the end).
                windows.append(BlockTimeWindow(from: rule.attributes.dateEffective, until: rule.attributes.dateExpires))
                conditions.append(.eval(-windows.count))
            }
            var definition = RuleDefinition(
                name: rule.name, salience: salience, noLoop: rule.attributes.noLoop,
                agendaGroup: rule.attributes.agendaGroup ?? "MAIN", activationGroup: rule.attributes.activationGroup,
                enabled: rule.attributes.enabled, conditions: conditions)
            definition.lockOnActive = rule.attributes.lockOnActive
            definition.autoFocus = rule.attributes.autoFocus
            definition.salienceExpression = salienceExpression
            definition.insertsLogically = mayInsertLogically(rule.consequence)
            return (definition, try function(rule.consequence))
        }

        enum Negation { case not, exists }

        mutating func add(_ condition: CheckedCondition, to conditions: inout [Condition], negated: Negation?) throws(RuleSetError) {
            switch condition {
            case .pattern(let pattern) where pattern.source != nil:
                guard negated == nil else { throw unsupported("'from', 'collect' or 'accumulate' inside 'not'/'exists'", pattern.span) }
                conditions.append(try sourcePattern(pattern))
            case .pattern(let pattern):
                conditions.append(try self.pattern(pattern, negated: negated))
            case .and(let parts) where negated == nil:
                for part in parts { try add(part, to: &conditions, negated: nil) }
            case .not(.or(let parts)) where negated == nil:
                // not (A or B) is not A and not B.
                for part in parts { try add(.not(part), to: &conditions, negated: nil) }
            case .not(let inner), .exists(let inner):
                let isNot = if case .not = condition { true } else { false }
                guard negated == nil else { throw unsupported("a nested 'not' or 'exists'", nil) }
                if let single = Self.singlePattern(inner) {
                    try add(.pattern(single), to: &conditions, negated: isNot ? .not : .exists)
                } else {
                    let elements = try group(inner)
                    conditions.append(isNot ? .notAll(elements) : .existsAll(elements))
                }
            case .forall(let parts) where negated == nil:
                conditions.append(.notAll(try forall(parts)))
            case .accumulate(let accumulate) where negated == nil:
                conditions.append(.accumulate(try self.accumulate(accumulate, result: nil, constraints: [])))
            case .eval(let code) where negated == nil:
                // `eval($a == $b)` on facts: an identity test on the later fact's pattern.
                if let (position, test) = identityEval(code), addTest(test, at: position, in: &conditions) { return }
                predicates.append(try function(code))
                conditions.append(.eval(predicates.count - 1))
            case .and: throw unsupported("'not'/'exists' over several patterns", nil)
            case .eval(let code): throw unsupported("'eval' inside 'not'/'exists'", code.span)
            case .or: throw unsupported("'or' inside 'not' or 'exists'", nil)
            case .forall: throw unsupported("'forall' inside 'not'/'exists'", nil)
            case .accumulate(let accumulate): throw unsupported("'accumulate' inside 'not'/'exists'", accumulate.span)
            }
        }

        /// Adds `test` to the plain pattern at `position` among `conditions` (false: no such pattern).
        func addTest(_ test: Constraint, at position: Int, in conditions: inout [Condition]) -> Bool {
            var start = 0
            for index in conditions.indices {
                let count = conditions[index].positionCount
                if position >= start, position < start + count {
                    guard case .pattern(var pattern) = conditions[index], count == 1 else { return false }
                    pattern.constraints.append(test)
                    conditions[index] = .pattern(pattern)
                    return true
                }
                start += count
            }
            return false
        }

        /// The rule being lowered: where an error without a span of its own points.
        var ruleSpan: Span?

        func unsupported(_ what: String, _ span: Span?) -> RuleSetError {
            RuleSetError(description: "\(what) is not supported by the rules engine yet", span: span ?? ruleSpan)
        }

        mutating func pattern(_ pattern: CheckedPattern, negated: Negation?) throws(RuleSetError) -> Condition {
            guard let type = classIndex[pattern.factType] else {
                throw RuleSetError(description: "fact type '\(pattern.factType)' is not a class of the module", span: pattern.span)
            }
            let fields = module.classes[Int(type)].fields
            func slot(_ name: String) throws(RuleSetError) -> Int {
                guard let index = fields.firstIndex(of: name) else {
                    throw RuleSetError(description: "'\(pattern.factType)' has no field '\(name)'", span: pattern.span)
                }
                return index
            }
            let here = position
            // The pattern's own binding is a parameter of its constraint functions: the candidate fact.
            let outer = pattern.binding.flatMap { bindings[$0] }
            if let binding = pattern.binding { bindings[binding] = .currentFact }
            var constraints: [Constraint] = []
            for constraint in pattern.constraints {
                // The binding is the tested fact's field already in its own constraint's code.
                try noteFieldBinding(constraint)
                switch constraint.form {
                case .fieldLiteral(let field, let op, let literal):
                    constraints.append(.compare(field: try slot(field), comparison(op), .constant(try value(literal, span: constraint.span))))
                case .fieldBinding(let field, let op, let binding, let bindingField):
                    guard let source = bindings[binding] else { throw unsupported("binding '\(binding)' here", constraint.span) }
                    let operand: Operand
                    switch (source, bindingField) {
                    case (.fact(let position), let other?) where !derivedPositions.contains(position):
                        let otherType = try typeOfPosition(position)
                        guard let otherSlot = module.classes[Int(otherType)].fields.firstIndex(of: other) else {
                            throw RuleSetError(description: "no field '\(other)'", span: constraint.span)
                        }
                        operand = .factField(pattern: position, field: otherSlot)
                    case (.field(let position, let otherSlot), nil) where !derivedPositions.contains(position):
                        operand = .factField(pattern: position, field: otherSlot)
                    default:
                        // Comparing a field with a whole fact, or anything else: evaluate the code.
                        guard let code = constraint.code else { throw unsupported("this constraint", constraint.span) }
                        predicates.append(try function(code))
                        constraints.append(.predicate(predicates.count - 1))
                        continue
                    }
                    constraints.append(.compare(field: try slot(field), comparison(op), operand))
                case .fieldIn(let field, let literals, let negated):
                    let slot = try slot(field)
                    var tests: [Constraint] = []
                    for literal in literals {
                        tests.append(.compare(field: slot, negated ? .notEqual : .equal, .constant(try value(literal, span: constraint.span))))
                    }
                    constraints.append(negated ? .all(tests) : .any(tests))
                case .bindingOnly:
                    break
                case .expression:
                    guard let code = constraint.code else { continue }
                    if let identity = identity(code) {
                        constraints.append(identity)
                        continue
                    }
                    predicates.append(try function(code))
                    constraints.append(.predicate(predicates.count - 1))
                }
            }
            // Field bindings declared in this pattern are visible to later patterns and the consequence.
            for constraint in pattern.constraints {
                guard let binding = constraint.binding, negated == nil, let slots = try boundSlots(constraint) else { continue }
                bindings[binding.name] = slots.count == 1 ? .field(position: here, slot: slots[0]) : .fieldPath(position: here, slots: slots)
            }
            if let binding = pattern.binding { bindings[binding] = negated == nil ? .fact(position: here) : outer }
            factTypes[here] = type
            position += 1
            let engine = Pattern(type: Int(type), constraints: constraints)
            switch negated {
            case nil: return .pattern(engine)
            case .not?: return .not(engine)
            case .exists?: return .exists(engine)
            }
        }

        var factTypes: [Int: UInt16] = [:]

        /// A field binding is the tested fact's field in the constraints after it in its pattern.
        mutating func noteFieldBinding(_ constraint: CheckedConstraint) throws(RuleSetError) {
            guard let binding = constraint.binding, let slots = try boundSlots(constraint) else { return }
            bindings[binding.name] = slots.count == 1 ? .currentField(slot: slots[0]) : .currentFieldPath(slots: slots)
        }

        /// The slots of the field path a constraint's binding names (nil: it names none).
        func boundSlots(_ constraint: CheckedConstraint) throws(RuleSetError) -> [Int]? {
            guard !constraint.boundPath.isEmpty else { return nil }
            var slots: [Int] = []
            for step in constraint.boundPath {
                guard let type = classIndex[step.type], let slot = module.classes[Int(type)].fields.firstIndex(of: step.field) else {
                    throw RuleSetError(description: "'\(step.type)' has no field '\(step.field)'", span: constraint.span)
                }
                slots.append(slot)
            }
            return slots
        }

        func typeOfPosition(_ position: Int) throws(RuleSetError) -> UInt16 {
            guard let type = factTypes[position] else { throw RuleSetError(description: "no pattern at position \(position)", span: nil) }
            return type
        }

        func comparison(_ op: ConstraintOperator) -> Comparison {
            switch op {
            case .equal: .equal
            case .notEqual: .notEqual
            case .less: .less
            case .lessEqual: .lessEqual
            case .greater: .greater
            case .greaterEqual: .greaterEqual
            case .contains: .contains
            case .notContains: .notContains
            case .memberOf: .memberOf
            case .notMemberOf: .notMemberOf
            }
        }

        /// A literal's value; a static field (`Message.GET_PRICE`) is its initializer's literal.
        func value(_ literal: ConstraintLiteral, span: Span) throws(RuleSetError) -> ContractValue {
            switch literal {
            case .number(let text):
                guard let number = Decimal18(literal: text) else { throw RuleSetError(description: "bad number \(text)", span: span) }
                return .number(number)
            case .string(let text): return .string(text)
            case .boolean(let flag): return .boolean(flag)
            case .null: return .null
            case .staticField(let type, let field):
                guard let info = base.module?.classes.first(where: { $0.name == type }),
                      let declaration = info.fields.first(where: { $0.name == field && $0.isStatic }),
                      let initializer = declaration.decl.initializer else {
                    throw RuleSetError(description: "'\(type).\(field)' is not a static field with a value", span: span)
                }
                switch initializer.kind {
                case .number(let text): return .number(Decimal18(literal: text) ?? .zero)
                case .string(let text): return .string(text)
                case .boolean(let flag): return .boolean(flag)
                case .unary(.negate, let inner):
                    if case .number(let text) = inner.kind, let number = Decimal18(literal: text) { return .number(number.negated) }
                    throw RuleSetError(description: "'\(type).\(field)' must be a literal to be used in a constraint", span: span)
                default:
                    throw RuleSetError(description: "'\(type).\(field)' must be a literal to be used in a constraint", span: span)
                }
            }
        }

        /// The module function generated for `code`, with its parameters mapped to match positions.
        func function(_ code: EmbeddedCode) throws(RuleSetError) -> RuleFunction {
            guard let index = functionIndex[code.function] else {
                throw RuleSetError(description: "the generated function '\(code.function)' is missing from the module", span: code.span)
            }
            var arguments: [ArgumentSource] = []
            for parameter in code.parameters {
                if parameter.name == "__f" {
                    arguments.append(.currentFact)
                } else if parameter.name == "drools" || parameter.name == "kcontext" {
                    arguments.append(.context)
                } else if let index = queryParameters[parameter.name] {
                    arguments.append(.queryArgument(index))
                } else if let source = bindings[parameter.name] {
                    arguments.append(source)
                } else if let index = globalIndex[parameter.name] {
                    arguments.append(.global(index))
                } else {
                    throw unsupported("the global or binding '\(parameter.name)' in rule code", code.span)
                }
            }
            return RuleFunction(function: index, arguments: arguments)
        }
    }
}

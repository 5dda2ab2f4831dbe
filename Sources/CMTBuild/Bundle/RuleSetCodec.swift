import CMTBytecode
import CMTRuleEngine
import CMTRules
import CMTVM

/// A deterministic binary form of a ``CompiledRuleSet`` (the rule network's plan: fact layouts,
/// rules with their conditions and constraints, and the module functions predicates and
/// consequences call), so a bundle carries compiled rules and the node never runs the DRL compiler.
/// Format version 3: `CMTR`, u16 version, then the fields in declaration order (version 2 added
/// lock-on-active, salience expressions, queries and globals; version 3 auto-focus and bindings of
/// nested field paths; group and `from` conditions: `RuleSetCodec+Groups.swift`).
public enum RuleSetCodec {
    static let magic: [UInt8] = Array("CMTR".utf8)
    static let version: UInt16 = 3

    public static func encode(_ set: CompiledRuleSet) -> [UInt8] {
        var writer = ByteWriter()
        for byte in magic { writer.u8(byte) }
        writer.u16(version)
        writer.count(set.ruleBase.types.count)
        for type in set.ruleBase.types {
            writer.string(type.name)
            writer.count(type.fields.count)
            for field in type.fields { writer.string(field) }
        }
        writer.bool(set.ruleBase.queryCallType != nil)
        if let call = set.ruleBase.queryCallType { writer.int(call) }
        writer.count(set.ruleBase.rules.count)
        for rule in set.ruleBase.rules {
            writer.string(rule.name)
            writer.int(rule.salience)
            writer.bool(rule.noLoop)
            writer.string(rule.agendaGroup)
            writer.optionalString(rule.activationGroup)
            writer.bool(rule.enabled)
            writer.bool(rule.lockOnActive)
            writer.bool(rule.salienceExpression != nil)
            if let expression = rule.salienceExpression { writer.int(expression) }
            writer.bool(rule.isQuery)
            writer.bool(rule.insertsLogically)
            writer.bool(rule.autoFocus)
            writer.count(rule.conditions.count)
            for condition in rule.conditions { encode(condition, &writer) }
        }
        for functions in [set.predicates, set.consequences, set.saliences] {
            writer.count(functions.count)
            for function in functions {
                writer.u16(function.function.index)
                writer.count(function.arguments.count)
                for argument in function.arguments { encode(argument, &writer) }
            }
        }
        writer.bool(set.contextClass != nil)
        if let context = set.contextClass { writer.u16(context) }
        writer.count(set.windows.count)
        for window in set.windows {
            writer.optionalI64(window.from)
            writer.optionalI64(window.until)
        }
        writer.count(set.globals.count)
        for global in set.globals {
            writer.string(global.name)
            writer.string(global.type)
        }
        writer.count(set.queries.count)
        for query in set.queries {
            writer.string(query.name)
            writer.count(query.parameters.count)
            for parameter in query.parameters {
                writer.string(parameter.name)
                writer.string(parameter.type)
            }
        }
        return writer.bytes
    }

    static func encode(_ condition: Condition, _ writer: inout ByteWriter) {
        switch condition {
        case .pattern(let pattern):
            writer.u8(0)
            encode(pattern, &writer)
        case .not(let pattern):
            writer.u8(1)
            encode(pattern, &writer)
        case .exists(let pattern):
            writer.u8(2)
            encode(pattern, &writer)
        case .eval(let id):
            writer.u8(3)
            writer.int(id)
        case .notAll, .existsAll, .accumulate, .from:
            encodeGroup(condition, &writer)
        }
    }

    static func encode(_ pattern: Pattern, _ writer: inout ByteWriter) {
        writer.int(pattern.type)
        writer.count(pattern.constraints.count)
        for constraint in pattern.constraints { encode(constraint, &writer) }
    }

    static func encode(_ constraint: Constraint, _ writer: inout ByteWriter) {
        switch constraint {
        case .compare(let field, let comparison, let operand):
            writer.u8(0)
            writer.int(field)
            writer.u8(code(comparison))
            switch operand {
            case .constant(let value):
                writer.u8(0)
                writer.raw(ValueCodec.encode(value))
            case .factField(let pattern, let field):
                writer.u8(1)
                writer.int(pattern)
                writer.int(field)
            }
        case .all(let parts):
            writer.u8(1)
            writer.count(parts.count)
            for part in parts { encode(part, &writer) }
        case .any(let parts):
            writer.u8(2)
            writer.count(parts.count)
            for part in parts { encode(part, &writer) }
        case .predicate(let id):
            writer.u8(3)
            writer.int(id)
        case .same(let pattern, let negated):
            writer.u8(4)
            writer.int(pattern)
            writer.bool(negated)
        }
    }

    static func encode(_ argument: ArgumentSource, _ writer: inout ByteWriter) {
        switch argument {
        case .fact(let position):
            writer.u8(0)
            writer.int(position)
        case .field(let position, let slot):
            writer.u8(1)
            writer.int(position)
            writer.int(slot)
        case .currentFact:
            writer.u8(2)
        case .currentField(let slot):
            writer.u8(3)
            writer.int(slot)
        case .context:
            writer.u8(4)
        case .global(let index):
            writer.u8(5)
            writer.int(index)
        case .queryArgument(let index):
            writer.u8(6)
            writer.int(index)
        case .result(let position, let index):
            writer.u8(7)
            writer.int(position)
            writer.int(index)
        case .fieldPath(let position, let slots):
            writer.u8(8)
            writer.int(position)
            writer.count(slots.count)
            for slot in slots { writer.int(slot) }
        case .currentFieldPath(let slots):
            writer.u8(9)
            writer.count(slots.count)
            for slot in slots { writer.int(slot) }
        }
    }

    static let comparisons: [Comparison] = [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .contains, .notContains, .memberOf,
                                            .notMemberOf]
    static func code(_ comparison: Comparison) -> UInt8 { UInt8(comparisons.firstIndex(of: comparison) ?? 0) }

    /// Decodes a rule set and checks it against the module it runs with: every fact type is a class
    /// of the module with the same fields, every function index is in range, every predicate id and
    /// pattern position is valid.
    public static func decode(_ bytes: [UInt8], module: Module, what: String) throws(BundleError) -> CompiledRuleSet {
        var reader = ByteReader(bytes, what: what)
        for byte in magic where try reader.u8() != byte { throw reader.failure("not a rule network (bad magic)") }
        let version = try reader.u16()
        guard version == Self.version else { throw reader.unsupported(version, expected: Self.version) }
        var types: [FactLayout] = []
        for _ in 0..<(try reader.count(minimumSize: 8)) {
            let name = try reader.string()
            var fields: [String] = []
            for _ in 0..<(try reader.count(minimumSize: 4)) { fields.append(try reader.string()) }
            types.append(FactLayout(name: name, fields: fields))
        }
        let queryCallType: Int? = try reader.bool() ? try reader.int() : nil
        var expected = module.classes.map { FactLayout(name: $0.name, fields: $0.fields, superclass: $0.superclass.map(Int.init)) }
        if let queryCallType {
            // Queries add the fact type of their calls after the module's classes.
            guard queryCallType == expected.count, let call = types.last, call.name == "__QueryCall" else {
                throw reader.failure("its query call type is not after the module's classes")
            }
            expected.append(call)
        }
        // The hierarchy is the module's (the network stores names and fields only).
        guard types.map({ [$0.name] + $0.fields }) == expected.map({ [$0.name] + $0.fields }) else {
            throw reader.failure("its fact types do not match the module's classes")
        }
        types = expected
        var rules: [RuleDefinition] = []
        for _ in 0..<(try reader.count(minimumSize: 8)) {
            let name = try reader.string()
            let salience = try reader.int(max: Int(Int32.max))
            let noLoop = try reader.bool()
            let agendaGroup = try reader.string()
            let activationGroup = try reader.optionalString()
            let enabled = try reader.bool()
            let lockOnActive = try reader.bool()
            let salienceExpression: Int? = try reader.bool() ? try reader.int() : nil
            let isQuery = try reader.bool()
            let insertsLogically = try reader.bool()
            let autoFocus = try reader.bool()
            var conditions: [Condition] = []
            for _ in 0..<(try reader.count(minimumSize: 2)) { conditions.append(try decodeCondition(&reader, types: types.count)) }
            var rule = RuleDefinition(name: name, salience: salience, noLoop: noLoop, agendaGroup: agendaGroup, activationGroup: activationGroup,
                                      enabled: enabled, conditions: conditions)
            rule.lockOnActive = lockOnActive
            rule.salienceExpression = salienceExpression
            rule.isQuery = isQuery
            rule.insertsLogically = insertsLogically
            rule.autoFocus = autoFocus
            rules.append(rule)
        }
        var lists: [[RuleFunction]] = []
        for _ in 0..<3 {
            var functions: [RuleFunction] = []
            for _ in 0..<(try reader.count(minimumSize: 6)) {
                let index = try reader.u16()
                guard Int(index) < module.functions.count else { throw reader.failure("function \(index) is not in the module") }
                var arguments: [ArgumentSource] = []
                for _ in 0..<(try reader.count(minimumSize: 1)) { arguments.append(try decodeArgument(&reader)) }
                functions.append(RuleFunction(function: FunctionIndex(index), arguments: arguments))
            }
            lists.append(functions)
        }
        let contextClass: UInt16? = try reader.bool() ? try reader.u16() : nil
        if let contextClass, Int(contextClass) >= module.classes.count { throw reader.failure("context class \(contextClass) is not in the module") }
        var windows: [BlockTimeWindow] = []
        for _ in 0..<(try reader.count(minimumSize: 2)) {
            windows.append(BlockTimeWindow(from: try reader.optionalI64(), until: try reader.optionalI64()))
        }
        var globals: [CompiledGlobal] = []
        for _ in 0..<(try reader.count(minimumSize: 8)) { globals.append(CompiledGlobal(name: try reader.string(), type: try reader.string())) }
        var queries: [CompiledQuery] = []
        for _ in 0..<(try reader.count(minimumSize: 8)) {
            let name = try reader.string()
            var parameters: [CompiledGlobal] = []
            for _ in 0..<(try reader.count(minimumSize: 8)) { parameters.append(CompiledGlobal(name: try reader.string(), type: try reader.string())) }
            queries.append(CompiledQuery(name: name, parameters: parameters))
        }
        try reader.finish()
        let ruleCount = rules.count { !$0.isQuery }
        guard ruleCount == lists[1].count, rules.prefix(ruleCount).allSatisfy({ !$0.isQuery }) else {
            throw reader.failure("\(ruleCount) rules but \(lists[1].count) consequences")
        }
        if rules.contains(where: \.isQuery), queryCallType == nil { throw reader.failure("it has queries but no query call type") }
        for rule in rules {
            if let expression = rule.salienceExpression, expression < 0 || expression >= lists[2].count {
                throw reader.failure("rule '\(rule.name)' uses salience expression \(expression), which does not exist")
            }
        }
        let evalLimit = lists[0].count + windows.count
        let limits = Limits(predicates: lists[0].count, evals: evalLimit, types: types)
        for rule in rules {
            var positions: [Int] = []
            for condition in rule.conditions {
                switch condition {
                case .eval(let id):
                    guard id >= 0, id < limits.evals else { throw reader.failure("rule '\(rule.name)' uses eval \(id), which does not exist") }
                case .pattern(let pattern), .not(let pattern), .exists(let pattern):
                    try checkPredicates(pattern.constraints, limit: lists[0].count, types: types, type: pattern.type, earlier: positions, reader: reader)
                    positions.append(pattern.type)
                case .notAll, .existsAll, .accumulate, .from:
                    try checkGroup(condition, limits, &positions, reader: reader)
                }
            }
        }
        return CompiledRuleSet(ruleBase: RuleBase(types: types, rules: rules, queryCallType: queryCallType), predicates: lists[0],
                               consequences: lists[1], contextClass: contextClass, windows: windows, saliences: lists[2], globals: globals,
                               queries: queries)
    }

    /// Checks that constraints name existing predicates, fields of the pattern's type, and fields of
    /// earlier patterns (`earlier` holds their fact types by position).
    static func checkPredicates(_ constraints: [Constraint], limit: Int, types: [FactLayout], type: Int, earlier: [Int],
                                reader: ByteReader) throws(BundleError) {
        for constraint in constraints {
            switch constraint {
            case .predicate(let id):
                guard id >= 0, id < limit else { throw reader.failure("predicate \(id) does not exist") }
            case .same(let pattern, _):
                guard pattern >= 0, pattern < earlier.count, earlier[pattern] >= 0 else {
                    throw reader.failure("an identity test names pattern \(pattern), which holds no earlier fact")
                }
            case .compare(let field, _, let operand):
                // A position holding no fact (an accumulate result) has no fields to check here.
                if type >= 0 {
                    guard field >= 0, field < types[type].fields.count else { throw reader.failure("field \(field) is not a field of \(types[type].name)") }
                }
                if case .factField(let pattern, let other) = operand {
                    guard pattern >= 0, pattern < earlier.count, earlier[pattern] >= 0, other >= 0, other < types[earlier[pattern]].fields.count else {
                        throw reader.failure("a constraint compares with pattern \(pattern) field \(other), which does not exist")
                    }
                }
            case .all(let parts), .any(let parts):
                try checkPredicates(parts, limit: limit, types: types, type: type, earlier: earlier, reader: reader)
            }
        }
    }

    static func decodePattern(_ reader: inout ByteReader, types: Int) throws(BundleError) -> Pattern {
        let type = try reader.int()
        guard type >= 0, type < types else { throw reader.failure("fact type \(type) does not exist") }
        var constraints: [Constraint] = []
        for _ in 0..<(try reader.count(minimumSize: 2)) { constraints.append(try decodeConstraint(&reader, depth: 0)) }
        return Pattern(type: type, constraints: constraints)
    }

    static func decodeCondition(_ reader: inout ByteReader, types: Int) throws(BundleError) -> Condition {
        let tag = try reader.u8()
        if tag == 3 { return .eval(try reader.int()) }
        if tag >= 4 { return try decodeGroupCondition(tag, &reader, types: types) }
        let type = try reader.int()
        guard type >= 0, type < types else { throw reader.failure("fact type \(type) does not exist") }
        var constraints: [Constraint] = []
        for _ in 0..<(try reader.count(minimumSize: 2)) { constraints.append(try decodeConstraint(&reader, depth: 0)) }
        let pattern = Pattern(type: type, constraints: constraints)
        switch tag {
        case 0: return .pattern(pattern)
        case 1: return .not(pattern)
        case 2: return .exists(pattern)
        default: throw reader.failure("unknown condition kind \(tag)")
        }
    }

    static func decodeConstraint(_ reader: inout ByteReader, depth: Int) throws(BundleError) -> Constraint {
        guard depth < 64 else { throw reader.failure("constraints are nested too deeply") }
        switch try reader.u8() {
        case 0:
            let field = try reader.int()
            let code = Int(try reader.u8())
            guard code < comparisons.count else { throw reader.failure("unknown comparison \(code)") }
            switch try reader.u8() {
            case 0:
                guard let value = ValueCodec.decode(try reader.raw()) else { throw reader.failure("a constant does not decode") }
                return .compare(field: field, comparisons[code], .constant(value))
            case 1:
                return .compare(field: field, comparisons[code], .factField(pattern: try reader.int(), field: try reader.int()))
            default:
                throw reader.failure("unknown operand kind")
            }
        case 1, 2:
            let isAll = reader.bytes[reader.offset - 1] == 1
            var parts: [Constraint] = []
            for _ in 0..<(try reader.count(minimumSize: 2)) { parts.append(try decodeConstraint(&reader, depth: depth + 1)) }
            return isAll ? .all(parts) : .any(parts)
        case 3:
            return .predicate(try reader.int())
        case 4:
            return .same(pattern: try reader.int(), negated: try reader.bool())
        default:
            throw reader.failure("unknown constraint kind")
        }
    }

    static func decodeArgument(_ reader: inout ByteReader) throws(BundleError) -> ArgumentSource {
        func index() throws(BundleError) -> Int {
            let value = try reader.int()
            guard value >= 0 else { throw reader.failure("a negative position or field") }
            return value
        }
        switch try reader.u8() {
        case 0: return .fact(position: try index())
        case 1: return .field(position: try index(), slot: try index())
        case 2: return .currentFact
        case 3: return .currentField(slot: try index())
        case 4: return .context
        case 5: return .global(try index())
        case 6: return .queryArgument(try index())
        case 7: return .result(position: try index(), index: try index())
        case 8:
            let position = try index()
            var slots: [Int] = []
            for _ in 0..<(try reader.count(minimumSize: 1)) { slots.append(try index()) }
            return .fieldPath(position: position, slots: slots)
        case 9:
            var slots: [Int] = []
            for _ in 0..<(try reader.count(minimumSize: 1)) { slots.append(try index()) }
            return .currentFieldPath(slots: slots)
        default: throw reader.failure("unknown argument kind")
        }
    }
}

import CMTBytecode
import CMTRuleEngine
import CMTRules
import CMTVM

/// The binary form of group and `from` conditions (`not`/`exists` over several patterns, `forall`,
/// `accumulate`, `collect`, `from`), and their checks when a bundle is read: every position,
/// predicate and function they name exists, and no conjunction is empty.
extension RuleSetCodec {
    /// What a rule set's conditions may name.
    struct Limits {
        var predicates: Int
        var evals: Int
        var types: [FactLayout]
    }

    static let accumulateKinds: [AccumulateKind] = [.count, .sum, .min, .max, .average, .collectList, .collectSet]

    static func encodeGroup(_ condition: Condition, _ writer: inout ByteWriter) {
        switch condition {
        case .notAll(let inner):
            writer.u8(4)
            encode(inner, &writer)
        case .existsAll(let inner):
            writer.u8(5)
            encode(inner, &writer)
        case .accumulate(let accumulate):
            writer.u8(6)
            encode(accumulate.source, &writer)
            writer.count(accumulate.functions.count)
            for call in accumulate.functions {
                writer.u8(UInt8(accumulateKinds.firstIndex(of: call.kind) ?? 0))
                switch call.argument {
                case .none:
                    writer.u8(0)
                case .fact(let position):
                    writer.u8(1)
                    writer.int(position)
                case .field(let position, let field):
                    writer.u8(2)
                    writer.int(position)
                    writer.int(field)
                case .value(let id):
                    writer.u8(3)
                    writer.int(id)
                }
            }
            writer.count(accumulate.constraints.count)
            for constraint in accumulate.constraints { encode(constraint, &writer) }
            writer.bool(accumulate.finish != nil)
            if let finish = accumulate.finish { writer.int(finish) }
        case .from(let pattern, let source):
            writer.u8(7)
            encode(pattern, &writer)
            writer.int(source)
        case .pattern, .not, .exists, .eval:
            break
        }
    }

    static func encode(_ elements: [GroupElement], _ writer: inout ByteWriter) {
        writer.count(elements.count)
        for element in elements {
            switch element {
            case .pattern(let pattern):
                writer.u8(0)
                encode(pattern, &writer)
            case .not(let inner):
                writer.u8(1)
                encode(inner, &writer)
            case .exists(let inner):
                writer.u8(2)
                encode(inner, &writer)
            case .same(let position, let pattern):
                writer.u8(3)
                writer.int(position)
                encode(pattern, &writer)
            case .eval(let id):
                writer.u8(4)
                writer.int(id)
            case .from(let pattern, let source):
                writer.u8(5)
                encode(pattern, &writer)
                writer.int(source)
            }
        }
    }

    static func decodeGroupCondition(_ tag: UInt8, _ reader: inout ByteReader, types: Int) throws(BundleError) -> Condition {
        switch tag {
        case 4: return .notAll(try decodeElements(&reader, types: types, depth: 0))
        case 5: return .existsAll(try decodeElements(&reader, types: types, depth: 0))
        case 6:
            let source = try decodeElements(&reader, types: types, depth: 0)
            var functions: [AccumulateCall] = []
            for _ in 0..<(try reader.count(minimumSize: 2)) {
                let kind = Int(try reader.u8())
                guard kind < accumulateKinds.count else { throw reader.failure("unknown accumulate function \(kind)") }
                let argument: AccumulateArgument
                switch try reader.u8() {
                case 0: argument = .none
                case 1: argument = .fact(position: try reader.int())
                case 2: argument = .field(position: try reader.int(), field: try reader.int())
                case 3: argument = .value(try reader.int())
                default: throw reader.failure("unknown accumulate argument kind")
                }
                functions.append(AccumulateCall(accumulateKinds[kind], argument))
            }
            var constraints: [Constraint] = []
            for _ in 0..<(try reader.count(minimumSize: 2)) { constraints.append(try decodeConstraint(&reader, depth: 0)) }
            var accumulate = Accumulate(source: source, functions: functions, constraints: constraints)
            if try reader.bool() { accumulate.finish = try reader.int() }
            return .accumulate(accumulate)
        case 7:
            return .from(try decodePattern(&reader, types: types), source: try reader.int())
        default:
            throw reader.failure("unknown condition kind \(tag)")
        }
    }

    static func decodeElements(_ reader: inout ByteReader, types: Int, depth: Int) throws(BundleError) -> [GroupElement] {
        guard depth < 16 else { throw reader.failure("groups are nested too deeply") }
        var elements: [GroupElement] = []
        for _ in 0..<(try reader.count(minimumSize: 2)) {
            switch try reader.u8() {
            case 0: elements.append(.pattern(try decodePattern(&reader, types: types)))
            case 1: elements.append(.not(try decodeElements(&reader, types: types, depth: depth + 1)))
            case 2: elements.append(.exists(try decodeElements(&reader, types: types, depth: depth + 1)))
            case 3:
                let position = try reader.int()
                elements.append(.same(position: position, try decodePattern(&reader, types: types)))
            case 4: elements.append(.eval(try reader.int()))
            case 5:
                let pattern = try decodePattern(&reader, types: types)
                elements.append(.from(pattern, source: try reader.int()))
            default: throw reader.failure("unknown group element kind")
            }
        }
        return elements
    }

    // MARK: Checks

    /// Checks a group or `from` condition and adds its positions (-1 for a position holding no
    /// fact: an accumulate result, a `from` element).
    static func checkGroup(_ condition: Condition, _ limits: Limits, _ positions: inout [Int], reader: ByteReader) throws(BundleError) {
        switch condition {
        case .notAll(let inner), .existsAll(let inner):
            try checkElements(inner, limits, &positions, reader: reader)
        case .accumulate(let accumulate):
            try checkElements(accumulate.source, limits, &positions, reader: reader)
            for call in accumulate.functions {
                switch call.argument {
                case .none:
                    break
                case .fact(let position):
                    guard position >= 0, position < positions.count else { throw reader.failure("an accumulate reads position \(position), which does not exist") }
                case .field(let position, let field):
                    guard position >= 0, position < positions.count, field >= 0,
                          positions[position] < 0 || field < limits.types[positions[position]].fields.count else {
                        throw reader.failure("an accumulate reads field \(field) of position \(position), which does not exist")
                    }
                case .value(let id):
                    guard id >= 0, id < limits.predicates else { throw reader.failure("function \(id) does not exist") }
                }
            }
            if let finish = accumulate.finish, finish < 0 || finish >= limits.predicates {
                throw reader.failure("function \(finish) does not exist")
            }
            positions.append(-1)
            try checkPredicates(accumulate.constraints, limit: limits.predicates, types: limits.types, type: -1, earlier: positions, reader: reader)
        case .from(let pattern, let source):
            guard source >= 0, source < limits.predicates else { throw reader.failure("function \(source) does not exist") }
            try checkPredicates(pattern.constraints, limit: limits.predicates, types: limits.types, type: pattern.type, earlier: positions + [pattern.type],
                                reader: reader)
            positions.append(-1)
        case .pattern, .not, .exists, .eval:
            break
        }
    }

    static func checkElements(_ elements: [GroupElement], _ limits: Limits, _ positions: inout [Int], reader: ByteReader) throws(BundleError) {
        guard !elements.isEmpty else { throw reader.failure("a group has no conditions") }
        for element in elements {
            switch element {
            case .pattern(let pattern):
                try checkPredicates(pattern.constraints, limit: limits.predicates, types: limits.types, type: pattern.type, earlier: positions,
                                    reader: reader)
                positions.append(pattern.type)
            case .not(let inner), .exists(let inner):
                try checkElements(inner, limits, &positions, reader: reader)
            case .same(let position, let pattern):
                guard position >= 0, position < positions.count, positions[position] >= 0 else {
                    throw reader.failure("a group names position \(position), which holds no earlier fact")
                }
                try checkPredicates(pattern.constraints, limit: limits.predicates, types: limits.types, type: pattern.type, earlier: positions,
                                    reader: reader)
                positions.append(pattern.type)
            case .eval(let id):
                guard id >= 0, id < limits.evals else { throw reader.failure("eval \(id) does not exist") }
            case .from(let pattern, let source):
                guard source >= 0, source < limits.predicates else { throw reader.failure("function \(source) does not exist") }
                try checkPredicates(pattern.constraints, limit: limits.predicates, types: limits.types, type: pattern.type,
                                    earlier: positions + [pattern.type], reader: reader)
                positions.append(-1)
            }
        }
    }
}

import CMTBytecode
import CMTRuleEngine
import CMTRules
import CMTVM
import Foundation

/// Miss Manners (the OPS5 benchmark) written against the engine's API, with Swift consequences:
/// the rules as in the classic CLIPS program, the facts from `shared/bench/rules/data`.
public final class Manners: RuleCallbacks {
    public enum T: Int { case guest = 0, lastSeat, seating, context, path, chosen, count }
    public static let types = [
        FactLayout(name: "guest", fields: ["name", "sex", "hobby"]),
        FactLayout(name: "last_seat", fields: ["seat"]),
        FactLayout(name: "seating", fields: ["seat1", "name1", "name2", "seat2", "id", "pid", "path_done"]),
        FactLayout(name: "context", fields: ["state"]),
        FactLayout(name: "path", fields: ["id", "name", "seat"]),
        FactLayout(name: "chosen", fields: ["id", "name", "hobby"]),
        FactLayout(name: "count", fields: ["c"]),
    ]

    static func pattern(_ type: T, _ constraints: [Constraint] = []) -> Pattern { Pattern(type: type.rawValue, constraints: constraints) }
    static func equal(_ field: Int, _ value: String) -> Constraint { .compare(field: field, .equal, .constant(.string(value))) }
    static func join(_ field: Int, _ pattern: Int, _ other: Int) -> Constraint {
        .compare(field: field, .equal, .factField(pattern: pattern, field: other))
    }
    static func join(_ field: Int, _ comparison: Comparison, _ pattern: Int, _ other: Int) -> Constraint {
        .compare(field: field, comparison, .factField(pattern: pattern, field: other))
    }

    public static let rules: [RuleDefinition] = [
        RuleDefinition(name: "assign_first_seat", conditions: [
            .pattern(pattern(.context, [equal(0, "start")])), .pattern(pattern(.guest)), .pattern(pattern(.count)),
        ]),
        RuleDefinition(name: "find_seating", conditions: [
            .pattern(pattern(.context, [equal(0, "assign_seats")])),
            .pattern(pattern(.seating, [equal(6, "yes")])),
            .pattern(pattern(.guest, [join(0, 1, 2)])),
            .pattern(pattern(.guest, [join(1, .notEqual, 2, 1), join(2, 2, 2)])),
            .pattern(pattern(.count)),
            .not(pattern(.path, [join(0, 1, 4), join(1, 3, 0)])),
            .not(pattern(.chosen, [join(0, 1, 4), join(1, 3, 0), join(2, 2, 2)])),
        ]),
        RuleDefinition(name: "make_path", conditions: [
            .pattern(pattern(.context, [equal(0, "make_path")])),
            .pattern(pattern(.seating, [equal(6, "no")])),
            .pattern(pattern(.path, [join(0, 1, 5)])),
            .not(pattern(.path, [join(0, 1, 4), join(1, 2, 1)])),
        ]),
        RuleDefinition(name: "path_done", conditions: [
            .pattern(pattern(.context, [equal(0, "make_path")])), .pattern(pattern(.seating, [equal(6, "no")])),
        ]),
        RuleDefinition(name: "are_we_done", conditions: [
            .pattern(pattern(.context, [equal(0, "check_done")])), .pattern(pattern(.lastSeat)),
            .pattern(pattern(.seating, [join(3, 1, 0)])),
        ]),
        RuleDefinition(name: "continue", conditions: [.pattern(pattern(.context, [equal(0, "check_done")]))]),
        RuleDefinition(name: "print_results", conditions: [
            .pattern(pattern(.context, [equal(0, "print_results")])), .pattern(pattern(.seating)),
            .pattern(pattern(.lastSeat, [join(0, 1, 3)])), .pattern(pattern(.path, [join(0, 1, 4)])),
        ]),
        RuleDefinition(name: "all_done", conditions: [.pattern(pattern(.context, [equal(0, "print_results")]))]),
    ]

    public var seats: [(name: String, seat: Int)] = []

    public init() {}

    static func number(_ value: Int) -> ContractValue { .number(Decimal18(Int64(value))) }
    static func integer(_ value: ContractValue) -> Int {
        if case .number(let number) = value, let integer = number.int64Value { return Int(integer) }
        return -1
    }

    public func evaluate(predicate id: Int, facts: [FactHandle?], session: RuleSession) -> Bool { false }

    public func fire(rule: Int, facts: [FactHandle?], session: RuleSession) throws {
        func fields(_ position: Int) -> [ContractValue] { facts[position].flatMap { session.fields(of: $0) } ?? [] }
        func set(_ position: Int, _ field: Int, _ value: ContractValue) throws {
            guard let handle = facts[position] else { return }
            var updated = fields(position)
            updated[field] = value
            try session.update(handle, fields: updated)
        }
        switch Self.rules[rule].name {
        case "assign_first_seat":
            let name = fields(1)[0]
            let c = fields(2)[0]
            _ = try session.insert(type: T.seating.rawValue, fields: [Self.number(1), name, name, Self.number(1), c, Self.number(0), .string("yes")])
            _ = try session.insert(type: T.path.rawValue, fields: [c, name, Self.number(1)])
            try set(2, 0, Self.number(Self.integer(c) + 1))
            try set(0, 0, .string("assign_seats"))
        case "find_seating":
            let seating = fields(1)
            let chosenGuest = fields(3)
            let c = fields(4)[0]
            let seat2 = Self.integer(seating[3])
            _ = try session.insert(type: T.seating.rawValue, fields: [
                seating[3], seating[2], chosenGuest[0], Self.number(seat2 + 1), c, seating[4], .string("no"),
            ])
            _ = try session.insert(type: T.path.rawValue, fields: [c, chosenGuest[0], Self.number(seat2 + 1)])
            _ = try session.insert(type: T.chosen.rawValue, fields: [seating[4], chosenGuest[0], fields(2)[2]])
            try set(4, 0, Self.number(Self.integer(c) + 1))
            try set(0, 0, .string("make_path"))
        case "make_path":
            let path = fields(2)
            _ = try session.insert(type: T.path.rawValue, fields: [fields(1)[4], path[1], path[2]])
        case "path_done":
            try set(1, 6, .string("yes"))
            try set(0, 0, .string("check_done"))
        case "are_we_done":
            try set(0, 0, .string("print_results"))
        case "continue":
            try set(0, 0, .string("assign_seats"))
        case "print_results":
            let path = fields(3)
            seats.append((path[1].description, Self.integer(path[2])))  // names may be numbers (manners 64, 128)
            if let handle = facts[3] { try session.retract(handle) }
        case "all_done":
            session.halt()
        default:
            break
        }
    }

    /// Loads a `.fct` file of guest, last_seat, count and context facts.
    public static func load(_ text: String, into session: RuleSession) throws {
        for fact in FactLine.parse(text) {
            let value = fact.value
            switch fact.template {
            case "guest": _ = try session.insert(type: T.guest.rawValue, fields: [value("name"), value("sex"), value("hobby")])
            case "last_seat": _ = try session.insert(type: T.lastSeat.rawValue, fields: [value("seat")])
            case "count": _ = try session.insert(type: T.count.rawValue, fields: [value("c")])
            case "context": _ = try session.insert(type: T.context.rawValue, fields: [value("state")])
            default: break
            }
        }
    }
}

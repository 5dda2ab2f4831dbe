import CMTBytecode
import CMTRuleEngine
import CMTRules
import CMTVM
import Foundation

/// Waltz line labelling (the OPS5 benchmark) written against the engine's API, with Swift
/// consequences: the rules of `Benchmarks/rules/clips/waltz.clp` in the same order, the facts from
/// `shared/bench/rules/data/waltz*.fct`. Lines become pairs of directed edges, edges meeting at a
/// point become junctions (L, or by their angles tee, fork or arrow), two boundary junctions get
/// labels, the junction rules spread the labels, and every edge is plotted.
public final class Waltz: RuleCallbacks {
    public enum T: Int { case stage = 0, line, edge, junction }
    public static let types = [
        FactLayout(name: "stage", fields: ["value"]),
        FactLayout(name: "line", fields: ["p1", "p2"]),
        FactLayout(name: "edge", fields: ["p1", "p2", "joined", "label", "plotted"]),
        FactLayout(name: "junction", fields: ["p1", "p2", "p3", "base_point", "type"]),
    ]
    /// Field numbers.
    enum E { static let p1 = 0, p2 = 1, joined = 2, label = 3, plotted = 4 }
    enum J { static let p1 = 0, p2 = 1, p3 = 2, base = 3, type = 4 }

    public var edgesPlotted = 0

    public init() {}

    public func evaluate(predicate id: Int, facts: [FactHandle?], session: RuleSession) -> Bool { false }

    public func fire(rule: Int, facts: [FactHandle?], session: RuleSession) throws {
        func fields(_ position: Int) -> [ContractValue] { facts[position].flatMap { session.fields(of: $0) } ?? [] }
        func set(_ position: Int, _ changes: [(Int, ContractValue)]) throws {
            guard let handle = facts[position] else { return }
            var updated = fields(position)
            for (field, value) in changes { updated[field] = value }
            try session.update(handle, fields: updated)
        }
        func stage(_ value: String) throws { try set(0, [(0, .string(value))]) }
        func label(_ position: Int, _ value: ContractValue) throws { try set(position, [(E.label, value)]) }
        let plus = ContractValue.string("+"), minus = ContractValue.string("-"), boundary = ContractValue.string("B")
        let plotted = ContractValue.string("t")
        switch Self.rules[rule].name {
        case "reverse_edges":
            let line = fields(1)
            _ = try session.insert(type: T.edge.rawValue, fields: [line[0], line[1], .boolean(false), .null, .null])
            _ = try session.insert(type: T.edge.rawValue, fields: [line[1], line[0], .boolean(false), .null, .null])
            if let handle = facts[1] { try session.retract(handle) }
        case "done_reversing": try stage("detect_junctions")
        case "make-3_junction":
            let base = Self.integer(fields(1)[E.p1])
            let (type, barb1, shaft, barb2) = Self.classify(base, Self.integer(fields(1)[E.p2]), Self.integer(fields(2)[E.p2]),
                                                            Self.integer(fields(3)[E.p2]))
            _ = try session.insert(type: T.junction.rawValue, fields: [
                Self.number(barb1), Self.number(shaft), Self.number(barb2), Self.number(base), .string(type),
            ])
            for position in 1...3 { try set(position, [(E.joined, .boolean(true))]) }
        case "make_L":
            let first = fields(1)
            _ = try session.insert(type: T.junction.rawValue, fields: [first[E.p2], fields(2)[E.p2], .null, first[E.p1], .string("L")])
            for position in 1...2 { try set(position, [(E.joined, .boolean(true))]) }
        case "done_detecting": try stage("find_initial_boundary")
        case "initial_boundary_junction_L", "second_boundary_junction_L":
            try label(2, boundary)
            try label(3, boundary)
            try stage(Self.rules[rule].name.hasPrefix("initial") ? "find_second_boundary" : "labeling")
        case "initial_boundary_junction_arrow", "second_boundary_junction_arrow":
            try label(2, boundary)
            try label(3, plus)
            try label(4, boundary)
            try stage(Self.rules[rule].name.hasPrefix("initial") ? "find_second_boundary" : "labeling")
        case "match_edge":
            try set(1, [(E.plotted, plotted)])
            try set(2, [(E.label, fields(1)[E.label]), (E.plotted, plotted)])
            edgesPlotted += 2
        case "label_L": try label(3, boundary)
        case "label_tee_A", "label_tee_B":
            try label(2, boundary)
            try label(3, boundary)
        case "label_fork-1":
            try label(3, plus)
            try label(4, plus)
        case "label_fork-2": try label(4, boundary)
        case "label_fork-3", "label_fork-4": try label(4, minus)
        case "label_arrow-1A", "label_arrow-1B", "label_arrow-2A", "label_arrow-2B":
            let known = fields(2)[E.label]
            try label(3, plus)
            try label(4, known)
        case "label_arrow-3A", "label_arrow-3B", "label_arrow-4A", "label_arrow-4B":
            try label(3, minus)
            try label(4, plus)
        case "label_arrow-5A", "label_arrow-5B":
            try label(3, plus)
            try label(4, plus)
        case "done_labeling": try stage("plot_remaining")
        case "plot_remaining", "plot_boundaries":
            try set(1, [(E.plotted, plotted)])
            edgesPlotted += 1
        case "done_plotting": try stage("done")
        default: break
        }
    }

    // MARK: Geometry (as waltz.clp computes it)

    static let pi = 3.1415927

    /// The direction from one point (x * 100 + y) to another, in radians.
    static func angle(_ from: Int, _ to: Int) -> Double {
        let dx = Double(to / 100 - from / 100), dy = Double(to % 100 - from % 100)
        if dx == 0 { return dy > 0 ? pi / 2 : -pi / 2 }
        if dy == 0 { return dx > 0 ? 0 : pi }
        let a = atan(dy / dx)
        return dx > 0 ? a : (dy >= 0 ? a + pi : a - pi)
    }

    /// The angle between the edges from `base` to `a` and to `b` (0 ... pi).
    static func between(_ base: Int, _ a: Int, _ b: Int) -> Double {
        let d = abs(angle(base, a) - angle(base, b))
        return d > pi ? 2 * pi - d : d
    }

    /// Three edges meeting at `base`: the shaft is the edge whose angles to the other two sum
    /// least; a sum of pi is a tee, more a fork, less an arrow.
    static func classify(_ base: Int, _ p1: Int, _ p2: Int, _ p3: Int) -> (String, Int, Int, Int) {
        let a12 = between(base, p1, p2), a13 = between(base, p1, p3), a23 = between(base, p2, p3)
        let s1 = a12 + a13, s2 = a12 + a23, s3 = a13 + a23
        let sum: Double
        let order: (Int, Int, Int)
        if s1 < s2 {
            (sum, order) = s1 < s3 ? (s1, (p2, p1, p3)) : (s3, (p1, p3, p2))
        } else {
            (sum, order) = s2 < s3 ? (s2, (p1, p2, p3)) : (s3, (p1, p3, p2))
        }
        let type = abs(sum - pi) < 0.001 ? "tee" : (sum > pi ? "fork" : "arrow")
        return (type, order.0, order.1, order.2)
    }

    static func number(_ value: Int) -> ContractValue { .number(Decimal18(Int64(value))) }
    static func integer(_ value: ContractValue) -> Int {
        if case .number(let number) = value, let integer = number.int64Value { return Int(integer) }
        return -1
    }

    /// Loads a `.fct` file of stage and line facts.
    public static func load(_ text: String, into session: RuleSession) throws {
        for fact in FactLine.parse(text) {
            let value = fact.value
            switch fact.template {
            case "stage": _ = try session.insert(type: T.stage.rawValue, fields: [value("value")])
            case "line": _ = try session.insert(type: T.line.rawValue, fields: [value("p1"), value("p2")])
            default: break
            }
        }
    }

    /// Every edge's final label, as `p1 p2 label` lines sorted (what waltz.clp's run prints).
    public static func edgeLabels(_ session: RuleSession) -> [String] {
        session.handles(ofType: T.edge.rawValue).compactMap { handle in
            guard let edge = session.fields(of: handle) else { return nil }
            let label = edge[E.label] == .null ? "nil" : edge[E.label].description
            return "\(edge[E.p1]) \(edge[E.p2]) \(label)"
        }.sorted()
    }
}

import CMTRuleEngine
import CMTRules
import CMTVM

extension Waltz {
    static func pattern(_ type: T, _ constraints: [Constraint] = []) -> Pattern { Pattern(type: type.rawValue, constraints: constraints) }
    static func equal(_ field: Int, _ value: ContractValue) -> Constraint { .compare(field: field, .equal, .constant(value)) }
    static func equal(_ field: Int, _ value: String) -> Constraint { equal(field, .string(value)) }
    static func oneOf(_ field: Int, _ labels: [String]) -> Constraint { .any(labels.map { equal(field, $0) }) }
    static func join(_ field: Int, _ pattern: Int, _ other: Int, _ comparison: Comparison = .equal) -> Constraint {
        .compare(field: field, comparison, .factField(pattern: pattern, field: other))
    }
    static func stage(_ value: String) -> Condition { .pattern(pattern(.stage, [equal(0, value)])) }
    static let unjoined = equal(E.joined, .boolean(false))
    static let unlabelled = equal(E.label, .null)
    /// An edge from the junction at position 1's base point to its point `point`.
    static func edge(to point: Int, _ more: [Constraint] = []) -> Condition {
        .pattern(pattern(.edge, [join(E.p1, 1, J.base), join(E.p2, 1, point)] + more))
    }
    static func junction(_ type: String) -> Condition { .pattern(pattern(.junction, [equal(J.type, type)])) }

    /// The four arrow rules of one kind, each as an A rule (salience 5, the first edge unlabelled)
    /// and a B rule (the second edge unlabelled): `known` is the junction point whose edge has a
    /// label in `labels`; `first` and `second` are the points of the edges the consequence labels.
    static func arrow(_ number: Int, known: Int, labels: [String], first: Int, second: Int) -> [RuleDefinition] {
        let conditions = { (unlabelledFirst: Bool) -> [Condition] in
            [stage("labeling"), junction("arrow"), edge(to: known, [oneOf(E.label, labels)]),
             edge(to: first, unlabelledFirst ? [unlabelled] : []), edge(to: second, unlabelledFirst ? [] : [unlabelled])]
        }
        return [
            RuleDefinition(name: "label_arrow-\(number)A", salience: 5, conditions: conditions(true)),
            RuleDefinition(name: "label_arrow-\(number)B", conditions: conditions(false)),
        ]
    }

    static func fork(_ number: Int, _ first: String, _ second: String) -> RuleDefinition {
        RuleDefinition(name: "label_fork-\(number)", conditions: [
            stage("labeling"), junction("fork"),
            .pattern(pattern(.edge, [join(E.p1, 1, J.base), equal(E.label, first)])),
            .pattern(pattern(.edge, [join(E.p1, 1, J.base), join(E.p2, 2, E.p2, .notEqual), equal(E.label, second)])),
            .pattern(pattern(.edge, [join(E.p1, 1, J.base), join(E.p2, 3, E.p2, .notEqual), join(E.p2, 2, E.p2, .notEqual), unlabelled])),
        ])
    }

    static func boundary(_ name: String, stage value: String, _ type: String, points: [Int], _ comparison: Comparison) -> RuleDefinition {
        RuleDefinition(name: name, conditions: [stage(value), junction(type)] + points.map { edge(to: $0) } + [
            .not(pattern(.junction, [join(J.base, 1, J.base, comparison)])),
        ])
    }

    /// The rules of waltz.clp, in its order (declaration order breaks conflict-resolution ties).
    public static let rules: [RuleDefinition] = [
        RuleDefinition(name: "reverse_edges", conditions: [stage("duplicate"), .pattern(pattern(.line))]),
        RuleDefinition(name: "done_reversing", conditions: [stage("duplicate"), .not(pattern(.line))]),
        RuleDefinition(name: "make-3_junction", salience: 10, conditions: [
            stage("detect_junctions"),
            .pattern(pattern(.edge, [unjoined])),
            .pattern(pattern(.edge, [join(E.p1, 1, E.p1), join(E.p2, 1, E.p2, .notEqual), unjoined])),
            .pattern(pattern(.edge, [join(E.p1, 1, E.p1), join(E.p2, 1, E.p2, .notEqual), join(E.p2, 2, E.p2, .notEqual), unjoined])),
        ]),
        RuleDefinition(name: "make_L", conditions: [
            stage("detect_junctions"),
            .pattern(pattern(.edge, [unjoined])),
            .pattern(pattern(.edge, [join(E.p1, 1, E.p1), join(E.p2, 1, E.p2, .notEqual), unjoined])),
            .not(pattern(.edge, [join(E.p1, 1, E.p1), join(E.p2, 1, E.p2, .notEqual), join(E.p2, 2, E.p2, .notEqual)])),
        ]),
        RuleDefinition(name: "done_detecting", conditions: [stage("detect_junctions")]),
        boundary("initial_boundary_junction_L", stage: "find_initial_boundary", "L", points: [J.p1, J.p2], .greater),
        boundary("initial_boundary_junction_arrow", stage: "find_initial_boundary", "arrow", points: [J.p1, J.p2, J.p3], .greater),
        boundary("second_boundary_junction_L", stage: "find_second_boundary", "L", points: [J.p1, J.p2], .less),
        boundary("second_boundary_junction_arrow", stage: "find_second_boundary", "arrow", points: [J.p1, J.p2, J.p3], .less),
        RuleDefinition(name: "match_edge", conditions: [
            stage("labeling"),
            .pattern(pattern(.edge, [oneOf(E.label, ["+", "-", "B"])])),
            .pattern(pattern(.edge, [join(E.p1, 1, E.p2), join(E.p2, 1, E.p1), unlabelled])),
        ]),
        RuleDefinition(name: "label_L", conditions: [
            stage("labeling"), junction("L"),
            .pattern(pattern(.edge, [join(E.p1, 1, J.base), oneOf(E.label, ["+", "-"])])),
            .pattern(pattern(.edge, [join(E.p1, 1, J.base), join(E.p2, 2, E.p2, .notEqual), unlabelled])),
        ]),
        RuleDefinition(name: "label_tee_A", salience: 5, conditions: [
            stage("labeling"), junction("tee"), edge(to: J.p1, [unlabelled]), edge(to: J.p3),
        ]),
        RuleDefinition(name: "label_tee_B", conditions: [
            stage("labeling"), junction("tee"), edge(to: J.p1), edge(to: J.p3, [unlabelled]),
        ]),
        RuleDefinition(name: "label_fork-1", conditions: [
            stage("labeling"), junction("fork"),
            .pattern(pattern(.edge, [join(E.p1, 1, J.base), equal(E.label, "+")])),
            .pattern(pattern(.edge, [join(E.p1, 1, J.base), join(E.p2, 2, E.p2, .notEqual), unlabelled])),
            .pattern(pattern(.edge, [join(E.p1, 1, J.base), join(E.p2, 3, E.p2, .notEqual), join(E.p2, 2, E.p2, .notEqual)])),
        ]),
        fork(2, "B", "-"),
        fork(3, "B", "B"),
        fork(4, "-", "-"),
    ] + arrow(1, known: J.p1, labels: ["B", "-"], first: J.p2, second: J.p3)
        + arrow(2, known: J.p3, labels: ["B", "-"], first: J.p2, second: J.p1)
        + arrow(3, known: J.p1, labels: ["+"], first: J.p2, second: J.p3)
        + arrow(4, known: J.p3, labels: ["+"], first: J.p2, second: J.p1)
        + arrow(5, known: J.p2, labels: ["-"], first: J.p1, second: J.p3) + [
        RuleDefinition(name: "done_labeling", conditions: [stage("labeling")]),
        RuleDefinition(name: "plot_remaining", conditions: [
            stage("plot_remaining"), .pattern(pattern(.edge, [equal(E.plotted, .null), .compare(field: E.label, .notEqual, .constant(.null))])),
        ]),
        RuleDefinition(name: "plot_boundaries", conditions: [
            stage("plot_remaining"), .pattern(pattern(.edge, [equal(E.plotted, .null), unlabelled])),
        ]),
        RuleDefinition(name: "done_plotting", conditions: [
            stage("plot_remaining"), .not(pattern(.edge, [equal(E.plotted, .null)])),
        ]),
    ]
}

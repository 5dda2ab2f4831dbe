import CMTProcessEngine
import CMTSource

/// The deploy-time checks on a resolved graph: unreachable nodes, joins with no matching fork,
/// improperly nested forks and joins, decisions without transitions, timer transitions.
struct GraphChecker {
    let definition: ProcessDefinition
    var diagnostics = DiagnosticBag()

    init(_ definition: ProcessDefinition) { self.definition = definition }

    /// Targets reachable in one step from `node`: its own and its super-states' leaving transitions,
    /// and a super-state's first child.
    func successors(of node: Int) -> [Int] {
        var result: [Int] = []
        if definition.nodes[node].kind == .superState, let first = definition.nodes[node].children.first { result.append(first) }
        var current: Int? = node
        while let index = current {
            result += definition.nodes[index].leaving.map { definition.transitions[$0].to }
            current = definition.nodes[index].parent
        }
        return result
    }

    mutating func check() {
        for node in definition.nodes where node.kind == .decision && leavingNames(of: node).isEmpty && node.leaving.isEmpty {
            diagnostics.add(WorkflowMessages.decisionWithoutTransitions(node.fullName), at: node.span)
        }
        for node in definition.nodes {
            for timer in node.timers + node.tasks.flatMap(\.timers) {
                if let name = timer.transition, !leavingNames(of: node).contains(name) {
                    diagnostics.add(WorkflowMessages.unknownTimerTransition(name, node.fullName), at: timer.span)
                }
            }
        }
        checkReachability()
        checkForks()
    }

    func leavingNames(of node: NodeDefinition) -> Set<String> {
        var names = Set<String>()
        var current: NodeDefinition? = node
        while let item = current {
            for transition in item.leaving { if let name = definition.transitions[transition].name { names.insert(name) } }
            current = item.parent.map { definition.nodes[$0] }
        }
        return names
    }

    mutating func checkReachability() {
        var reached = Set<Int>()
        var work = [definition.startNode]
        while let node = work.popLast() {
            guard reached.insert(node).inserted else { continue }
            var parent = definition.nodes[node].parent
            while let index = parent {
                reached.insert(index)
                parent = definition.nodes[index].parent
            }
            work += successors(of: node)
        }
        for (index, node) in definition.nodes.enumerated() where !reached.contains(index) {
            diagnostics.add(WorkflowMessages.unreachableNode(node.fullName), at: node.span)
        }
    }

    /// Walks the graph with the stack of forks whose tokens are alive: a fork pushes, a join pops.
    /// A join reached with an empty stack has no matching fork; one reached with two different
    /// stacks joins branches of different forks.
    mutating func checkForks() {
        struct Visit: Hashable {
            var node: Int
            var forks: [Int]
        }
        var seen = Set<Visit>()
        var arrivals: [Int: [Int]] = [:]
        var reported = Set<Int>()
        var work = [Visit(node: definition.startNode, forks: [])]
        while let visit = work.popLast(), seen.count < 20_000 {
            guard seen.insert(visit).inserted else { continue }
            let node = definition.nodes[visit.node]
            var forks = visit.forks
            switch node.kind {
            case .fork:
                guard forks.count < 16 else { continue }
                forks.append(visit.node)
            case .join:
                if forks.isEmpty {
                    if reported.insert(visit.node).inserted {
                        diagnostics.add(WorkflowMessages.joinWithoutFork(node.fullName), at: node.span)
                    }
                    continue
                }
                if let previous = arrivals[visit.node], previous != forks {
                    if reported.insert(visit.node).inserted {
                        diagnostics.add(WorkflowMessages.improperlyNested(node.fullName), at: node.span)
                    }
                    continue
                }
                arrivals[visit.node] = forks
                forks.removeLast()
            default: break
            }
            for next in successors(of: visit.node) { work.append(Visit(node: next, forks: forks)) }
        }
    }
}

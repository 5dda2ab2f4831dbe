import CMTBytecode
import CMTProcessEngine
import CMTSource

/// Checks a process definition's actions against the contract that runs it: every
/// `<action function="f"/>` must name a public function `f(processId: number)`, and every decision
/// `<handler function="f"/>` one that also returns a string (the transition). Errors point at the
/// action in the `.bpm` file.
public enum ContractActionCheck {
    public static func check(_ definition: ProcessDefinition, against module: Module) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func check(_ action: ActionDefinition, isHandler: Bool) {
            guard let function = action.function else { return }
            guard let entry = module.entryPoint(named: function) else {
                let names = module.entryPoints.map(\.name).filter { $0 != "constructor" && !$0.hasPrefix("webhook:") }
                diagnostics.append(Diagnostic(WorkflowMessages.unknownActionFunction(function, known: names), at: action.span))
                return
            }
            guard entry.parameters.count == 1, entry.parameters[0].type == .number else {
                diagnostics.append(Diagnostic(WorkflowMessages.actionFunctionSignature(function, handler: isHandler), at: action.span))
                return
            }
            if isHandler, entry.returnType != .string {
                diagnostics.append(Diagnostic(WorkflowMessages.actionFunctionSignature(function, handler: true), at: action.span))
            }
        }
        func check(_ events: [EventDefinition]) {
            for event in events { for action in event.actions { check(action, isHandler: false) } }
        }
        check(definition.events)
        for node in definition.nodes {
            check(node.events)
            if let action = node.action { check(action, isHandler: false) }
            if let handler = node.handler { check(handler, isHandler: true) }
            for timer in node.timers { if let action = timer.action { check(action, isHandler: false) } }
            for task in node.tasks { check(task.events) }
        }
        for transition in definition.transitions {
            for action in transition.actions { check(action, isHandler: false) }
        }
        return diagnostics
    }
}

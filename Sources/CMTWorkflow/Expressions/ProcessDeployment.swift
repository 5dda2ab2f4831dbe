import CMTProcessEngine
public import CMTSource

/// The process definitions of one deployment (a project, a bundle, the files given to
/// `cmtc process check`), compiled together: a process-state's `<sub-process name="x"/>` is bound
/// at deployment to the definition whose `process-definition name` is `x`, or whose file is `x`
/// (its path, its file name, or its file name without `.bpm`) — jBPM's sub-process resolver.
/// Definitions are compiled sub-processes first; definitions that start each other in a cycle are
/// an error (E0626) unless one side binds late (`binding="late"`, resolved when entered).
public enum ProcessDeployment {
    /// What compiling a deployment gave.
    public struct Output: Sendable {
        /// Compiled definitions by their deployment name (those without errors).
        public var processes: [String: CompiledProcess]
        public var diagnostics: [Diagnostic]
    }

    /// Compiles `definitions` (deployment name and parsed definition), binding their sub-processes by name.
    public static func compile(_ definitions: [(name: String, definition: ProcessDefinition)], variables: [String: String] = [:]) -> Output {
        let sorted = definitions.sorted { $0.name < $1.name }
        let directory = ProcessLinking.directory(sorted.map { ($0.name, $0.definition.name) })
        var byName: [String: ProcessDefinition] = [:]
        var dependencies: [String: [String]] = [:]
        for entry in sorted {
            byName[entry.name] = entry.definition
            dependencies[entry.name] = ProcessLinking.dependencies(entry.definition, directory: directory).map(\.target)
        }
        let (ordered, cyclic) = ProcessLinking.order(sorted.map(\.name), dependencies: dependencies)
        var processes: [String: CompiledProcess] = [:]
        var diagnostics: [Diagnostic] = []
        for name in ordered {
            guard let definition = byName[name] else { continue }
            var subProcesses: [String: CompiledProcess] = [:]
            for node in definition.nodes {
                guard let processName = node.subProcess?.processName, let target = directory[processName] else { continue }
                subProcesses[processName] = processes[target]
            }
            let compiled = ProcessCompiler.compile(definition, variables: variables, subProcesses: subProcesses)
            diagnostics += compiled.diagnostics
            if let process = compiled.process { processes[name] = process }
        }
        for name in cyclic {
            guard let definition = byName[name] else { continue }
            for item in ProcessLinking.dependencies(definition, directory: directory) where cyclic.contains(item.target) {
                diagnostics.append(Diagnostic(WorkflowMessages.subProcessCycle([name, item.target]), at: definition.nodes[item.node].span))
            }
        }
        return Output(processes: processes, diagnostics: Diagnostic.sorted(diagnostics))
    }
}

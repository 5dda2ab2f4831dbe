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

    /// The deployment name each name a process-state may use stands for: names in order, first
    /// come first served (a deployment name itself always wins).
    static func directory(_ entries: [(name: String, definitionName: String)]) -> [String: String] {
        var names: [String: String] = [:]
        for entry in entries { names[entry.name] = entry.name }
        for entry in entries {
            let file = entry.name.split(separator: "/").last.map(String.init) ?? entry.name
            let stem = file.hasSuffix(".bpm") || file.hasSuffix(".xml") ? String(file.dropLast(4)) : file
            for alias in [entry.definitionName, file, stem] where !alias.isEmpty && names[alias] == nil { names[alias] = entry.name }
        }
        return names
    }

    /// The deployment names definition `definition` starts early-bound sub-processes of.
    static func dependencies(_ definition: ProcessDefinition, directory: [String: String]) -> [(node: Int, target: String)] {
        definition.nodes.indices.compactMap { index in
            guard let binding = definition.nodes[index].subProcess, !binding.late, let name = binding.processName,
                name != definition.name, let target = directory[name]
            else { return nil }
            return (index, target)
        }
    }

    /// Orders the entries so that every definition comes after the ones it starts; the rest are in cycles.
    static func order(_ names: [String], dependencies: [String: [String]]) -> (ordered: [String], cyclic: [String]) {
        var done = Set<String>()
        var ordered: [String] = []
        var progress = true
        while progress {
            progress = false
            for name in names where !done.contains(name) {
                if (dependencies[name] ?? []).allSatisfy({ done.contains($0) || $0 == name }) {
                    done.insert(name)
                    ordered.append(name)
                    progress = true
                }
            }
        }
        return (ordered, names.filter { !done.contains($0) })
    }

    /// Compiles `definitions` (deployment name and parsed definition), binding their sub-processes by name.
    public static func compile(_ definitions: [(name: String, definition: ProcessDefinition)], variables: [String: String] = [:]) -> Output {
        let sorted = definitions.sorted { $0.name < $1.name }
        let directory = directory(sorted.map { ($0.name, $0.definition.name) })
        var byName: [String: ProcessDefinition] = [:]
        var dependencies: [String: [String]] = [:]
        for entry in sorted {
            byName[entry.name] = entry.definition
            dependencies[entry.name] = Self.dependencies(entry.definition, directory: directory).map(\.target)
        }
        let (ordered, cyclic) = order(sorted.map(\.name), dependencies: dependencies)
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
            for item in Self.dependencies(definition, directory: directory) where cyclic.contains(item.target) {
                diagnostics.append(Diagnostic(WorkflowMessages.subProcessCycle([name, item.target]), at: definition.nodes[item.node].span))
            }
        }
        return Output(processes: processes, diagnostics: Diagnostic.sorted(diagnostics))
    }

    /// Binds already compiled definitions to each other by name (a bundle's definitions are
    /// decoded unbound); definitions in a cycle stay unbound.
    public static func link(_ processes: [String: CompiledProcess]) -> [String: CompiledProcess] {
        let names = processes.keys.sorted()
        let directory = directory(names.compactMap { name in processes[name].map { (name, $0.definition.name) } })
        var dependencies: [String: [(node: Int, target: String)]] = [:]
        for name in names {
            if let process = processes[name] { dependencies[name] = Self.dependencies(process.definition, directory: directory) }
        }
        let (ordered, _) = order(names, dependencies: dependencies.mapValues { $0.map(\.target) })
        var linked = processes
        for name in ordered {
            guard let process = processes[name], let items = dependencies[name], !items.isEmpty else { continue }
            var bound = process.boundSubProcesses
            for item in items { if let target = linked[item.target] { bound[item.node] = target } }
            linked[name] = process.rebound(bound)
        }
        return linked
    }
}

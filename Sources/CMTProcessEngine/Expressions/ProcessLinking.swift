/// How the process definitions of one deployment name each other: a process-state's
/// `<sub-process name="x"/>` stands for the definition whose `process-definition name` is `x`, or
/// whose file is `x` (its path, its file name, or its file name without `.bpm`) — jBPM's
/// sub-process resolver. CMTWorkflow's `ProcessDeployment` compiles by it; a bundle reader links
/// decoded definitions with it, without a front end.
public enum ProcessLinking {
    /// The deployment name each name a process-state may use stands for: names in order, first
    /// come first served (a deployment name itself always wins).
    public static func directory(_ entries: [(name: String, definitionName: String)]) -> [String: String] {
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
    public static func dependencies(_ definition: ProcessDefinition, directory: [String: String]) -> [(node: Int, target: String)] {
        definition.nodes.indices.compactMap { index in
            guard let binding = definition.nodes[index].subProcess, !binding.late, let name = binding.processName,
                name != definition.name, let target = directory[name]
            else { return nil }
            return (index, target)
        }
    }

    /// Orders the entries so that every definition comes after the ones it starts; the rest are in cycles.
    public static func order(_ names: [String], dependencies: [String: [String]]) -> (ordered: [String], cyclic: [String]) {
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

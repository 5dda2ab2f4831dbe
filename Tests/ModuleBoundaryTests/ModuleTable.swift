/// DESIGN.md's module table: for each library target under `Sources/`, the targets it may import
/// (the table's arrows) and the package products it may use. A target may also import what those
/// arrows reach (CMTProcessEngine names CMTSource's `Span`, which CMTBytecode already depends on):
/// that adds no edge to the graph. Nothing may reach a module the table does not put below it.
enum ModuleTable {
    /// Target → the targets the table lets it import directly.
    static let arrows: [String: [String]] = [
        "CMTSource": [],
        "CMTBytecode": ["CMTSource"],
        "CMTCompiler": ["CMTSource", "CMTBytecode"],
        "CMTVM": ["CMTBytecode"],
        "CMTRuleEngine": ["CMTBytecode", "CMTVM"],
        "CMTRules": ["CMTSource", "CMTCompiler", "CMTBytecode", "CMTRuleEngine"],
        "CMTProcessEngine": ["CMTBytecode", "CMTVM"],
        "CMTWorkflow": ["CMTSource", "CMTCompiler", "CMTBytecode", "CMTProcessEngine"],
        "CMTBundle": ["CMTSource", "CMTBytecode", "CMTVM", "CMTRuleEngine", "CMTProcessEngine"],
        "CMTBuild": ["CMTSource", "CMTCompiler", "CMTRules", "CMTWorkflow", "CMTBundle"],
        "CMTChain": ["CMTVM", "CMTRuleEngine", "CMTProcessEngine", "CMTBundle"],
        "CMTNode": ["CMTChain"],
        // The client side of the node's JSON-RPC (`cmtc deploy/call/send/…`): no front end.
        "CMTClient": ["CMTNode"],
        // The tools' libraries, so that cmtc stays a thin command line: the test chain of `cmtc test`
        // and the REPL's session.
        "CMTTesting": ["CMTCompiler", "CMTRules", "CMTWorkflow", "CMTBundle"],
        "CMTRepl": ["CMTBuild"],
        "cmtc": [
            "CMTSource", "CMTCompiler", "CMTBytecode", "CMTVM", "CMTRules", "CMTRuleEngine", "CMTWorkflow", "CMTProcessEngine", "CMTBundle", "CMTBuild",
            "CMTChain", "CMTNode", "CMTClient", "CMTTesting", "CMTRepl",
        ],
        "cmt-node": ["CMTChain", "CMTNode"],
    ]

    /// Target → the package products (other packages' modules) it may import.
    static let products: [String: Set<String>] = [
        "CMTBytecode": ["Crypto"],
        "CMTBundle": ["ZIPFoundation"],
        "CMTBuild": ["TOMLKit"],
        "CMTChain": ["Crypto", "SwiftProtobuf", "GRDB", "GRDBSQLite"],
        "CMTNode": ["Crypto", "_CryptoExtras", "Hummingbird", "NIOCore", "Logging", "TOMLKit"],
        "CMTClient": ["AsyncHTTPClient", "NIOCore"],
        "cmtc": ["ArgumentParser"],
        "cmt-node": ["ArgumentParser"],
    ]

    /// Modules of the platform (the toolchain's libraries), which any target may import.
    static let platform: Set<String> = ["Foundation", "FoundationEssentials", "FoundationXML", "Synchronization", "Darwin", "Glibc", "Dispatch"]

    /// The front ends and compiler: no runtime target may reach one of them.
    static let frontEnds: Set<String> = ["CMTCompiler", "CMTRules", "CMTWorkflow", "CMTBuild"]
    /// The targets a node loads: runtimes that must never reach a front end.
    static let runtimes: [String] = ["CMTVM", "CMTRuleEngine", "CMTProcessEngine", "CMTBundle", "CMTChain", "CMTNode"]

    /// Everything `target` may reach: its arrows and, through them, theirs.
    static func closure(of target: String) -> Set<String> {
        var reached: Set<String> = []
        var pending = arrows[target] ?? []
        while let next = pending.popLast() {
            guard reached.insert(next).inserted else { continue }
            pending.append(contentsOf: arrows[next] ?? [])
        }
        return reached
    }

    /// What is wrong with `module` imported by `target`, or nil when the table allows it.
    static func violation(target: String, imports module: String) -> String? {
        if platform.contains(module) || products[target, default: []].contains(module) || closure(of: target).contains(module) { return nil }
        if arrows[module] != nil { return "\(target) imports \(module), which the module table does not put below it" }
        return "\(target) imports \(module), a module the table does not list for it"
    }
}

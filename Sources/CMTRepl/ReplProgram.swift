import CMTBuild
import CMTBytecode
import CMTRuleEngine
import CMTRules
import CMTVM

/// One rule file's session in the REPL: the driver over its rule set, on a host of its own (a
/// driver makes its host's rules engine its own, so that consequences reach it).
final class ReplRuleSession {
    /// The rule file's name, as `load_rules` names it (`pricing.rl`).
    let file: String
    let driver: RuleSessionDriver
    let host: InMemoryHost

    init(file: String, ruleSet: CompiledRuleSet, program: Program, services: CompiledProgram, gasLimit: Int64,
         interrupt: ExecutionInterrupt?) {
        self.file = file
        let host = InMemoryHost()
        host.interrupt = interrupt
        host.deploy(program, at: ReplProgram.contract)
        (host.processService, host.ruleService) = services.services(for: program)
        self.host = host
        driver = RuleSessionDriver(ruleSet: ruleSet, program: program, host: host, contract: ReplProgram.contract, gasLimit: gasLimit)
    }

    var rules: [RuleDefinition] { driver.ruleSet.ruleBase.rules.filter { !$0.isQuery } }
}

/// A compiled program as the REPL holds it: the verified program, how to build its objects, and
/// one ``ReplRuleSession`` per rule file (each with its own working memory).
public final class ReplProgram {
    /// The address the rules' code runs as.
    static let contract = Address.named("repl")

    let compiled: CompiledProgram
    let program: Program
    let facts: ReplFacts
    /// The rule files' sessions by file name, and the names in order.
    let sessions: [String: ReplRuleSession]
    public let files: [String]

    var format: ReplFormat { ReplFormat(classes: compiled.module.classes) }

    /// Verifies the compiled module and opens a session per rule file.
    init(_ compiled: CompiledProgram, gasLimit: Int64, interrupt: ExecutionInterrupt? = nil) throws(ReplError) {
        let verified: VerifiedModule
        do {
            verified = try Verifier.verify(compiled.module)
        } catch {
            throw ReplError("the compiled module does not verify: \(error)")
        }
        let program = Program(verified)
        self.compiled = compiled
        self.program = program
        facts = ReplFacts(compiled: compiled, program: program)
        files = compiled.ruleSets.keys.sorted()
        var sessions: [String: ReplRuleSession] = [:]
        for file in files {
            guard let ruleSet = compiled.ruleSets[file] else { continue }
            sessions[file] = ReplRuleSession(file: file, ruleSet: ruleSet, program: program, services: compiled, gasLimit: gasLimit,
                                             interrupt: interrupt)
        }
        self.sessions = sessions
    }

    /// The rule file `name` names: its name (a path in a project), its file name, or either without
    /// the extension.
    func file(named name: String) -> String? {
        if sessions[name] != nil { return name }
        return files.first { file in
            let fileName = file.split(separator: "/").last.map(String.init) ?? file
            return [file, fileName].contains { candidate in
                let stem = candidate.split(separator: ".").dropLast().joined(separator: ".")
                return stem == name || candidate.lowercased() == name.lowercased()
            }
        }
    }
}

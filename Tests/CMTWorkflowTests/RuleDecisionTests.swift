import CMTBuild
import CMTBytecode
import CMTSource
import CMTVM
import CMTWorkflow
import Foundation
import Testing

/// A decision that consults a rule set (`<handler rules="route.drl"/>`) in a contract project:
/// one Decision fact, the rules set its transition, the process takes it (issue 15).
@Suite struct RuleDecisionTests {
    static let files: [String: String] = [
        "route.drl": """
            declare Decision
                node: string
                variables: Map<string, number>
                transition: string
            end

            rule "large orders are reviewed"
            when
                $d : Decision(node == "route", (variables?.get("total") ?? 0) > 1000)
            then
                $d.transition = "review";
            end

            rule "small orders ship"
            when
                $d : Decision(node == "route", (variables?.get("total") ?? 0) <= 1000, (variables?.get("total") ?? 0) > 0)
            then
                $d.transition = "ship";
            end
            """,
        "order.bpm": """
            <process-definition name="order">
              <variable name="total" type="number"/>
              <variable name="customer" type="string"/>
              <start-state name="start"><transition to="route"/></start-state>
              <decision name="route">
                <handler rules="route.drl"/>
                <transition name="ship" to="ship"/>
                <transition name="review" to="review"/>
              </decision>
              <state name="ship"/>
              <state name="review"/>
            </process-definition>
            """,
        "shop.cmt": """
            contract Shop {
                public function order(total: number): string {
                    const process = start_process("order.bpm", { total: total, customer: "ann" });
                    process.signal();
                    return process.state;
                }
            }
            """,
    ]

    static func compile(_ files: [String: String]) throws -> (CompiledProgram?, [Diagnostic], SourceManager) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cmt-rule-decision-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let sources = SourceManager()
        let result = ProgramCompiler.compile(paths: [folder.path], sources: sources)
        return (result.compiled, result.diagnostics, sources)
    }

    @Test func theRulesChooseTheDecisionsTransition() throws {
        let (compiled, diagnostics, sources) = try Self.compile(Self.files)
        let program = try #require(compiled, "\(DiagnosticRenderer(sources: sources).render(diagnostics))")
        let loaded = Program(try Verifier.verify(program.module))
        let host = InMemoryHost()
        (host.processService, host.ruleService) = program.services(for: loaded)
        let contract = Address.named("shop")
        host.deploy(loaded, at: contract)
        func order(_ total: Int64) -> CallOutcome {
            VM.call(loaded, entryPoint: "order", arguments: [.int(total)], context: CallContext(contract: contract, sender: Address.named("ann")),
                    host: host, limits: ExecutionLimits(gasLimit: 10_000_000))
        }
        #expect(order(5000).returnValue == .string("review"))
        #expect(order(20).returnValue == .string("ship"))
        guard case .reverted(let reason) = order(0).status else {
            Issue.record("a decision no rule answers must revert")
            return
        }
        #expect(reason.contains("decision 'route': no rule in 'route.drl' chose a transition"))
    }

    @Test func aDecisionNeedsTheRuleFileAndTheDecisionClass() throws {
        var files = Self.files
        files["order.bpm"] = files["order.bpm"]?.replacingOccurrences(of: "route.drl", with: "missing.drl")
        let (_, missingFile, _) = try Self.compile(files)
        #expect(missingFile.contains { $0.code == "E0824" && $0.message.text.contains("no such rule file") })
        files = Self.files
        files["route.drl"] = files["route.drl"]?.replacingOccurrences(of: "transition: string", with: "transition: number")
            .replacingOccurrences(of: "$d.transition = \"review\";", with: "$d.transition = 1;")
            .replacingOccurrences(of: "$d.transition = \"ship\";", with: "$d.transition = 2;")
        let (_, badClass, _) = try Self.compile(files)
        #expect(badClass.contains { $0.code == "E0824" && $0.message.text.contains("Decision.transition must be a string") })
    }
}

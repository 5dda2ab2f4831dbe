@testable import CMTBuild
@testable import CMTBundle
import CMTRules
import CMTSource
import Testing

/// The rule network format carries what the runtime features need: lock-on-active, salience
/// expressions, logical insertion, globals and queries (with their call fact type).
@Suite("rule networks: runtime features")
struct RuleNetworkRuntimeFieldsTests {
    static let rules = """
        global number threshold;

        declare Invoice
            amount : number
            flagged : boolean = false
        end

        declare Flag
            amount : number
        end

        rule "flag"
            lock-on-active
            salience ($i.amount)
        when
            $i : Invoice(amount > threshold)
        then
            const f = new Flag();
            f.amount = $i.amount;
            insertLogical(f);
        end

        query "above" (number $limit)
            $i : Invoice(amount > $limit)
        end
        """

    @Test("a rule set with a global, a query, a salience expression and lock-on-active decodes to the same bytes and fields")
    func roundTrip() throws {
        let root = try TestProject.make(["billing.drl": Self.rules])
        let sources = SourceManager()
        let result = ProgramCompiler.compile(paths: [root], sources: sources)
        let compiled = try #require(result.compiled, "\(DiagnosticRenderer(sources: sources).render(result.diagnostics))")
        let set = try #require(compiled.ruleSets["billing.drl"])
        #expect(set.ruleBase.queryCallType != nil)
        #expect(set.ruleBase.rules.contains { $0.lockOnActive && $0.salienceExpression != nil && $0.insertsLogically })
        let bytes = RuleSetCodec.encode(set)
        let decoded = try RuleSetCodec.decode(bytes, module: compiled.module, what: "billing")
        #expect(RuleSetCodec.encode(decoded) == bytes)
        #expect(decoded.ruleBase.rules == set.ruleBase.rules)
        #expect(decoded.ruleBase.queryCallType == set.ruleBase.queryCallType)
        #expect(decoded.saliences == set.saliences && decoded.globals == set.globals && decoded.queries == set.queries)
        for length in stride(from: 0, to: bytes.count, by: 5) {
            #expect(throws: BundleError.self) { try RuleSetCodec.decode(Array(bytes.prefix(length)), module: compiled.module, what: "billing") }
        }
    }
}

import CMTRuleEngine
import CMTRules
import CMTVM
import Testing

/// Code run while a change is matched (constraints, evals, salience expressions) cannot change
/// working memory: the engine refuses instead of corrupting its memories.
@Suite struct MatchingGuardTests {
    final class Meddler: RuleCallbacks {
        var refusals: [RuleError] = []
        func evaluate(predicate id: Int, facts: [FactHandle?], session: RuleSession) -> Bool {
            do {
                _ = try session.insert(type: 0, fields: [.number(.one)])
            } catch let error as RuleError {
                refusals.append(error)
            } catch {}
            do {
                try session.fire()
            } catch let error as RuleError {
                refusals.append(error)
            } catch {}
            return true
        }
        func fire(rule: Int, facts: [FactHandle?], session: RuleSession) throws {}
    }

    @Test("insert and fire from a predicate are refused with changeWhileMatching; the outer insert completes")
    func refusesReentrantChanges() throws {
        let meddler = Meddler()
        let rules = [RuleDefinition(name: "r", conditions: [.pattern(Pattern(type: 0)), .eval(0)])]
        let session = RuleSession(ruleBase: RuleBase(types: [FactLayout(name: "A", fields: ["x"])], rules: rules), callbacks: meddler)
        _ = try session.insert(type: 0, fields: [.number(.zero)])
        #expect(meddler.refusals == [.changeWhileMatching, .changeWhileMatching])
        #expect(session.handles().count == 1)
        #expect(session.pendingActivations.map(\.rule) == ["r"])
    }
}

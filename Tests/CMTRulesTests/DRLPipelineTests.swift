import CMTBytecode
import CMTCompiler
import CMTRuleEngine
import CMTRules
import CMTSource
import CMTVM
import Testing

/// What Waltz in DRL needed from the pipeline: optional declared fields, `in` lists as alpha
/// tests, a pattern's own binding in its constraint code, and predicates that see the object of
/// the fact being inserted or updated.
@Suite struct DRLPipelineTests {
    /// The checked rule base and the compiled rule set of one DRL file with no contract code.
    static func compile(_ rules: String) throws -> (CheckedRuleBase, CompiledRuleSet) {
        let sources = SourceManager()
        let file = sources.add(path: "rules.drl", text: rules)
        let checked = RuleFrontend.check(cmt: [], rules: [file], sources: sources)
        let errors = checked.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, let base = checked.ruleBase else {
            throw RuleSetError(description: DiagnosticRenderer(sources: sources, decorator: PlainDecorator()).render(errors), span: nil)
        }
        let output = Compiler.compile(checked: base.module ?? checked.cmt.module, diagnostics: checked.diagnostics, sources: sources,
                                      options: Compiler.Options(ruleFiles: ["rules.drl"]))
        guard let module = output.module else {
            throw RuleSetError(description: DiagnosticRenderer(sources: sources, decorator: PlainDecorator()).render(output.diagnostics), span: nil)
        }
        return (base, try RuleSetCompiler.compile(base, module: module))
    }

    @Test("'field in (…)' and 'not in' become alpha tests, not VM predicates")
    func inListsAreAlphaTests() throws {
        let (base, set) = try Self.compile("""
            declare Edge
                label : string = ""
                n : number = 0
            end
            rule "marked" when $e : Edge(label in ("+", "-", "B"), n not in (1, 2)) then $e.n = 9; end
            """)
        guard case .pattern(let pattern)? = base.rules.first?.conditions.first else {
            Issue.record("no pattern")
            return
        }
        guard case .fieldIn("label", let literals, false) = pattern.constraints[0].form,
              case .fieldIn("n", let numbers, true) = pattern.constraints[1].form else {
            Issue.record("forms: \(pattern.constraints.map(\.form))")
            return
        }
        #expect(literals == [.string("+"), .string("-"), .string("B")] && numbers == [.number("1"), .number("2")])
        #expect(set.predicates.isEmpty)
        guard case .pattern(let engine)? = set.ruleBase.rules.first?.conditions.first else {
            Issue.record("no engine pattern")
            return
        }
        let label = 0, n = 1
        #expect(engine.constraints == [
            .any([.compare(field: label, .equal, .constant(.string("+"))), .compare(field: label, .equal, .constant(.string("-"))),
                  .compare(field: label, .equal, .constant(.string("B")))]),
            .all([.compare(field: n, .notEqual, .constant(.int(1))), .compare(field: n, .notEqual, .constant(.int(2)))]),
        ])
    }

    @Test("an 'in' list with a non-literal stays a predicate")
    func inListWithExpression() throws {
        let (base, set) = try Self.compile("""
            declare Edge
                label : string = ""
                other : string = ""
            end
            rule "r" when $e : Edge(label in ("+", other)) then $e.label = "x"; end
            """)
        guard case .pattern(let pattern)? = base.rules.first?.conditions.first, case .expression = pattern.constraints[0].form else {
            Issue.record("not an expression")
            return
        }
        #expect(set.predicates.count == 1)
    }

    /// Runs `rules` in a driven session: inserts the objects `inserts` makes, fires, and gives each
    /// fact's final object.
    static func run(_ rules: String, inserts: (CompiledRuleSet) -> [ContractValue]) throws -> (fired: [String], facts: [ContractValue]) {
        let sources = SourceManager()
        let file = sources.add(path: "rules.drl", text: rules)
        let checked = RuleFrontend.check(cmt: [], rules: [file], sources: sources)
        guard let base = checked.ruleBase, checked.diagnostics.allSatisfy({ $0.severity != .error }) else {
            throw RuleSetError(description: DiagnosticRenderer(sources: sources, decorator: PlainDecorator()).render(checked.diagnostics), span: nil)
        }
        let output = Compiler.compile(checked: base.module ?? checked.cmt.module, diagnostics: checked.diagnostics, sources: sources,
                                      options: Compiler.Options(ruleFiles: ["rules.drl"]))
        guard let module = output.module else { throw RuleSetError(description: "no module", span: nil) }
        let program = Program(try Verifier.verify(module))
        let set = try RuleSetCompiler.compile(base, module: module)
        let host = InMemoryHost()
        let contract = Address.named("drl")
        host.deploy(program, at: contract)
        let driver = RuleSessionDriver(ruleSet: set, program: program, host: host, contract: contract)
        for object in inserts(set) { try driver.insert(object) }
        try driver.fire()
        return (driver.history.map(\.rule), driver.facts.map(\.object))
    }

    static func classIndex(_ set: CompiledRuleSet, _ name: String) -> UInt16 {
        UInt16(set.ruleBase.types.firstIndex { $0.name == name } ?? 0)
    }

    @Test("an optional declared field starts null and matches '== null'; a constraint may use its own pattern's binding")
    func optionalFieldsAndOwnBinding() throws {
        let (fired, facts) = try Self.run("""
            declare Edge
                p1 : number = 0
                label : string?
            end
            function unlabelled(e: Edge): boolean {
                return e.label == null;
            }
            rule "label" when $e : Edge(label == null, unlabelled($e)) then modify($e) { label = "B" } end
            """) { set in
            [.object(classIndex: Self.classIndex(set, "Edge"), fields: [.int(1), .null])]
        }
        #expect(fired == ["label"])
        guard case .object(_, let fields)? = facts.first else {
            Issue.record("no fact")
            return
        }
        #expect(fields == [.int(1), .string("B")])
    }

    @Test("a predicate sees the new contents of the fact being updated or inserted")
    func predicatesSeeTheNewObject() throws {
        // `status.startsWith("paid")` is not a simple test: the engine calls its function with the
        // fact's object while it matches the fact, right after `modify` and `insert`.
        let (fired, _) = try Self.run("""
            declare Order
                status : string = "new"
            end
            declare Receipt
                status : string = ""
            end
            rule "pay" when $o : Order(status == "new") then
                modify($o) { status = "paid in full" }
                r = new Receipt();
                r.status = "paid by card";
                insert(r);
            end
            rule "paid order" when Order(status.startsWith("paid")) then seen = true; end
            rule "paid receipt" when Receipt(status.startsWith("paid")) then seen = true; end
            """) { set in
            [.object(classIndex: Self.classIndex(set, "Order"), fields: [.string("new")])]
        }
        #expect(fired.sorted() == ["paid order", "paid receipt", "pay"])
    }
}

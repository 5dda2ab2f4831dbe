import CMTCompiler
import CMTRules
import CMTSource
import Testing

/// Parses DRL text as `test.drl`.
func parseDRL(_ text: String) -> (RuleFileSyntax, [Diagnostic]) {
    let sources = SourceManager()
    let file = sources.add(path: "test.drl", text: text)
    return RuleParser.parse(file)
}

func rules(_ syntax: RuleFileSyntax) -> [RuleDeclSyntax] {
    syntax.items.compactMap { if case .rule(let rule) = $0 { rule } else { nil } }
}

@Suite("DRL parser")
struct RuleParserTests {
    @Test("the white paper's pricing rule parses as printed, with Rule … End and a nested when")
    func pricingRule() throws {
        let text = """
        Rule "Pricing"
          dialect "mvel"
          when
            m : Message(status==Message.GET_PRICE)
          then
            when
              m.fico_score > 740
            then
              m.price = m.listed_price * 0.8
        End
        """
        let (syntax, diagnostics) = parseDRL(text)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.text))")
        let rule = try #require(rules(syntax).first)
        #expect(rule.name == "Pricing")
        #expect(rule.attributes.map(\.name) == ["dialect"])
        guard case .pattern(let pattern) = rule.conditions.first else {
            Issue.record("expected a pattern")
            return
        }
        #expect(pattern.binding?.name == "m")
        #expect(pattern.type.text == "Message")
        #expect(pattern.constraints.count == 1)
        guard case .when(_, let body, _) = rule.actions.first else {
            Issue.record("expected a nested when")
            return
        }
        #expect(body.count == 1)
    }

    @Test("package, import, declare, global, function and query are read")
    func fileItems() throws {
        let text = """
        package com.acme.pricing;
        import com.acme.Message;
        declare Order
            id : string
            total : number = 0
        end
        global number discount;
        function half(x: number): number { return x / 2; }
        query "big orders" (limit: number)
            $o : Order(total > limit)
        end
        """
        let (syntax, diagnostics) = parseDRL(text)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.text))")
        #expect(syntax.packageName?.text == "com.acme.pricing")
        #expect(syntax.imports.map(\.text) == ["com.acme.Message"])
        #expect(syntax.items.count == 4)
        guard case .declare(let declare) = syntax.items[0] else {
            Issue.record("expected a declare")
            return
        }
        #expect(declare.fields.map(\.name.name) == ["id", "total"])
        #expect(declare.fields[1].initializer != nil)
        guard case .query(let query) = syntax.items[3] else {
            Issue.record("expected a query")
            return
        }
        #expect(query.name == "big orders")
        #expect(query.params.map(\.name.name) == ["limit"])
        #expect(query.conditions.count == 1)
    }

    @Test("every attribute is read with its value", arguments: [
        ("salience 10", "salience"), ("salience $m.priority + 1", "salience"), ("no-loop", "no-loop"),
        ("no-loop true", "no-loop"), ("lock-on-active", "lock-on-active"), ("agenda-group \"g\"", "agenda-group"),
        ("activation-group \"a\"", "activation-group"), ("enabled false", "enabled"),
        ("date-effective \"2025-01-01\"", "date-effective"), ("date-expires 1767225600", "date-expires"),
        ("dialect \"java\"", "dialect"), ("auto-focus", "auto-focus"), ("ruleflow-group \"r\"", "ruleflow-group"),
    ])
    func attributes(_ attribute: String, _ name: String) throws {
        let (syntax, diagnostics) = parseDRL("rule \"r\"\n  \(attribute)\nwhen\nthen\nend\n")
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.text))")
        let rule = try #require(rules(syntax).first)
        #expect(rule.attributes.map(\.name) == [name])
    }

    @Test("a stray ']' among constraints is reported and stepped over, not re-read forever")
    func strayBracketInConstraints() throws {
        let (syntax, diagnostics) = parseDRL("rule \"r\" when Message( ] ) Other( a == 1, ] ) then end\n")
        #expect(rules(syntax).count == 1)
        #expect(!diagnostics.isEmpty && diagnostics.count <= 4, "\(diagnostics.map(\.code))")
    }

    @Test("several attributes may share a line")
    func attributesOnOneLine() throws {
        let (syntax, diagnostics) = parseDRL("rule r salience 5 no-loop agenda-group \"x\" when then end")
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.text))")
        #expect(try #require(rules(syntax).first).attributes.map(\.name) == ["salience", "no-loop", "agenda-group"])
    }

    @Test("keywords are case-insensitive")
    func caseInsensitive() throws {
        let (syntax, diagnostics) = parseDRL("RULE \"r\" WHEN Message() THEN END")
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.text))")
        #expect(rules(syntax).count == 1)
    }

    @Test("conditional elements", arguments: [
        "not Message(status == 1)", "exists Message()", "not (Message() and Order())",
        "forall($m : Message() Message(this == $m))", "eval(1 < 2)", "Message() or Order()",
        "Message() || Order()", "(Message() and Order())",
        "$i : Item() from $o.items", "$l : List() from collect(Item(price > 10))",
        "$n : Number(intValue > 3) from accumulate(Item($p : price), sum($p))",
        "accumulate(Item($p : price); $t : sum($p), $c : count(); $t > 100)",
    ])
    func conditionalElements(_ condition: String) throws {
        let (syntax, diagnostics) = parseDRL("rule r when\n  \(condition)\nthen\nend\n")
        #expect(diagnostics.isEmpty, "\(condition): \(diagnostics.map(\.text))")
        #expect(try #require(rules(syntax).first).conditions.count == 1)
    }

    @Test("constraint operators", arguments: [
        "a == 1", "a != 1", "a < 1", "a <= 1", "a > 1", "a >= 1", "tags contains \"x\"", "tags not contains \"x\"",
        "x memberOf $list", "x not memberOf $list", "a in (1, 2, 3)", "a not in (1, 2)", "a > 30 && < 40",
        "a < 3 || > 10", "a == 1 && b == 2", "(a == 1 || b == 2)", "(tags contains \"x\" || a == 1)",
        "$p : price", "$p : price > 10", "name.startsWith(\"a\")", "a + b * 2 > c", "this == $m",
    ])
    func constraints(_ constraint: String) throws {
        let (syntax, diagnostics) = parseDRL("rule r when\n  $m : Message(\(constraint))\nthen\nend\n")
        #expect(diagnostics.isEmpty, "\(constraint): \(diagnostics.map(\.text))")
        guard case .pattern(let pattern) = try #require(rules(syntax).first).conditions.first else {
            Issue.record("expected a pattern")
            return
        }
        #expect(pattern.constraints.count == 1)
    }

    @Test("the shorthand restriction reuses the left operand")
    func shorthand() throws {
        let (syntax, _) = parseDRL("rule r when Person(age > 30 && < 40) then end")
        guard case .pattern(let pattern) = try #require(rules(syntax).first).conditions.first,
              case .and(.compare(_, .greater, _, _), .compare(let left, .less, _, _)) = pattern.constraints.first?.constraint,
              case .identifier("age") = left.kind else {
            Issue.record("expected age > 30 && age < 40")
            return
        }
    }

    @Test("consequence statements", arguments: [
        "insert(new Message());", "insertLogical(new Message());", "update($m);", "delete($m);", "retract($m);",
        "halt();", "setFocus(\"g\");", "modify($m) { price = 10, status = 2 }", "modify($m) { setPrice(10); }",
        "$m.price = 1;\nif ($m.price > 0) { modify($m) { price = 0 } } else { halt(); }",
        "let x = 1;\nfor (let i = 0; i < 3; i++) { x += i; }", "drools.halt();",
    ])
    func consequences(_ body: String) throws {
        let (syntax, diagnostics) = parseDRL("rule r when $m : Message() then\n\(body)\nend\n")
        #expect(diagnostics.isEmpty, "\(body): \(diagnostics.map(\.text))")
        #expect(try #require(rules(syntax).first).actions.isEmpty == false)
    }

    @Test("consecutive nested whens are siblings")
    func siblingWhens() throws {
        let (syntax, diagnostics) = parseDRL("rule r when m : Message() then\n when m.a > 1 then m.b = 1\n when m.a > 2 then m.b = 2\nend")
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.text))")
        #expect(try #require(rules(syntax).first).actions.count == 2)
    }

    @Test("one run reports every independent syntax error")
    func recovery() throws {
        let text = """
        rule "a" when
            Message(status == )
        then
        end
        rule "b" when
            Message(status 1)
        then
        end
        rule "c" bogus-attribute when
        then
            x = ;
        end
        """
        let (syntax, diagnostics) = parseDRL(text)
        #expect(rules(syntax).count == 3)
        #expect(diagnostics.filter { $0.severity == .error }.count >= 3, "\(diagnostics.map(\.text))")
    }

    @Test("a rule without end is reported and the next rule still parses")
    func missingEnd() throws {
        let (syntax, diagnostics) = parseDRL("rule \"a\" when Message() then\n  x = 1;\nrule \"b\" when then end\n")
        #expect(rules(syntax).map(\.name) == ["a", "b"])
        #expect(diagnostics.map(\.code) == ["E0706"])
    }

    @Test("deep nesting is a diagnostic, not a crash")
    func deepNesting() throws {
        let depth = 400
        let lhs = String(repeating: "not (", count: depth) + "Message()" + String(repeating: ")", count: depth)
        let (_, diagnostics) = parseDRL("rule r when \(lhs) then end")
        #expect(diagnostics.contains { $0.code == "E0707" })
        let rhs = String(repeating: "{", count: depth) + String(repeating: "}", count: depth)
        let (_, more) = parseDRL("rule r when then \(rhs) end")
        #expect(more.contains { $0.severity == .error })
    }

    @Test("truncated input never crashes the parser")
    func truncation() {
        let text = """
        package p; import a.B; declare T x : number = 1 end global number g;
        function f(a: number): number { return a; }
        rule "x" salience 10 no-loop when $m : Message(a > 1 && < 3, b in (1, 2), c contains 1) not Order()
        then modify($m) { a = 1 } when $m.a > 1 then $m.b = 2 end
        query q(x: number) Message(a == x) end
        """
        let bytes = Array(text.utf8)
        for cut in 0...bytes.count {
            _ = parseDRL(String(decoding: bytes[0..<cut], as: UTF8.self))
        }
    }
}

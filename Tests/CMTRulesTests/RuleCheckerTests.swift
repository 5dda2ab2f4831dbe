import CMTCompiler
import CMTRules
import CMTSource
import Foundation
import Testing

/// The repository root, found from this file.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A module with a `Message` class like the white paper's, and an `Order` with items.
let factClasses = """
class Message {
    static GET_PRICE = 1;
    status: number = 0;
    fico_score: number = 0;
    listed_price: number = 0;
    price: number = 0;
    tags: string[] = [];
    note: string = "";
}

class Item {
    price: number = 0;
    name: string = "";
}

class Order {
    items: Item[] = [];
    total: number = 0;
    customer: string = "";
}
"""

func checkRules(_ text: String, cmt: String = factClasses) -> (RuleFrontend.Result, SourceManager) {
    RuleFrontend.check(rules: text, cmt: cmt)
}

func render(_ result: RuleFrontend.Result, _ sources: SourceManager) -> String {
    DiagnosticRenderer(sources: sources).render(result.diagnostics)
}

@Suite("DRL checker")
struct RuleCheckerTests {
    @Test("the white paper's pricing rule checks cleanly against Examples/pricing/pricing.cmt")
    func pricingExample() throws {
        let directory = repositoryRoot.appendingPathComponent("Examples/pricing")
        let rules = try String(contentsOf: directory.appendingPathComponent("pricing.rl"), encoding: .utf8)
        let contract = try String(contentsOf: directory.appendingPathComponent("pricing.cmt"), encoding: .utf8)
        let (result, sources) = RuleFrontend.check(rules: rules, path: "pricing.rl", cmt: contract, cmtPath: "pricing.cmt")
        #expect(result.diagnostics.isEmpty, "\(render(result, sources))")
        let base = try #require(result.ruleBase)
        let rule = try #require(base.rules.first)
        #expect(rule.name == "Pricing")
        #expect(rule.bindings.map(\.name) == ["m"])
        #expect(rule.bindings.map(\.type) == ["Message"])
        guard case .pattern(let pattern) = rule.conditions.first,
              case .fieldLiteral(field: "status", op: .equal, literal: .staticField(type: "Message", field: "GET_PRICE")) = pattern.constraints.first?.form else {
            Issue.record("expected status == Message.GET_PRICE as a field-literal test")
            return
        }
    }

    @Test("the white paper's rule text is the one in snippets.md")
    func pricingMatchesWhitePaper() throws {
        let snippets = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/whitepaper/snippets.md")
        guard let text = try? String(contentsOf: snippets, encoding: .utf8) else { return }
        let rules = try String(contentsOf: repositoryRoot.appendingPathComponent("Examples/pricing/pricing.rl"), encoding: .utf8)
        #expect(text.contains("```\n" + rules + "```"))
    }

    @Test("a clean rule base with every construct has no diagnostics")
    func everything() throws {
        let text = """
        package shop;
        import shop.Message;

        declare Discount
            code : string
            percent : number = 5
            order : Order
        end

        global number threshold;

        function half(x: number): number { return x / 2; }

        rule "big orders"
            salience 10
            no-loop
            agenda-group "pricing"
            date-effective "2025-01-01"
        when
            $o : Order($t : total > threshold, customer != "", items.length > 0)
            $i : Item(price > 10 && < 1000, name in ("a", "b")) from $o.items
            not Message(status == Message.GET_PRICE, tags contains "x")
            exists Discount(order.customer == $o.customer)
            accumulate(Item($p : price) from $o.items; $sum : sum($p), $n : count(); $sum > 100)
            $l : List() from collect(Item(price > 1))
            $c : Number(intValue > 2) from accumulate(Item(), count())
            forall($m : Message(status == 1) Message(this == $m, price > 0))
            Message(status == 1) or Message(status == 2)
            eval(half($t) > 1)
        then
            $o.total = half($sum) + $n + $l.length;
            modify($o) { total = 1, customer = "x" }
            insert(new Discount());
            when $o.total > 100 then setFocus("x")
            halt();
        end

        query "expensive" (min: number)
            $i : Item(price >= min)
        end
        """
        let (result, sources) = checkRules(text)
        #expect(result.diagnostics.isEmpty, "\(render(result, sources))")
        let base = try #require(result.ruleBase)
        #expect(base.rules.count == 1)
        #expect(base.queries.count == 1)
        #expect(base.factTypes.map(\.name).contains("Discount"))
        let rule = try #require(base.rules.first)
        #expect(rule.attributes.agendaGroup == "pricing")
        #expect(rule.attributes.noLoop)
        #expect(rule.attributes.dateEffective == 1_735_689_600)
        #expect(rule.bindings.map(\.name) == ["$o", "$t", "$i", "$sum", "$n", "$l", "$c"])
        #expect(rule.bindings.map(\.type) == ["Order", "number", "Item", "number", "number", "Item[]", "number"])
    }

    @Test("a declared fact type is a CMT class the contract can use")
    func declaredTypeInContract() throws {
        let sources = SourceManager()
        let rules = sources.add(path: "r.drl", text: "declare Order\n  total : number\nend\nrule r when $o : Order(total > 1) then $o.total = 0; end\n")
        let cmt = sources.add(path: "c.cmt", text: "function make(): number {\n  const o = new Order();\n  o.total = 5;\n  return o.total;\n}\n")
        let result = RuleFrontend.check(cmt: [cmt], rules: [rules], sources: sources)
        #expect(result.diagnostics.isEmpty, "\(DiagnosticRenderer(sources: sources).render(result.diagnostics))")
    }
}

import CMTCompiler
import CMTRules
import CMTSource
import Foundation
import Testing

/// Every element the DRL parser reads carries the exact span of its text: no leading or trailing
/// white space, inside its parent's span, and for named parts exactly the name.
@Suite("DRL spans")
struct RuleSpanTests {
    /// A labelled span and the span of the element that contains it.
    struct Labelled {
        let label: String
        let span: Span
        let parent: Span?
    }

    static func collect(_ syntax: RuleFileSyntax) -> [Labelled] {
        var result: [Labelled] = []
        func add(_ label: String, _ span: Span, in parent: Span?) { result.append(Labelled(label: label, span: span, parent: parent)) }
        if let package = syntax.packageName { add("package name", package.span, in: nil) }
        for name in syntax.imports { add("import", name.span, in: nil) }
        func condition(_ element: ConditionSyntax, in parent: Span) {
            add("condition", element.span, in: parent)
            switch element {
            case .pattern(let pattern):
                self.pattern(pattern, in: parent, add: add)
                switch pattern.source {
                case .collect(let inner, let span)?:
                    add("collect", span, in: pattern.span)
                    condition(inner, in: span)
                case .accumulate(let accumulate)?: self.accumulate(accumulate, add: add, condition: condition)
                case .expression(let expr)?: add("from expression", expr.span, in: pattern.span)
                case nil: break
                }
            case .and(let list, let span), .or(let list, let span), .forall(let list, let span):
                list.forEach { condition($0, in: span) }
            case .not(let inner, let span), .exists(let inner, let span): condition(inner, in: span)
            case .eval(let expr, let span): add("eval expression", expr.span, in: span)
            case .accumulate(let accumulate): self.accumulate(accumulate, add: add, condition: condition)
            }
        }
        for item in syntax.items {
            switch item {
            case .declare(let declare):
                add("declare", declare.span, in: nil)
                add("declared type name", declare.name.span, in: declare.span)
                for field in declare.fields {
                    add("declared field", field.span, in: declare.span)
                    add("declared field name", field.name.span, in: field.span)
                    add("declared field type", field.type.span, in: field.span)
                }
            case .global(let global):
                add("global", global.span, in: nil)
                add("global type", global.type.span, in: global.span)
                add("global name", global.name.span, in: global.span)
            case .function(let function):
                add("function", function.span, in: nil)
                add("function name", function.name.span, in: function.span)
            case .query(let query):
                add("query", query.span, in: nil)
                add("query name", query.nameSpan, in: query.span)
                for param in query.params {
                    add("query parameter", param.span, in: query.span)
                    add("query parameter name", param.name.span, in: param.span)
                    add("query parameter type", param.type.span, in: param.span)
                }
                query.conditions.forEach { condition($0, in: query.span) }
            case .rule(let rule):
                add("rule", rule.span, in: nil)
                add("rule name", rule.nameSpan, in: rule.span)
                for attribute in rule.attributes {
                    add("attribute", attribute.span, in: rule.span)
                    add("attribute name", attribute.nameSpan, in: attribute.span)
                    if let value = attribute.value { add("attribute value", value.span, in: attribute.span) }
                }
                rule.conditions.forEach { condition($0, in: rule.span) }
                if rule.consequenceSpan.start < rule.consequenceSpan.end { add("consequence", rule.consequenceSpan, in: rule.span) }
                for action in rule.actions { add("action", action.span, in: rule.consequenceSpan) }
            }
        }
        return result
    }

    static func pattern(_ pattern: PatternSyntax, in parent: Span, add: (String, Span, Span?) -> Void) {
        add("pattern", pattern.span, parent)
        if let binding = pattern.binding { add("pattern binding", binding.span, pattern.span) }
        add("pattern type", pattern.type.span, pattern.span)
        for item in pattern.constraints {
            add("constraint", item.span, pattern.span)
            add("constraint body", item.constraint.span, item.span)
            if let binding = item.binding { add("constraint binding", binding.span, item.span) }
        }
    }

    static func accumulate(_ accumulate: AccumulateSyntax, add: (String, Span, Span?) -> Void, condition: (ConditionSyntax, Span) -> Void) {
        condition(accumulate.source, accumulate.span)
        for function in accumulate.functions {
            add("accumulate function", function.span, accumulate.span)
            add("accumulate function name", function.function.span, function.span)
            if let argument = function.argument { add("accumulate argument", argument.span, function.span) }
        }
        for item in accumulate.constraints { add("accumulate constraint", item.span, accumulate.span) }
    }

    /// Checks every span of `text`: inside the file and its parent, and trimmed of white space.
    static func expectExactSpans(_ text: String, path: String) -> [Labelled] {
        let sources = SourceManager()
        let file = sources.add(path: path, text: text)
        let (syntax, _) = RuleParser.parse(file)
        let spans = collect(syntax)
        let bytes = file.bytes
        for item in spans {
            let span = item.span
            guard span.start >= 0, span.start <= span.end, span.end <= bytes.count else {
                Issue.record("\(path): \(item.label) span \(span.start)..<\(span.end) is outside the file")
                continue
            }
            if let parent = item.parent {
                #expect(parent.start <= span.start && span.end <= parent.end,
                        "\(path): \(item.label) '\(file.text(of: span))' is outside its parent '\(file.text(of: parent))'")
            }
            guard span.start < span.end else { continue }
            let isBlank: (UInt8) -> Bool = { $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }
            #expect(!isBlank(bytes[span.start]) && !isBlank(bytes[span.end - 1]),
                    "\(path): \(item.label) span '\(file.text(of: span))' is not trimmed")
        }
        return spans
    }

    static let sample = """
    package com.example.pricing;
    import com.example.Message;
    declare Applicant extends Person
        score : number = 0
        name : string
    end
    global Ledger ledger;
    function number twice(x: number) { return x * 2; }
    query "applicants over"(number minimum, limit: number)
        $a : Applicant(score > minimum)
    end
    rule "Pricing" salience 10 no-loop
        agenda-group "pricing"
    when
        $m : Message(status == Message.GET_PRICE, $s : fico_score > 740 || fico_score < 100)
        not Applicant(score in (1, 2, 3))
        exists (Applicant() or Message(price > 0))
        eval(1 < 2)
        $total : number() from accumulate(Applicant($v : score); sum($v))
    then
        $m.price = $m.listed_price * 0.8;
        modify($m) { price = 1 }
    end
    """

    @Test("every element of a DRL file that uses each construct has an exact span")
    func sampleSpans() {
        let spans = Self.expectExactSpans(Self.sample, path: "sample.drl")
        let sources = SourceManager()
        let file = sources.add(path: "sample.drl", text: Self.sample)
        func texts(_ label: String) -> [String] { spans.filter { $0.label == label }.map { file.text(of: $0.span) } }
        #expect(texts("rule name") == ["\"Pricing\""])
        #expect(texts("attribute") == ["salience 10", "no-loop", "agenda-group \"pricing\""])
        #expect(texts("attribute name") == ["salience", "no-loop", "agenda-group"])
        #expect(texts("pattern binding").prefix(2) == ["$a", "$m"])
        #expect(texts("constraint").prefix(3) == ["score > minimum", "status == Message.GET_PRICE", "$s : fico_score > 740 || fico_score < 100"])
        #expect(texts("query parameter") == ["number minimum", "limit: number"])
        #expect(texts("query parameter name") == ["minimum", "limit"])
        #expect(texts("declared field") .first == "score : number = 0")
        #expect(texts("global") == ["global Ledger ledger;"])
        #expect(texts("rule").first?.hasPrefix("rule \"Pricing\"") == true)
        #expect(texts("rule").first?.hasSuffix("end") == true)
        #expect(texts("consequence").first?.hasPrefix("$m.price") == true)
        #expect(texts("eval expression") == ["1 < 2"])
        #expect(texts("accumulate function") == ["sum($v)"])
    }

    @Test("every DRL file of the examples, benchmarks and tests has exact, nested, trimmed spans")
    func corpusSpans() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var count = 0
        for folder in ["Examples", "Benchmarks/rules", "Tests"] {
            guard let walker = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where url.pathExtension == "drl" || url.pathExtension == "rl" {
                let text = try String(contentsOf: url, encoding: .utf8)
                _ = Self.expectExactSpans(text, path: url.path)
                count += 1
            }
        }
        #expect(count > 20)
    }
}

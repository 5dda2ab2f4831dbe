import CMTFuzzKit

/// The tokens and nesting openers of the three reader languages, for ``ReaderTarget/grammar``.
enum ReaderGrammars {
    /// jPDL process XML: the elements and attributes of docs/processes.md and XML's awkward corners.
    static let xml = MutationGrammar(
        dictionary: [
            "<process-definition name=\"p\">", "</process-definition>", "<start-state name=\"s\">", "</start-state>",
            "<state name=\"a\">", "</state>", "<end-state name=\"e\"/>", "<task-node name=\"t\">", "</task-node>",
            "<task name=\"k\"/>", "<node name=\"n\">", "</node>", "<decision name=\"d\">", "</decision>",
            "<fork name=\"f\">", "</fork>", "<join name=\"j\"/>", "<super-state name=\"u\">", "</super-state>",
            "<process-state name=\"ps\"><sub-process name=\"p\"/></process-state>", "<transition to=\"a\"/>",
            "<transition name=\"go\" to=\"e\">", "</transition>", "<condition>#{amount > 10}</condition>",
            "<condition expression=\"#{owner == owner}\"/>", "<event type=\"node-enter\">", "</event>",
            "<action function=\"f\"/>", "<timer duedate=\"2 days\" transition=\"go\"/>", "<variable name=\"v\" type=\"number\"/>",
            "<handler function=\"h\"/>", "<description>x</description>", "<![CDATA[", "]]>", "<!--", "-->", "<?xml version=\"1.0\"?>",
            "<!DOCTYPE p [<!ENTITY e \"x\">]>", "&amp;", "&lt;", "&e;", "&#0;", "&#x110000;", "\"", "'", "=", "<", ">", "/>", "</",
            "xmlns=\"urn:jbpm.org:jpdl-3.2\"", "initial=\"a\"", "signal=\"last\"", "async=\"true\"", "repeat=\"1 hours\"",
            "duedate=\"-1 weeks\"", "\u{0}", "\u{FEFF}", "é", "\n", " ", "\r\n",
        ],
        openers: [
            ("<super-state name=\"u\">", "</super-state>"), ("<x>", "</x>"), ("<node name=\"n\">", "</node>"),
            ("<event type=\"node-enter\">", "</event>"), ("<![CDATA[", "]]>"), ("<!--", "-->"), ("&amp;", ""),
            ("<condition>#{(", ")}</condition>"),
        ])

    /// DRL (docs/rules.md): structure keywords, attributes, conditional elements, patterns.
    static let drl = MutationGrammar(
        dictionary: [
            "package p;", "import x.Y;", "declare Message", "status: number", "end", "global number limit;",
            "function number f(number x) { return x; }", "query \"q\"", "rule \"r\"", "salience 10", "no-loop", "lock-on-active",
            "agenda-group \"g\"", "activation-group \"a\"", "dialect \"mvel\"", "when", "then", "not", "exists", "forall", "or", "and",
            "eval(", "accumulate(", "collect(", "from", "over", "$m : Message(", "status == 1", "fico_score > 740", ")", "(", ",",
            ";", "insert(new Message());", "update($m);", "modify($m) { status = 2 }", "delete($m);", "retract($m);",
            "$m.price = 1;", "sum($x)", "count()", "init( total = 0; )", "action( total += 1; )", "result( total )", "\"", "//",
            "/*", "*/", "\n", " ", "\u{0}", "é", "1e999", "Message.GET_PRICE",
        ],
        openers: [
            ("not (", ")"), ("exists (", ")"), ("(", ")"), ("Message(status == (", "))"), ("eval(", ")"),
            ("when when ", ""), ("{", "}"), ("accumulate(", ", count())"), ("$m : Message() from collect(", ")"),
        ])

    /// `cmt.toml` (docs/projects.md): the manifest's tables and keys, TOML's value syntax.
    static let toml = MutationGrammar(
        dictionary: [
            "[package]", "name = \"p\"", "version = \"1.0.0\"", "contract = \"Pricing\"", "uses = [\"x\"]", "[sources]",
            "cmt = [\"src/**/*.cmt\"]", "rules = [\"rules/*.drl\"]", "processes = [\"processes/*.bpm\"]", "tests = [\"tests\"]",
            "[[webhooks]]", "handler = \"h\"", "secret = \"s\"", "[parameters]", "[parameters.fee]", "type = \"number\"",
            "default = 1", "description = \"d\"", "=", "\"", "'''", "\"\"\"", "[", "]", "{", "}", ",", ".", "#", "\\u0000",
            "1979-05-27T07:32:00Z", "inf", "nan", "0x1F", "1e999", "true", "\n", " ", "\u{0}", "\u{FEFF}", "é",
        ],
        openers: [("[", "]"), ("{ a = ", " }"), ("a.", "b = 1"), ("[[", "]]"), ("x = [", "]")])
}

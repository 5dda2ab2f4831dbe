import CMTVM

/// One line of the REPL, parsed: what the user asked for, with its arguments as typed (names are
/// resolved against the loaded program when the command runs).
enum ReplInput: Equatable {
    /// A blank line or a comment (`//` or `#`).
    case nothing
    case insert(type: String, fields: [FieldValue])
    /// Fire until the agenda is empty (`nil`: up to the REPL's safety limit) or `limit` firings.
    case fire(limit: Int?)
    case facts(type: String?)
    case agenda
    case rules
    case fired
    case why(rule: String)
    case retract(fact: Int)
    case modify(fact: Int, fields: [FieldValue])
    case reload
    case gas
    /// Switch to the session of another rule file, or (nil) list the rule files.
    case use(file: String?)
    /// Set a global of the rule file.
    case global(name: String, value: FieldValue)
    /// Run a query with literal arguments.
    case query(name: String, arguments: [FieldValue])
    case help
    case quit

    /// `name: value` in `insert` and `modify`; the value may name a static field (`Message.GET_PRICE`).
    struct FieldValue: Equatable {
        let name: String
        let value: ContractValue
        /// `Type.FIELD`, resolved when the command runs (then ``value`` is null).
        var constant: StaticField? = nil
    }

    /// A static field written as a value: `Message.GET_PRICE`.
    struct StaticField: Equatable {
        let type: String
        let field: String
    }

    /// The commands with their one-line descriptions, in the order `:help` lists them.
    static let summaries: [(usage: String, description: String)] = [
        ("insert Type(field: value, …)", "insert a fact (values: 1.5, \"text\", true, null, [1, 2], Type.CONSTANT)"),
        ("fire [N]", "fire the agenda (at most N activations) and show each rule that fired"),
        ("facts [Type]", "list the facts in working memory (of one type)"),
        ("agenda", "list the activations waiting to fire, in firing order"),
        ("rules", "list the rules with their salience and agenda group"),
        ("fired", "list every rule that has fired, in order, with its facts"),
        ("why RULE", "say whether a rule fired or is waiting, and if not, which condition fails"),
        ("retract f-N", "remove a fact"),
        ("modify f-N field: value, …", "change fields of a fact (the rules match it again)"),
        ("reload", "recompile the files from disk, keeping the facts"),
        ("use [FILE]", "switch to the session of another rule file (alone: list the rule files)"),
        ("gas", "show the gas the session has used"),
        ("global NAME VALUE", "set a global of the rule file (its rules read it from then on)"),
        ("query NAME [ARG …]", "run a query with its arguments and list the facts of each match"),
        (":help", "show this list"),
        (":quit, exit", "leave the REPL (so does end of input)"),
    ]

    /// Parses one line; keywords are case-insensitive.
    static func parse(_ line: String) throws(ReplError) -> ReplInput {
        var scanner = ReplScanner(line)
        let trimmed = scanner.rest
        if trimmed.isEmpty || trimmed.hasPrefix("//") || trimmed.hasPrefix("#") { return .nothing }
        let keyword: String
        if scanner.take(":") {
            guard let word = scanner.name() else { throw ReplError("unknown command '\(trimmed)'; type :help for the list") }
            keyword = ":" + word.lowercased()
        } else if let word = scanner.name() {
            keyword = word.lowercased()
        } else {
            throw ReplError("unknown command '\(trimmed)'; type :help for the list")
        }
        switch keyword {
        case "insert":
            guard let type = scanner.name() else { throw ReplError("expected a type after 'insert', as in insert Message(price: 100)") }
            var fields: [FieldValue] = []
            if scanner.take("(") {
                if !scanner.take(")") {
                    fields = try fieldList(&scanner, context: "in insert")
                    try scanner.expect(")", "after the fields of \(type)")
                }
            }
            try end(&scanner, keyword)
            return .insert(type: type, fields: fields)
        case "fire":
            if scanner.isAtEnd { return .fire(limit: nil) }
            let text = scanner.rest
            guard let limit = Int(text), limit > 0 else { throw ReplError("'fire' takes a positive number of firings, not '\(text)'") }
            return .fire(limit: limit)
        case "facts":
            let type = scanner.name()
            try end(&scanner, keyword)
            return .facts(type: type)
        case "why":
            let rule = unquoted(scanner.rest)
            guard !rule.isEmpty else { throw ReplError("'why' needs a rule name, as in why Pricing") }
            return .why(rule: rule)
        case "retract", "delete":
            guard !scanner.isAtEnd else { throw ReplError("'\(keyword)' needs a fact, as in \(keyword) f-1") }
            let fact = try scanner.factReference()
            try end(&scanner, keyword)
            return .retract(fact: fact)
        case "modify", "update":
            guard !scanner.isAtEnd else { throw ReplError("'\(keyword)' needs a fact and fields, as in modify f-1 price: 90") }
            let fact = try scanner.factReference()
            _ = scanner.take(",")
            let parenthesized = scanner.take("{") ? "}" as Character : nil
            let fields = try fieldList(&scanner, context: "in modify")
            if let parenthesized { try scanner.expect(parenthesized, "after the fields") }
            try end(&scanner, keyword)
            return .modify(fact: fact, fields: fields)
        case "use":
            let file = unquoted(scanner.rest)
            return .use(file: file.isEmpty ? nil : file)
        case "query":
            return try query(&scanner)
        case "global":
            guard let name = scanner.name() else { throw ReplError("'global' needs a name and a value, as in global threshold 100") }
            _ = scanner.take("=")
            guard !scanner.isAtEnd else { throw ReplError("'global \(name)' needs a value") }
            let value: FieldValue
            if let constant = scanner.staticField() {
                value = FieldValue(name: name, value: .null, constant: constant)
            } else {
                value = FieldValue(name: name, value: try scanner.literal())
            }
            try end(&scanner, "global")
            return .global(name: name, value: value)
        case "agenda", "rules", "fired", "reload", "gas", "help", ":help", ":h", "quit", "exit", ":quit", ":q", ":exit":
            try end(&scanner, keyword)
            switch keyword {
            case "agenda": return .agenda
            case "rules": return .rules
            case "fired": return .fired
            case "reload": return .reload
            case "gas": return .gas
            case "help", ":help", ":h": return .help
            default: return .quit
            }
        default:
            throw ReplError("unknown command '\(keyword)'; type :help for the list")
        }
    }

    /// `name: value, …` (also `name = value`), at least one.
    private static func fieldList(_ scanner: inout ReplScanner, context: String) throws(ReplError) -> [FieldValue] {
        var fields: [FieldValue] = []
        repeat {
            guard let name = scanner.name() else { throw ReplError("expected a field name \(context), found \(scanner.found())") }
            guard scanner.take(":") || scanner.take("=") else {
                throw ReplError("expected ':' after the field name '\(name)', found \(scanner.found())")
            }
            if let constant = scanner.staticField() {
                fields.append(FieldValue(name: name, value: .null, constant: constant))
            } else {
                fields.append(FieldValue(name: name, value: try scanner.literal()))
            }
        } while scanner.take(",")
        return fields
    }

    /// `query NAME arg, …`: the name bare or quoted, the arguments literals or static fields
    /// (commas between them optional, `(…)` around them allowed).
    private static func query(_ scanner: inout ReplScanner) throws(ReplError) -> ReplInput {
        let name: String
        if let bare = scanner.name() {
            name = bare
        } else if !scanner.isAtEnd, case .string(let quoted) = try scanner.literal() {
            name = quoted
        } else {
            throw ReplError("'query' needs a query name, as in query overdue 100")
        }
        var arguments: [FieldValue] = []
        let parenthesized = scanner.take("(")
        while !scanner.isAtEnd, !(parenthesized && scanner.take(")")) {
            let label = "argument \(arguments.count + 1)"
            if let constant = scanner.staticField() {
                arguments.append(FieldValue(name: label, value: .null, constant: constant))
            } else {
                arguments.append(FieldValue(name: label, value: try scanner.literal()))
            }
            _ = scanner.take(",")
        }
        try end(&scanner, "query")
        return .query(name: name, arguments: arguments)
    }

    private static func end(_ scanner: inout ReplScanner, _ keyword: String) throws(ReplError) {
        guard scanner.isAtEnd else { throw ReplError("unexpected \(scanner.found()) after '\(keyword)'") }
    }

    private static func unquoted(_ text: String) -> String {
        if text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first {
            return String(text.dropFirst().dropLast())
        }
        return text
    }
}

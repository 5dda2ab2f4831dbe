/// What Tab completes in `cmtc repl`: the word before the cursor, from what the line says so far.
///
/// The first word completes to a command; after `insert` or `facts`, to a fact type; inside
/// `insert Type(…` (at a field name), to the fields of `Type` followed by `:` (and a space); after `why`, to a
/// rule name; after `use`, to a rule file; after `query`, to a query name. The candidates are
/// sorted, and only those that start with what was typed are given.
public struct ReplCompletion {
    /// The names the loaded program offers.
    struct Names {
        var types: [String] = []
        /// Fields by type name.
        var fields: [String: [String]] = [:]
        var rules: [String] = []
        var queries: [String] = []
        var files: [String] = []
    }

    /// The commands, as `:help` lists them (without arguments).
    static let commands = [
        "insert", "fire", "facts", "agenda", "rules", "fired", "why", "retract", "modify", "reload", "use", "gas", "global", "query",
        ":help", ":quit", "exit",
    ]

    let names: Names

    /// The completions of the word that ends at `cursor` (a count of characters into `line`).
    public func candidates(line: String, cursor: Int) -> [String] {
        let before = String(line.prefix(cursor))
        let word = String(before.reversed().prefix { !Self.isBreak($0) }.reversed())
        let context = String(before.dropLast(word.count))
        let words = context.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let pool: [String]
        if let open = context.lastIndex(of: "("), !context[open...].contains(")") {
            // Inside `insert Type(` at a field name (after `(` or `,`, not after `:`).
            let inside = context[context.index(after: open)...]
            let lastPart = inside.split(separator: ",", omittingEmptySubsequences: false).last.map(String.init) ?? ""
            let head = context[..<open].split(separator: " ").map(String.init)
            guard !lastPart.contains(":"), head.first?.lowercased() == "insert", let type = head.last else { return [] }
            pool = (names.fields[type] ?? []).map { $0 + ":" }
        } else if words.isEmpty {
            pool = Self.commands
        } else if words.count == 1 {
            switch words[0].lowercased() {
            case "insert", "facts": pool = names.types
            case "why": pool = names.rules
            case "use": pool = names.files
            case "query": pool = names.queries
            default: pool = []
            }
        } else {
            pool = []
        }
        return pool.filter { $0.hasPrefix(word) }.sorted()
    }

    /// Whether a completed word is followed by a space: not after the fact type of `insert` (an
    /// opening parenthesis follows), after anything else.
    public func appendsSpace(line: String, cursor: Int) -> Bool {
        let before = String(line.prefix(cursor))
        let word = String(before.reversed().prefix { !Self.isBreak($0) }.reversed())
        let words = String(before.dropLast(word.count)).split(whereSeparator: { $0 == " " || $0 == "\t" })
        return before.contains("(") || !(words.count == 1 && words[0].lowercased() == "insert")
    }

    /// Characters that end a word for completion (as `rl_basic_word_break_characters` says).
    public static func isBreak(_ character: Character) -> Bool { " \t(,".contains(character) }
}

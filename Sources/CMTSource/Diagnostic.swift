/// How serious a diagnostic is. Errors stop a build; warnings do not unless the user denies them.
public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    case error
    case warning
    case note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// The stable identity of a message: a code users can search for (`E0203`, `W0001`) and the domain and
/// catalog name it comes from (`CMTCompiler.unknownName`). Tests and docs refer to both.
public struct MessageID: Hashable, Sendable, CustomStringConvertible {
    public let domain: String
    public let name: String
    public let code: String

    public init(domain: String, name: String, code: String) {
        self.domain = domain
        self.name = name
        self.code = code
    }

    public var description: String { "\(domain).\(name)" }
}

/// What a diagnostic says, without where: the catalog entries of each front end produce these.
public struct DiagnosticMessage: Sendable, Hashable {
    public let id: MessageID
    public let severity: Severity
    public let text: String

    public init(id: MessageID, severity: Severity, text: String) {
        self.id = id
        self.severity = severity
        self.text = text
    }
}

/// A secondary message attached to a diagnostic, optionally pointing at another place
/// ("'x' declared here").
public struct Note: Sendable, Hashable {
    public let message: String
    public let span: Span?

    public init(_ message: String, at span: Span? = nil) {
        self.message = message
        self.span = span
    }
}

/// A suggested edit that would fix the problem: replace the text of each span with new text.
/// A fix-it always carries at least one change.
public struct FixIt: Sendable, Hashable {
    /// One replacement of a byte range; an empty span inserts.
    public struct Change: Sendable, Hashable {
        public let span: Span
        public let replacement: String
        public init(span: Span, replacement: String) {
            self.span = span
            self.replacement = replacement
        }
    }

    /// Imperative description, e.g. "insert ';'".
    public let message: String
    public let changes: [Change]

    public init(_ message: String, first: Change, rest: [Change] = []) {
        self.message = message
        self.changes = [first] + rest
    }

    public static func insert(_ text: String, at span: Span, message: String? = nil) -> FixIt {
        FixIt(message ?? "insert '\(text)'", first: Change(span: Span.point(span.file, span.start), replacement: text))
    }

    public static func replace(_ span: Span, with text: String, message: String? = nil) -> FixIt {
        FixIt(message ?? "replace with '\(text)'", first: Change(span: span, replacement: text))
    }
}

/// One problem found in the user's source: a message with a primary span, notes and fix-its.
/// Diagnostics are plain data; rendering is done by ``DiagnosticRenderer`` and ``DiagnosticJSON``.
public struct Diagnostic: Sendable, Hashable {
    public let message: DiagnosticMessage
    public let span: Span
    public var notes: [Note]
    public var fixIts: [FixIt]
    /// Short hints rendered as `= help:` lines.
    public var helps: [String]

    public init(_ message: DiagnosticMessage, at span: Span, notes: [Note] = [], fixIts: [FixIt] = [], helps: [String] = []) {
        self.message = message
        self.span = span
        self.notes = notes
        self.fixIts = fixIts
        self.helps = helps
    }

    public var severity: Severity { message.severity }
    public var code: String { message.id.code }
    public var text: String { message.text }

    public func with(note: Note) -> Diagnostic {
        var copy = self
        copy.notes.append(note)
        return copy
    }

    public func with(fixIt: FixIt) -> Diagnostic {
        var copy = self
        copy.fixIts.append(fixIt)
        return copy
    }

    public func with(help: String) -> Diagnostic {
        var copy = self
        copy.helps.append(help)
        return copy
    }
}

/// Collects the diagnostics of one phase. Front ends never throw diagnostics one at a time: they add
/// them here and go on, so that one run reports every independent problem.
public struct DiagnosticBag: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public mutating func add(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    public mutating func add(_ message: DiagnosticMessage, at span: Span, notes: [Note] = [], fixIts: [FixIt] = [], helps: [String] = []) {
        diagnostics.append(Diagnostic(message, at: span, notes: notes, fixIts: fixIts, helps: helps))
    }

    public mutating func append(contentsOf other: [Diagnostic]) { diagnostics.append(contentsOf: other) }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }

    /// Diagnostics in a deterministic order: by file, then position, then code.
    public var sorted: [Diagnostic] { Diagnostic.sorted(diagnostics) }
}

extension Diagnostic {
    /// Orders diagnostics by file, start offset, then code, keeping the original order for ties.
    public static func sorted(_ list: [Diagnostic]) -> [Diagnostic] {
        list.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.span.file != y.span.file { return x.span.file < y.span.file }
            if x.span.start != y.span.start { return x.span.start < y.span.start }
            return a.offset < b.offset
        }.map(\.element)
    }
}

/// Thrown only where a phase cannot go on; always holds at least one error.
public struct DiagnosticsError: Error, Sendable {
    public let diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}

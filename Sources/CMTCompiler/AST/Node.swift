import CMTSource

/// A dense per-file number for every AST node that later phases annotate (expressions, declarations,
/// type annotations); the checker keeps its results in arrays indexed by it.
public struct NodeID: Hashable, Sendable, Comparable {
    public let rawValue: Int32
    public init(_ rawValue: Int32) { self.rawValue = rawValue }
    public static func < (a: NodeID, b: NodeID) -> Bool { a.rawValue < b.rawValue }
}

/// A name as written in the source, with where it was written.
public struct Identifier: Hashable, Sendable {
    public let name: String
    public let span: Span
    public init(_ name: String, span: Span) {
        self.name = name
        self.span = span
    }
    /// Whether the parser made this up because the name was missing.
    public var isMissing: Bool { name.isEmpty }
}

/// One parsed `.cmt` file: its top-level items in source order, and its comments for the formatter.
public struct SourceFileSyntax: Sendable {
    public let file: FileID
    public var items: [Item]
    public var comments: [Comment]
    /// One past the largest ``NodeID`` used in this file.
    public var nodeCount: Int32
    /// The top-level declarations written with `export`.
    public var exports: [ExportMark] = []

    /// Whether the file is a module (it has an `import` or an `export`): its declarations are its
    /// own unless exported. A file with neither shares one scope with the other such files.
    public var isModule: Bool {
        !exports.isEmpty || items.contains { if case .importDecl = $0 { true } else { false } }
    }
}

/// A top-level item of a file.
public enum Item: Sendable {
    case function(FunctionDecl)
    case classDecl(ClassDecl)
    case contract(ContractDecl)
    case statement(Stmt)
    /// `import { a } from "./file";`
    case importDecl(ImportDecl)

    public var span: Span {
        switch self {
        case .function(let decl): decl.span
        case .classDecl(let decl): decl.span
        case .contract(let decl): decl.span
        case .statement(let stmt): stmt.span
        case .importDecl(let decl): decl.span
        }
    }
}

import CMTSource

/// One name of an import list: `a` or `a as b`.
public struct ImportSpecifier: Sendable {
    /// The name the other file exports.
    public let name: Identifier
    /// The local name given with `as`, if any.
    public let alias: Identifier?

    /// The name this file knows the import by.
    public var localName: Identifier { alias ?? name }
}

/// `import { a, b as c } from "./file";` at the top level of a file.
public struct ImportDecl: Sendable {
    public let names: [ImportSpecifier]
    /// The module specifier as written between the quotes (decoded): `./file`, `../lib/x`,
    /// `std/money`, or a dependency's name.
    public let source: String
    /// The string literal, quotes included.
    public let sourceSpan: Span
    public let span: Span
}

/// An `export` keyword before the top-level declaration at ``itemIndex`` of a file's items.
public struct ExportMark: Sendable {
    public let itemIndex: Int
    public let keyword: Span
}

/// `try { … } catch (reason) { … }`: failures of calls to other contracts made in the `try`
/// block are caught; the binding (a `string`, the callee's revert reason) is optional.
public struct TryStatement: Sendable {
    public let body: Block
    /// `e` in `catch (e)`, nil for `catch { … }`.
    public let binding: Identifier?
    /// `catch (e: string)`: an annotation, which must be `string`.
    public let bindingType: TypeRepr?
    public let handler: Block
    /// The `try` keyword.
    public let keyword: Span
}

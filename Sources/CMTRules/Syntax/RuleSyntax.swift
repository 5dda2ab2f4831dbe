import CMTCompiler
import CMTSource

/// One parsed `.drl` / `.rl` file: its package, imports and top-level items in source order.
///
/// Embedded CMT code (constraint operands, attribute values, consequences, function bodies) is held
/// as CMTCompiler AST nodes whose spans point into the DRL file.
public struct RuleFileSyntax: Sendable {
    public let file: FileID
    public var packageName: QualifiedName?
    public var imports: [QualifiedName]
    public var items: [RuleItem]
}

/// A dotted name as written: `com.acme.Message`, `Message`.
public struct QualifiedName: Sendable {
    public let parts: [Identifier]
    public let span: Span
    /// The parts joined with dots.
    public var text: String { parts.map(\.name).joined(separator: ".") }
    /// The last part (the simple name a fact type is looked up by).
    public var last: Identifier? { parts.last }
}

/// A top-level item of a DRL file.
public enum RuleItem: Sendable {
    case declare(TypeDeclareSyntax)
    case global(GlobalSyntax)
    case function(RuleFunctionSyntax)
    case query(QuerySyntax)
    case rule(RuleDeclSyntax)
}

/// `declare Name (extends Base)? field : Type (= initializer)? … end`: a fact type with typed
/// fields, extending another fact type or class as Drools's `declare … extends` does.
public struct TypeDeclareSyntax: Sendable {
    public let name: Identifier
    public let fields: [DeclaredFieldSyntax]
    public let span: Span
    /// `extends Base`: the type this one extends (its facts match patterns on the base).
    public var superclass: Identifier? = nil
}

/// One field of a `declare`: `total : number = 0`.
public struct DeclaredFieldSyntax: Sendable {
    public let name: Identifier
    public let type: TypeRepr
    public let initializer: Expr?
    public let span: Span
}

/// `global Type name`: a value the host supplies to every rule.
public struct GlobalSyntax: Sendable {
    public let type: TypeRepr
    public let name: Identifier
    public let span: Span
}

/// `function name(params): Type { … }`, written in CMT; rules may call it.
public struct RuleFunctionSyntax: Sendable {
    public let name: Identifier
    /// The whole declaration from `function` to its closing brace.
    public let span: Span
}

/// A parameter of a query: `(x: number)` or Java-style `(number x)`.
public struct QueryParamSyntax: Sendable {
    public let name: Identifier
    public let type: TypeRepr
    /// From the first to the last token of the parameter (`name: Type` or `Type name`).
    public let span: Span
}

/// `query "name" (params)? conditions end`.
public struct QuerySyntax: Sendable {
    public let name: String
    public let nameSpan: Span
    public let params: [QueryParamSyntax]
    public let conditions: [ConditionSyntax]
    public let span: Span
}

/// `rule "name" attributes when conditions then actions end`.
public struct RuleDeclSyntax: Sendable {
    public let name: String
    public let nameSpan: Span
    public let attributes: [AttributeSyntax]
    public let conditions: [ConditionSyntax]
    public let actions: [ActionSyntax]
    /// From the first token after `then` up to `end`.
    public let consequenceSpan: Span
    public let span: Span
}

/// A rule attribute: `salience 10`, `no-loop`, `agenda-group "g"`, `dialect "mvel"`.
public struct AttributeSyntax: Sendable {
    /// The attribute name in lower case with dashes (`no-loop`, `date-effective`).
    public let name: String
    public let nameSpan: Span
    /// The value; nil when only the name was written (`no-loop`).
    public let value: Expr?
    public let span: Span
}

import CMTSource

/// Modifiers written before a declaration.
public struct Modifiers: Hashable, Sendable {
    public var isPublic = false
    public var isPrivate = false
    public var isStatic = false
    public var isReadonly = false
    public var isDeclare = false
    /// `reentrant`: a contract's public function that may be called while the contract is already
    /// on the call stack (a contextual modifier).
    public var isReentrant = false
    /// `protected`: visible in the class and its subclasses (a contextual modifier).
    public var isProtected = false
    /// `abstract`: a class that cannot be instantiated, or a method without a body that every
    /// concrete subclass implements (a contextual modifier).
    public var isAbstract = false
    public init() {}
}

/// A function parameter: `name: Type`, `name?: Type`, or `name: Type = default`.
public struct Param: Sendable {
    public let id: NodeID
    /// For a destructured parameter, empty, with the pattern's span.
    public let name: Identifier
    public let type: TypeRepr?
    public let isOptional: Bool
    public let defaultValue: Expr?
    public let span: Span
    /// `{ x, y }: Point` or `[first, second]: number[]`: the argument is taken apart into these
    /// variables.
    public var pattern: Pattern? = nil
    /// `...rest: T[]`: the arguments from here on, gathered into an array.
    public var isRest = false
    /// `indexed` before an event field's name: the host receives its value apart (a topic), so
    /// events can be filtered by it. Only event fields can be indexed.
    public var isIndexed = false
    /// `constructor(private rate: number)`: a TypeScript parameter property, which declares a
    /// field of the same name with these modifiers and assigns the argument to it. Nil for a plain
    /// parameter.
    public var propertyModifiers: Modifiers? = nil
}

/// What kind of callable a ``FunctionDecl`` is.
public enum FunctionKind: Sendable, Hashable {
    case function
    case method
    case constructor
    case webhook
}

/// A function, method, constructor or webhook handler:
/// `function name<T>(params): Type { body }`.
public struct FunctionDecl: Sendable {
    public let id: NodeID
    public let kind: FunctionKind
    public let modifiers: Modifiers
    public let name: Identifier
    public let typeParams: [Identifier]
    public let params: [Param]
    public let returnType: TypeRepr?
    /// Absent for `declare` functions and prelude signatures.
    public let body: Block?
    public let doc: String?
    public let span: Span
}

/// A field of a class or a state field of a contract: `name: Type = initial;`.
public struct FieldDecl: Sendable {
    public let id: NodeID
    public let modifiers: Modifiers
    public let name: Identifier
    public let type: TypeRepr?
    public let initializer: Expr?
    public let doc: String?
    public let span: Span
}

/// `class Name<T> extends Base implements Shape { fields, constructor, methods }`, or an
/// `interface Name extends A, B { property and method signatures }` (``isInterface``).
public struct ClassDecl: Sendable {
    public let id: NodeID
    public let modifiers: Modifiers
    public let name: Identifier
    public let typeParams: [Identifier]
    public let members: [ClassMember]
    public let doc: String?
    public let span: Span
    /// `extends Base` of a class.
    public var superclass: TypeRepr? = nil
    /// `implements A, B` of a class, or `extends A, B` of an interface.
    public var interfaces: [TypeRepr] = []
    /// Declared with `interface`: members are signatures, and the type is structural.
    public var isInterface = false
}

/// A member of a class or contract body.
public enum ClassMember: Sendable {
    case field(FieldDecl)
    case method(FunctionDecl)
    case event(EventDecl)

    public var span: Span {
        switch self {
        case .field(let field): field.span
        case .method(let method): method.span
        case .event(let event): event.span
        }
    }
}

/// `event Name(param: Type, …);` inside a contract.
public struct EventDecl: Sendable {
    public let id: NodeID
    public let name: Identifier
    public let params: [Param]
    public let doc: String?
    public let span: Span
}

/// `contract Name { state fields, events, constructor, functions, webhooks }`.
public struct ContractDecl: Sendable {
    public let id: NodeID
    public let name: Identifier
    public let members: [ClassMember]
    public let doc: String?
    public let span: Span
}

import CMTSource

/// What a class-like declaration is.
public enum ClassKind: Sendable, Hashable {
    case userClass
    case contract
    /// Declared in the prelude (`Array`, `RuleSession`, …).
    case builtin
    /// An `interface`: a structural type with no instances of its own; any class with its members
    /// is assignable to it.
    case interface
}

/// A parameter of a checked function.
public struct ParamInfo: Sendable {
    public let name: String
    public let type: TypeID
    public let isOptional: Bool
    public let span: Span
    /// A rest parameter (`...xs: T[]`, always last): a call passes any number of `T`s there.
    public var isRest = false
}

/// Where a function's result type stands while bodies are being checked.
enum ResultState {
    case annotated
    case pending
    /// Being inferred; the provisional type comes from returns seen so far.
    case inferring(provisional: TypeID?)
    case inferred
}

/// A checked function, method, constructor or webhook handler.
public final class FunctionInfo {
    public let name: String
    public let decl: FunctionDecl?
    public let file: FileID
    public internal(set) var params: [ParamInfo] = []
    public internal(set) var result: TypeID = .void
    var resultState: ResultState = .annotated
    /// Unowned like ``FieldInfo/owner``: the class holds its methods, and the checked module holds the class.
    public unowned let owner: ClassInfo?
    public let isBuiltin: Bool
    public internal(set) var typeParams: [String] = []

    init(name: String, decl: FunctionDecl?, file: FileID, owner: ClassInfo?, isBuiltin: Bool) {
        self.name = name
        self.decl = decl
        self.file = file
        self.owner = owner
        self.isBuiltin = isBuiltin
    }

    public var isStatic: Bool { decl?.modifiers.isStatic ?? false }
    public var isPublic: Bool { decl?.modifiers.isPublic ?? false }
    public var kind: FunctionKind { decl?.kind ?? .function }
    public var span: Span? { decl?.name.span }
    public var requiredCount: Int { params.count { !$0.isOptional } }
    /// Whether the last parameter is a rest parameter.
    public var hasRestParameter: Bool { params.last?.isRest ?? false }
}

/// A field of a class or a state field of a contract.
public final class FieldInfo {
    public let name: String
    public let decl: FieldDecl
    public let file: FileID
    public let index: Int
    public internal(set) var type: TypeID = .error
    var resolution: Resolution = .unresolved
    var initializerChecked = false
    /// A module-wide number, used to narrow the field in flow analysis.
    var serial = 0
    /// For a `Table<T>` state field, its indexed fields once checked (``Checker/tableIndexes(of:)``).
    var tableIndexes: [String]?
    /// Declared by a constructor parameter (`constructor(private rate: number)`).
    public internal(set) var isParameterProperty = false
    public unowned let owner: ClassInfo
    enum Resolution { case unresolved, resolving, resolved }

    init(name: String, decl: FieldDecl, file: FileID, index: Int, owner: ClassInfo) {
        self.owner = owner
        self.name = name
        self.decl = decl
        self.file = file
        self.index = index
    }

    public var isStatic: Bool { decl.modifiers.isStatic }
    public var isReadonly: Bool { decl.modifiers.isReadonly }
}

/// An event a contract declares.
public struct EventInfo: Sendable {
    public let name: String
    public let params: [ParamInfo]
    public let span: Span
    /// Positions (in ``params``) of the fields declared `indexed`, in order.
    public var indexedFields: [Int] = []
}

/// A class, contract or built-in type with its members.
public final class ClassInfo {
    public let id: ClassID
    public let name: String
    public let kind: ClassKind
    public let nameSpan: Span
    public let doc: String?
    public internal(set) var typeParams: [String] = []
    public internal(set) var fields: [FieldInfo] = []
    var fieldsByName: [String: FieldInfo] = [:]
    public internal(set) var methods: [String: FunctionInfo] = [:]
    public internal(set) var methodOrder: [FunctionInfo] = []
    public internal(set) var constructor: FunctionInfo?
    public internal(set) var events: [String: EventInfo] = [:]
    let members: [ClassMember]
    let file: FileID
    /// `extends Base`: the base class, once resolved.
    public internal(set) var superclass: ClassInfo?
    /// The classes that extend this one directly, in declaration order.
    public internal(set) var subclasses: [ClassInfo] = []
    /// `implements A, B` of a class, or `extends A, B` of an interface, once resolved.
    public internal(set) var interfaces: [ClassInfo] = []
    /// Declared `abstract`: it cannot be instantiated and may declare abstract methods.
    public internal(set) var isAbstract = false
    /// The declaration, for user classes and interfaces.
    var declaration: ClassDecl?
    /// Whether the class's members (and so its base's) have been resolved.
    var membersResolved = false

    init(id: ClassID, name: String, kind: ClassKind, nameSpan: Span, doc: String?, members: [ClassMember], file: FileID) {
        self.id = id
        self.name = name
        self.kind = kind
        self.nameSpan = nameSpan
        self.doc = doc
        self.members = members
        self.file = file
    }

    /// Instance fields in slot order: the base class's first, then those declared here.
    public var instanceFields: [FieldInfo] { fields.filter { !$0.isStatic } }

    /// The constructor `new` runs: this class's own, else the nearest base class's.
    public var effectiveConstructor: FunctionInfo? { constructor ?? superclass?.effectiveConstructor }

    /// This class and its base classes, nearest first (bounded: a cycle is broken when reported).
    public var lineage: [ClassInfo] {
        var chain: [ClassInfo] = []
        var next: ClassInfo? = self
        while let current = next, chain.count <= 256, !chain.contains(where: { $0 === current }) {
            chain.append(current)
            next = current.superclass
        }
        return chain
    }

    /// Whether this class is `other` or extends it, directly or not.
    public func isSubclass(of other: ClassInfo) -> Bool { lineage.contains { $0 === other } }

    /// This class and every class that extends it, directly or not, in declaration order of a
    /// depth-first walk (bounded like ``lineage``).
    public var descendants: [ClassInfo] {
        var result: [ClassInfo] = []
        var stack: [ClassInfo] = [self]
        while let current = stack.popLast(), result.count <= 4_096 {
            guard !result.contains(where: { $0 === current }) else { continue }
            result.append(current)
            stack.append(contentsOf: current.subclasses.reversed())
        }
        return result
    }

    /// Whether instances of this class can exist (not abstract, not an interface).
    public var isInstantiable: Bool { kind == .userClass && !isAbstract }
}

/// A variable: a parameter, a local, or a global of a script.
public final class VariableInfo {
    public enum Kind: Sendable { case parameter, local, global }
    public let name: String
    public let kind: Kind
    public let isConst: Bool
    public let span: Span
    public internal(set) var type: TypeID
    /// Dense index among the variables of one body (for flow analysis), or among globals.
    let index: Int
    var readCount = 0
    /// The body whose flow analysis tracks this variable, and its bit in that analysis.
    var ownerBody = -1
    var flowIndex = -1
    /// Whether a nested arrow function or function refers to it.
    var isCaptured = false
    /// Whether the type is still unknown (a global whose declaration has not been checked yet).
    var isPending = false

    init(name: String, kind: Kind, isConst: Bool, span: Span, type: TypeID, index: Int) {
        self.name = name
        self.kind = kind
        self.isConst = isConst
        self.span = span
        self.type = type
        self.index = index
    }
}

/// What a name in the source refers to, recorded by the checker for each identifier.
public enum Symbol {
    case variable(VariableInfo)
    case function(FunctionInfo)
    case classType(ClassInfo)
    /// A field used by its bare name inside its class or contract.
    case field(ClassInfo, FieldInfo)
    /// A method used by its bare name inside its class or contract.
    case method(ClassInfo, FunctionInfo)
}

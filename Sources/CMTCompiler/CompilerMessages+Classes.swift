import CMTSource

/// Messages about class hierarchies: `extends`, `super`, overriding, access modifiers, abstract
/// classes and interfaces (E0300–E0315).
extension CompilerMessages {
    static func inheritanceCycle(_ name: String) -> DiagnosticMessage {
        error("inheritanceCycle", "E0300", "'\(name)' extends itself through its base classes")
    }
    static func invalidBase(_ name: String, _ reason: String) -> DiagnosticMessage {
        error("invalidBase", "E0301", "'\(name)' cannot be extended: \(reason)")
    }
    static func notAnInterface(_ name: String) -> DiagnosticMessage {
        error("notAnInterface", "E0302", "'\(name)' is not an interface; a class implements interfaces and extends one class")
    }
    static func misplacedSuper(_ detail: String) -> DiagnosticMessage {
        error("misplacedSuper", "E0303", "invalid use of 'super': \(detail)")
    }
    static func superNotCalled(_ name: String) -> DiagnosticMessage {
        error("superNotCalled", "E0304", "the constructor of '\(name)' must call 'super(…)': '\(name)' extends another class")
    }
    static let thisBeforeSuper = error("thisBeforeSuper", "E0305", "'this' is used before 'super(…)' is called")
    static func incompatibleOverride(_ name: String, base: String, _ detail: String) -> DiagnosticMessage {
        error("incompatibleOverride", "E0306", "'\(name)' does not override '\(base).\(name)' compatibly: \(detail)")
    }
    static func memberNotAccessible(_ name: String, level: String, owner: String) -> DiagnosticMessage {
        error("memberNotAccessible", "E0307", "'\(name)' is \(level) in '\(owner)' and not accessible here")
    }
    static func abstractInstantiation(_ name: String) -> DiagnosticMessage {
        error("abstractInstantiation", "E0308", "cannot create an instance of '\(name)': it is abstract")
    }
    static func abstractNotImplemented(_ name: String, method: String, owner: String) -> DiagnosticMessage {
        error("abstractNotImplemented", "E0309", "'\(name)' does not implement the abstract method '\(owner).\(method)'")
    }
    static func misplacedAbstract(_ detail: String) -> DiagnosticMessage {
        error("misplacedAbstract", "E0310", "invalid 'abstract': \(detail)")
    }
    static func interfaceNotImplemented(_ name: String, interface: String, _ detail: String) -> DiagnosticMessage {
        error("interfaceNotImplemented", "E0311", "'\(name)' does not implement '\(interface)': \(detail)")
    }
    static func fieldRedeclared(_ name: String, base: String) -> DiagnosticMessage {
        error("fieldRedeclared", "E0312", "'\(name)' is already a field of the base class '\(base)'")
    }
    static func misplacedParameterProperty(_ name: String) -> DiagnosticMessage {
        error("misplacedParameterProperty", "E0313", "'\(name)' has a modifier, which only a class constructor's parameters may have (a parameter property)")
    }
    static func interfaceMemberInvalid(_ detail: String) -> DiagnosticMessage {
        error("interfaceMemberInvalid", "E0315", "invalid interface member: \(detail)")
    }
    static func abstractSuperCall(_ name: String, owner: String) -> DiagnosticMessage {
        error("abstractSuperCall", "E0314", "'super.\(name)()' calls '\(owner).\(name)', which is abstract and has no body")
    }
}

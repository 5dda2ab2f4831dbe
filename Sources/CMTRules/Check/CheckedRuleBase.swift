import CMTCompiler
import CMTSource

/// The checked rules of one module, the input of the Rete compiler: fact types, globals, queries
/// and rules in declaration order, with every embedded CMT expression and consequence compiled to a
/// function of ``generated`` (checked as part of ``module``). See docs/rules.md.
public struct CheckedRuleBase {
    /// Every fact type a rule or query uses, and every `declare`d one, by name.
    public let factTypes: [FactType]
    public let globals: [RuleGlobal]
    /// The names of the DRL `function`s (compiled from ``generated``).
    public let functions: [String]
    public let queries: [CheckedQuery]
    public let rules: [CheckedRule]
    /// The CMT classes of the `declare`s, to be compiled with the contract (see
    /// ``RuleFrontend/declaredClassesSource(_:files:)``).
    public let declaredClasses: GeneratedSource
    /// The synthesized CMT code: one function per constraint, eval, accumulate argument, `from`
    /// source, salience expression and consequence, plus the rule built-ins.
    public let generated: GeneratedSource
    /// The path of the generated file in the ``SourceManager``.
    public let generatedPath: String
    /// The CMT module checked with ``generated`` and ``declaredClasses``: its ``CheckedModule/functions``
    /// hold every synthesized function by ``EmbeddedCode/function`` name.
    public let module: CheckedModule?
}

/// A fact type: a CMT class, declared in DRL or in a `.cmt` file.
public struct FactType: Sendable {
    /// Where a fact type is declared.
    public enum Origin: Sendable { case declare(Span), cmtClass(Span) }
    public let name: String
    public let fields: [FactField]
    public let origin: Origin
}

/// A field of a fact type, with its CMT type written as a user would (`number`, `Item[]`).
public struct FactField: Sendable {
    public let name: String
    public let type: String
    public let typeID: TypeID
}

/// `global Type name`.
public struct RuleGlobal: Sendable {
    public let name: String
    public let type: String
    public let span: Span
}

/// A checked query: its parameters and conditions.
public struct CheckedQuery: Sendable {
    public let name: String
    public let parameters: [RuleBinding]
    public let conditions: [CheckedCondition]
    public let span: Span
}

/// A checked rule.
public struct CheckedRule: Sendable {
    public let name: String
    public let nameSpan: Span
    public let attributes: RuleAttributes
    public let conditions: [CheckedCondition]
    /// The bindings the consequence sees, in order.
    public let bindings: [RuleBinding]
    /// The consequence as a function of the bindings, the globals and `drools`.
    public let consequence: EmbeddedCode
    /// The consequence as parsed (for tools; the code generator compiles ``consequence``).
    public let actions: [ActionSyntax]
    public let span: Span
}

/// A name bound by a pattern (`$m : Message(…)`), a field (`$p : price`), an accumulate result or
/// a query parameter, with its CMT type.
public struct RuleBinding: Sendable, Hashable {
    public let name: String
    public let type: String
    public let span: Span
}

/// A rule's attributes with their defaults applied.
public struct RuleAttributes: Sendable {
    /// The salience: a number literal, or an expression of the bindings.
    public enum Salience: Sendable { case literal(String), expression(EmbeddedCode) }
    public var salience: Salience = .literal("0")
    public var noLoop = false
    public var lockOnActive = false
    public var autoFocus = false
    public var enabled = true
    public var agendaGroup: String?
    public var activationGroup: String?
    public var ruleflowGroup: String?
    /// Block time (seconds since 1970-01-01 UTC) from which the rule may fire.
    public var dateEffective: Int64?
    /// Block time from which the rule no longer fires.
    public var dateExpires: Int64?
}

/// A checked conditional element.
public indirect enum CheckedCondition: Sendable {
    case pattern(CheckedPattern)
    case and([CheckedCondition])
    case or([CheckedCondition])
    case not(CheckedCondition)
    case exists(CheckedCondition)
    case forall([CheckedCondition])
    case eval(EmbeddedCode)
    case accumulate(CheckedAccumulate)
}

/// A checked pattern.
public struct CheckedPattern: Sendable {
    /// The fact type's name (for `from collect`, the collected type; for `from accumulate`, `number`).
    public let factType: String
    public let binding: String?
    public let constraints: [CheckedConstraint]
    public let source: CheckedSource?
    public let span: Span
}

/// Where a pattern's facts come from when not from working memory.
public indirect enum CheckedSource: Sendable {
    /// `from expr`: the function returns one fact or an array of them.
    case expression(EmbeddedCode)
    case collect(CheckedCondition)
    case accumulate(CheckedAccumulate)
}

/// A checked accumulate.
public struct CheckedAccumulate: Sendable {
    public let source: CheckedCondition
    public let functions: [CheckedAccumulateFunction]
    public let constraints: [CheckedConstraint]
    public let span: Span
    /// A custom accumulate: the function computing the result from `__n` (the count) and `__c0`,
    /// `__c1`, … (the source's bindings collected, in the order of ``functions`` after the count).
    public var finish: EmbeddedCode?
}

/// The accumulate functions.
public enum AccumulateFunction: String, Sendable, CaseIterable {
    case count, sum, min, max, average, collectList, collectSet
}

/// `$total : sum($p)`.
public struct CheckedAccumulateFunction: Sendable {
    public let function: AccumulateFunction
    public let binding: RuleBinding?
    /// The argument as a function of the bindings visible inside the accumulate (nil for `count()`).
    public let argument: EmbeddedCode?
    /// The CMT type of the result (`number`, or `T[]` for the collect functions).
    public let resultType: String
}

/// A checked constraint: its simple form where there is one, and always its code.
public struct CheckedConstraint: Sendable {
    public let form: ConstraintForm
    /// A boolean function of `__f` (the fact) and the visible bindings; nil for a pure binding
    /// (`$p : price`).
    public let code: EmbeddedCode?
    /// The field binding this item declares (`$p` in `$p : price > 10`).
    public let binding: RuleBinding?
    public let span: Span
    /// The field path the binding names, each step with the class that has the field
    /// (`$p : product.price` is `[(Line, product), (Product, price)]`); empty without a binding.
    public var boundPath: [BoundStep] = []
}

/// One step of a bound field path: a field of a class.
public struct BoundStep: Sendable, Hashable {
    public let type: String
    public let field: String
}

/// The structured form of a constraint, for alpha and beta nodes.
public enum ConstraintForm: Sendable {
    /// `field op literal`: an alpha test.
    case fieldLiteral(field: String, op: ConstraintOperator, literal: ConstraintLiteral)
    /// `field op $binding` or `field op $binding.field`: a join test.
    case fieldBinding(field: String, op: ConstraintOperator, binding: String, bindingField: String?)
    /// `field in (literal, …)` (or `not in` when `negated`): an alpha test.
    case fieldIn(field: String, literals: [ConstraintLiteral], negated: Bool)
    /// Only binds a field (`$p : price`).
    case bindingOnly(field: String)
    /// Anything else: evaluate ``CheckedConstraint/code``.
    case expression
}

/// A literal in a simple constraint.
public enum ConstraintLiteral: Sendable, Hashable {
    case number(String), string(String), boolean(Bool), null
    /// A static field of a class: `Message.GET_PRICE`.
    case staticField(type: String, field: String)
}

/// Embedded CMT code compiled as one function of ``CheckedRuleBase/generated``.
public struct EmbeddedCode: Sendable {
    /// The name of the synthesized function (`__r0_c1`, `__r0_then`).
    public let function: String
    /// Its parameters in order: `__f` (the fact) first when present, then bindings, globals, `drools`.
    public let parameters: [RuleBinding]
    /// The function's span in the generated text.
    public let generatedSpan: Span
    /// The DRL code it was made from.
    public let span: Span
}

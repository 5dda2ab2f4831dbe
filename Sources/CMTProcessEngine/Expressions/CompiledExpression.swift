public import CMTVM

/// One condition or decision expression compiled to a bytecode function of its own.
public struct CompiledExpression: Sendable {
    /// What the expression yields.
    public enum Result: Sendable {
        /// A condition: true or false.
        case boolean
        /// A decision expression naming a transition.
        case transitionName
        /// A decision expression whose boolean result selects the transition named "true" or "false".
        case booleanTransitionName
        /// An assignment's actor: an `address`.
        case actor
        /// An assignment's actor given as its text (a `string`).
        case actorText
        /// A late-bound sub-process name (a `string`).
        case processName
    }

    /// The source as written (after `#{…}` removal).
    public var source: ExpressionSource
    /// The verified, loaded program holding the function.
    public var program: Program
    /// The index of the expression's function in ``program``.
    public var function: Int
    /// The process variables the expression reads, in parameter order, with their CMT types.
    public var parameters: [(name: String, type: String)]
    public var result: Result

    public init(source: ExpressionSource, program: Program, function: Int, parameters: [(name: String, type: String)], result: Result) {
        self.source = source
        self.program = program
        self.function = function
        self.parameters = parameters
        self.result = result
    }
}

import CMTBytecode

/// How compiled test code reaches the test chain (`cmtc test`): every test-only built-in, and
/// `Contract.deploy(…)`, is a contract call (`host callContract`) of ``address`` with the
/// function name below and its arguments in an array. The test chain's host answers those calls;
/// any other host has no contract at that address, so test code cannot run anywhere else.
/// Calls on a deployed contract's handle are ordinary contract calls of the handle's address.
public enum TestingInterface {
    /// The address test-only calls go to.
    public static let address = Address.named("testing")

    /// The test-only calls, by the function name the code generator gives them.
    public enum Function: String, Sendable, CaseIterable {
        /// [contract name, [constructor arguments…]] → the new contract's address.
        case deploy
        /// [name] → an address.
        case account
        /// [address]
        case setSender
        /// [number]
        case setValue
        /// [address, number]
        case setBalance
        /// [blocks, seconds]
        case advance
        /// [contract address, webhook name, Map<string, any> payload]
        case deliverWebhook
        /// [function index, [captured values…], reason or null]: runs the arrow function's code in a
        /// nested call (its captured values as arguments) and expects it to revert.
        case expectRevert
        /// [contract address, event name]
        case expectEvent
        /// [condition, message or null]
        case assert
        /// [actual, expected]
        case assertEqual
    }
}

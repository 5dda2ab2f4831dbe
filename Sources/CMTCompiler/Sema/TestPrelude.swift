/// The test-only built-ins (`cmtc test`), declared in CMT like ``Prelude``. The checker loads them
/// with the prelude but lets only files marked as test files (``CMTSource/SourceManager/markAsTestFile(_:)``)
/// use them; contract code that names one gets E0450. `Contract.deploy(…)` is checked apart
/// (Sema/BodyChecker+Testing.swift) because it is a member of every contract type.
public enum TestPrelude {
    /// The path shown for test-only declarations in diagnostics and hovers.
    public static let path = "<test prelude>"

    /// The names declared here (all hidden from non-test files).
    public static let names: Set<String> = ["Testing", "testing", "expectRevert", "expectEvent", "assert", "assertEqual"]

    public static let source = #"""
/// Chain control for a test: accounts, sender, value, balances, time and webhooks.
declare class Testing {
    /// A deterministic account address for `name`: the same name always gives the same address.
    account(name: string): address;
    /// The sender of the following contract calls and deploys (initially `testing.account("deployer")`).
    setSender(account: address): void;
    /// CMT sent with each following call and deploy, taken from the sender's balance (0 to stop).
    setValue(amount: number): void;
    /// Sets an account's CMT balance.
    setBalance(account: address, amount: number): void;
    /// Adds `blocks` to the block height and `seconds` to the block time, then fires the process
    /// timers that are due in every deployed contract.
    advance(blocks: number, seconds?: number): void;
    /// The address of a deployed contract (for `balance`, `transfer`, or as an argument).
    addressOf(target: any): address;
    /// Runs the webhook handler `name` of a deployed contract with the payload's entries as its
    /// parameters (by name), as the node does for an authenticated webhook request.
    deliverWebhook(target: any, name: string, payload: Map<string, any>): void;
}

/// Chain control for the running test.
declare const testing: Testing;

/// Runs `action` and passes if it reverts with a reason containing `reason` (any reason when
/// omitted); everything the action did is undone. Fails the test if it does not revert.
declare function expectRevert(action: () => void, reason?: string): void;

/// Passes if the deployed contract emitted the event `name` during this test (and it was not undone).
declare function expectEvent(target: any, name: string): void;

/// Fails the test with `message` unless `condition` holds.
declare function assert(condition: boolean, message?: string): void;

/// Fails the test, showing both values, unless `actual` equals `expected`.
declare function assertEqual<T>(actual: T, expected: T): void;
"""#
}

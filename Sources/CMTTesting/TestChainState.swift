import CMTBytecode
import CMTVM

/// The state a ``TestChain`` runs on (`cmtc test --host`): storage, balances, events, files and
/// the block, with journaling. ``InMemoryHost`` is the default; the chain's SQLite-persisted host
/// (`ChainTestState` in CMTChain) is the other, and both must give a test the same results.
public protocol TestChainState: Host {
    /// The block the next calls run in; ``moveBlock(to:)`` moves it.
    var block: BlockContext { get }
    /// Events emitted and not undone, in order.
    var events: [EmittedEvent] { get }
    /// Lines printed so far.
    var output: [String] { get }
    /// Sets an account's balance (a test's `testing.setBalance`).
    func setBalance(_ amount: Decimal18, for account: Address)
    /// Ends the current block and starts `block` (`testing.advance`): a persistent state commits
    /// here. Snapshots taken before a move cannot be rolled back to after it.
    func moveBlock(to block: BlockContext)
}

extension InMemoryHost: TestChainState {
    public func moveBlock(to block: BlockContext) { self.block = block }
}

public import CMTBytecode

/// The contracts on the call stack of one transaction, for the re-entrancy rule
/// (docs/language.md "Calling another contract"): a call into a contract that is already on the
/// stack is refused unless the entry point it calls is declared `reentrant`. A contract calling
/// itself (its own process actions and decision handlers, which the process engine runs as calls
/// of the contract by the contract, and calls through a handle of `this`) is internal, never a
/// re-entrant call. Hosts that run contract calls keep one (``InMemoryHost``, `cmtc test`'s chain).
public struct ContractCallStack: Sendable {
    private var contracts: [Address] = []

    public init() {}

    /// Enters `target` called by `caller` (the outermost caller when the stack is empty); gives a
    /// revert reason instead when the call would re-enter a contract that does not allow it.
    public mutating func enter(caller: Address, target: Address, entry: EntryPoint?) -> String? {
        let active = contracts.isEmpty ? [caller] : contracts
        if caller != target, active.contains(target), entry?.isReentrant != true {
            return "re-entrant call into \(target) ('\(entry?.name ?? "?")' is not declared reentrant)"
        }
        if contracts.isEmpty { contracts.append(caller) }
        contracts.append(target)
        return nil
    }

    /// Leaves the call entered last (and the outermost caller with it when the stack empties).
    public mutating func leave() {
        contracts.removeLast()
        if contracts.count == 1 { contracts.removeAll() }
    }
}

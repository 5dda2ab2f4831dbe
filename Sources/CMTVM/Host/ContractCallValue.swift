public import CMTBytecode

/// The value a contract call sends (`handle.f{ value: v }(…)`, docs/language.md "Sending CMT with a
/// call"), moved the same way by every host that runs contract calls, so that the in-memory host,
/// `cmtc test`'s chain and the chain's host give the same results, reasons and gas.
public enum ContractCallValue {
    /// The revert reason of a call whose caller cannot pay `amount` (`reason` is the host's
    /// transfer failure, such as "insufficient balance").
    public static func refusal(_ reason: String, amount: Decimal18) -> String {
        "cannot send \(amount) CMT with the call: \(reason)"
    }

    /// Runs the callee (`body`) inside one journal span of `host`: first moves `value` from
    /// `caller` to `target` (a caller that cannot pay gets a revert and the callee never runs);
    /// when the callee reverts or traps, undoes the transfer along with everything else the call
    /// did. A trapped callee's reason is its trap's reason, without the frame.
    public static func run(on host: any Host, caller: Address, target: Address, value: Decimal18, body: () -> CallOutcome) -> HostCallResult {
        let mark = host.snapshot()
        if value != .zero, let failure = host.transfer(from: caller, to: target, amount: value) {
            host.rollback(to: mark)
            return .reverted(refusal(failure, amount: value), gasUsed: 0)
        }
        let outcome = body()
        switch outcome.status {
        case .returned(let result):
            return .returned(result, gasUsed: outcome.gasUsed)
        case .reverted(let reason):
            host.rollback(to: mark)
            return .reverted(reason, gasUsed: outcome.gasUsed)
        case .trapped(let trap):
            host.rollback(to: mark)
            return .failed(trap.reason.description, gasUsed: outcome.gasUsed)
        }
    }
}

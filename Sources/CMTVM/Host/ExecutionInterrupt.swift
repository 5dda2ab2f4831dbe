/// A request from outside to stop the calls running on a host: how a tool that runs code for a
/// person at a keyboard (`cmtc repl` on Ctrl-C) stops a long call without ending the process.
///
/// A host that has one (``Host/interrupt``) makes the VM hand out its gas in slices of
/// ``sliceGas``; between two slices, and only there, the VM reads the flag and, when it is raised,
/// stops the call with ``TrapReason/interrupted``. The flag is never read otherwise, and a host on a
/// chain has none, so nothing a chain computes depends on it: with no interrupt raised, a call uses
/// the same gas and gives the same result as without one.
public final class ExecutionInterrupt: @unchecked Sendable {
    /// Gas the VM runs between two looks at the flag (about a millisecond of work).
    public static let sliceGas: Int64 = 1 << 18

    /// The flag: 0 or 1. A signal handler may write 1 through it (it is a plain `Int32` that lives
    /// as long as the interrupt).
    public let flag: UnsafeMutablePointer<Int32>

    public init() {
        flag = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        flag.initialize(to: 0)
    }

    deinit { flag.deallocate() }

    /// Whether a stop was requested since the last ``reset()``.
    public var isRequested: Bool { flag.pointee != 0 }

    /// Asks the running calls to stop at their next slice of gas.
    public func request() { flag.pointee = 1 }

    /// Lowers the flag (before the next command).
    public func reset() { flag.pointee = 0 }
}

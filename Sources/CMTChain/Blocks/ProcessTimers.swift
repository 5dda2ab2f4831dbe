import CMTBytecode
import Crypto

/// Process timers on the chain (docs/chain.md, "Process timers"): the constants that bound the
/// timer work of a block, and the names of the timer index's entries and of a firing's receipt.
///
/// When a process instance is stored with a pending timer, the chain Host writes the entry
/// ``StateKey/timer(due:contract:id:)`` (its earliest due time, the contract, the instance id as
/// 8 bytes big-endian) and removes the instance's previous one; at the end of each block
/// ``ChainApplication`` fires, in key order (due time, contract, instance), the entries whose due
/// time the block's time has reached, within the block's ``Budget``.
public enum ProcessTimers {
    /// How much timer work one block does: every node of a chain must use the same budget
    /// (``standard``; tests use smaller ones).
    public struct Budget: Hashable, Sendable {
        /// The most gas one block's timer firings may use together. The entries still due when
        /// it runs out stay in the index and fire at the next block, first.
        public var gasPerBlock: UInt64
        /// The gas limit of one firing (one instance's due timers, its actions included). A block
        /// starts no firing once less than this is left of ``gasPerBlock``.
        public var gasPerFiring: UInt64
        /// The least a firing counts against ``gasPerBlock``, so that a block fires at most
        /// ``gasPerBlock`` / ``minimumCharge`` instances whatever they cost.
        public var minimumCharge: UInt64

        public init(gasPerBlock: UInt64, gasPerFiring: UInt64, minimumCharge: UInt64) {
            self.gasPerBlock = gasPerBlock
            self.gasPerFiring = gasPerFiring
            self.minimumCharge = max(minimumCharge, 1)
        }

        /// 20,000,000 gas per block, 2,000,000 per firing, at least 20,000 counted per firing
        /// (so at most 1,000 firings per block).
        public static let standard = Budget(gasPerBlock: 20_000_000, gasPerFiring: 2_000_000, minimumCharge: 20_000)
    }

    /// The value of every timer index entry: a format version.
    public static let entryValue: [UInt8] = [1]

    /// The instance id as the index key's id bytes.
    public static func idBytes(_ id: Int64) -> [UInt8] { withUnsafeBytes(of: UInt64(bitPattern: id).bigEndian) { Array($0) } }

    /// The instance id of an index key's id bytes, or nil when they are not 8 bytes.
    public static func instanceID(_ bytes: [UInt8]) -> Int64? {
        guard bytes.count == 8 else { return nil }
        return Int64(bitPattern: bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }

    /// The hash naming a firing's receipt: SHA-256 of `"CMT/timer/v1"`, a zero byte, the
    /// block's height (8 bytes big-endian) and the index entry's key.
    public static func firingHash(height: UInt64, key: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array("CMT/timer/v1".utf8) + [0])
        hasher.update(data: withUnsafeBytes(of: height.bigEndian) { Array($0) })
        hasher.update(data: key)
        return Array(hasher.finalize())
    }
}

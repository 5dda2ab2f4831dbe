/// What the chain keeps for an account under ``StateKey/account(_:)``: the next nonce it signs
/// with and its CMT balance.
///
/// Encoding (version 1, 25 bytes): the version byte 1, the nonce as 8 bytes big-endian, the balance
/// in atto-CMT as 16 bytes big-endian. One encoding per record, so equal records hash equally.
public struct AccountRecord: Hashable, Sendable {
    /// The nonce the account's next transaction must carry.
    public var nonce: UInt64
    /// The account's CMT.
    public var balance: Amount

    /// An account that has never been written: nonce 0, no CMT.
    public static let empty = AccountRecord(nonce: 0, balance: .zero)

    public init(nonce: UInt64, balance: Amount) {
        self.nonce = nonce
        self.balance = balance
    }

    static let version: UInt8 = 1
    static let encodedCount = 25

    /// The stored bytes.
    public var encoded: [UInt8] {
        var out: [UInt8] = [AccountRecord.version]
        out.reserveCapacity(AccountRecord.encodedCount)
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: nonce >> UInt64(shift))) }
        for shift in stride(from: 120, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: balance.atto >> UInt128(shift))) }
        return out
    }

    /// Decodes stored bytes; anything but a version-1 record of exactly 25 bytes is ``ChainStoreError/Code/corrupt``.
    public init(decoding bytes: [UInt8]) throws(ChainStoreError) {
        guard bytes.count == AccountRecord.encodedCount, bytes[0] == AccountRecord.version else {
            throw ChainStoreError(.corrupt, "an account record is \(AccountRecord.encodedCount) bytes of version \(AccountRecord.version); got \(bytes.count) bytes")
        }
        nonce = bytes[1..<9].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        balance = Amount(atto: bytes[9..<25].reduce(UInt128(0)) { $0 << 8 | UInt128($1) })
    }
}

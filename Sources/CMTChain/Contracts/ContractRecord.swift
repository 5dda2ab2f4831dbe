import CMTBytecode

/// What the chain keeps for a deployed contract under ``StateKey/contract(_:)``: the bundle it
/// runs (its bytes are under ``StateKey/bundle(_:)``), who deployed it, with which nonce, and at
/// which height.
///
/// Encoding (version 1, 69 bytes): the version byte 1, the bundle's SHA-256 (32 bytes), the
/// deployer's address (20 bytes), the deployer's nonce (8 bytes big-endian), the deploy height
/// (8 bytes big-endian). One encoding per record.
public struct ContractRecord: Hashable, Sendable {
    /// SHA-256 of the bundle's bytes.
    public var bundleHash: [UInt8]
    public var deployer: Address
    /// The deployer's nonce of the deploying transaction (the address derives from it).
    public var nonce: UInt64
    public var height: UInt64

    public init(bundleHash: [UInt8], deployer: Address, nonce: UInt64, height: UInt64) {
        self.bundleHash = bundleHash
        self.deployer = deployer
        self.nonce = nonce
        self.height = height
    }

    static let version: UInt8 = 1
    static let encodedCount = 69

    /// The stored bytes.
    public var encoded: [UInt8] {
        var out: [UInt8] = [ContractRecord.version]
        out += bundleHash
        out += deployer.bytes
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: nonce >> UInt64(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: height >> UInt64(shift))) }
        return out
    }

    /// Decodes stored bytes; anything but a version-1 record of exactly 69 bytes is ``ChainStoreError/Code/corrupt``.
    public init(decoding bytes: [UInt8]) throws(ChainStoreError) {
        guard bytes.count == ContractRecord.encodedCount, bytes[0] == ContractRecord.version,
            let deployer = Address(bytes: Array(bytes[33..<53]))
        else {
            throw ChainStoreError(.corrupt, "a contract record is \(ContractRecord.encodedCount) bytes of version \(ContractRecord.version); got \(bytes.count) bytes")
        }
        bundleHash = Array(bytes[1..<33])
        self.deployer = deployer
        nonce = bytes[53..<61].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        height = bytes[61..<69].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }
}

extension Address {
    /// The address of the contract that `deployer` deploys with the transaction of nonce `nonce`:
    /// the first 20 bytes of SHA-256 over `"CMT/contract/v1"`, a zero byte, the deployer's 20
    /// bytes and the nonce as 8 bytes big-endian (docs/chain.md, "Contracts on the chain"). A
    /// deployer's nonce is used once, so two deploys never share an address.
    public static func contract(deployer: Address, nonce: UInt64) -> Address {
        var input = Array("CMT/contract/v1".utf8) + [0]
        input += deployer.bytes
        for shift in stride(from: 56, through: 0, by: -8) { input.append(UInt8(truncatingIfNeeded: nonce >> UInt64(shift))) }
        let hash = ContentHash.sha256(input)
        // Twenty bytes always make an address; the fallback is never taken.
        return Address(bytes: hash.prefix(20)) ?? deployer
    }
}

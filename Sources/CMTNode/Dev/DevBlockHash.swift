import CMTChain
import Crypto

/// The block hash the embedded dev consensus gives a block (CometBFT hashes its header; the dev
/// chain has none): SHA-256 over `"CMT/devblock/v1"`, a zero byte, the height and the time
/// (8 bytes each, big-endian), the previous app hash (32 bytes) and the transactions' hashes.
enum DevBlockHash {
    static func of(height: UInt64, time: Int64, previousAppHash: StateHash, transactions: [[UInt8]]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array("CMT/devblock/v1".utf8) + [0])
        hasher.update(data: bigEndian(height) + bigEndian(UInt64(bitPattern: time)))
        hasher.update(data: previousAppHash.bytes)
        for transaction in transactions { hasher.update(data: Array(SHA256.hash(data: transaction))) }
        return Array(hasher.finalize())
    }

    private static func bigEndian(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) } }
}

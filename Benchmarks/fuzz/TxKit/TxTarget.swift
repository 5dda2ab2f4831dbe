import CMTChain
import Crypto

/// What the `fuzz-tx` harness runs on each input: the transaction decoder and the stateless check
/// (`StatelessCheck`, docs/chain.md "The stateless check") on the bytes as submitted, then the
/// properties every answer must have. A crash, a hang or a broken property is a bug.
public enum TxTarget {
    /// The chain the seeds are signed for.
    public static let chainID = "cmt-fuzz-1"
    /// The check under test, with a size limit below `run.sh`'s `-max_len=8192` so that the
    /// oversize rejection is reached too.
    public static let check = StatelessCheck(chainID: chainID, maxTransactionBytes: 4_096)

    /// The rejection codes docs/chain.md defines.
    static let documentedCodes = Set<UInt32>(1...14)

    /// Checks `bytes` and the properties of the answer: an accepted transaction's hash is SHA-256
    /// of the bytes, its bytes are the input, and its body re-encodes to the envelope's body
    /// exactly (the envelope starts with field 1, the body); a rejection has a documented code and
    /// a message. Both hold on a second check of the same bytes.
    /// - Returns: nil, or the property that failed.
    public static func run(_ bytes: [UInt8]) -> String? {
        let first = outcome(bytes)
        if let broken = first.broken { return broken }
        let second = outcome(bytes)
        guard second.summary == first.summary else {
            return "two checks of the same bytes disagree: \(first.summary) then \(second.summary)"
        }
        return nil
    }

    private static func outcome(_ bytes: [UInt8]) -> (summary: String, broken: String?) {
        do {
            let checked = try check.check(bytes)
            let summary = "accepted \(checked.hash)"
            guard checked.bytes == bytes else { return (summary, "the checked bytes are not the input") }
            guard checked.hash == Array(SHA256.hash(data: bytes)) else { return (summary, "the hash is not SHA-256 of the bytes") }
            guard checked.transaction.chainID == chainID else { return (summary, "accepted for chain \(checked.transaction.chainID)") }
            let body: [UInt8]
            do {
                body = try checked.transaction.encodedBody()
            } catch {
                return (summary, "an accepted transaction does not encode: \(error)")
            }
            guard bytes.starts(with: [0x0A] + WireWriter.varint(UInt64(body.count)) + body) else {
                return (summary, "an accepted body does not re-encode to the bytes that were signed")
            }
            return (summary, nil)
        } catch {
            let summary = "rejected \(error.code.rawValue) \(error.message)"
            guard documentedCodes.contains(error.code.rawValue) else { return (summary, "undocumented code \(error.code.rawValue)") }
            guard !error.message.isEmpty else { return (summary, "a rejection without a message") }
            return (summary, nil)
        }
    }
}

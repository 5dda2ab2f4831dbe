/// The bytes a transaction's signatures cover (docs/chain.md, "Signed bytes"):
///
///     "CMT/tx/v1" 00   the format and its version
///     u8               the chain id's length in bytes (at most 50)
///     chain id         UTF-8
///     body             the canonical TxBody bytes, exactly as in the envelope
///
/// The signer and the fee payer sign the same bytes.
public enum SignBytes {
    /// The fixed prefix naming the format and version.
    public static let prefix = Array("CMT/tx/v1\u{0}".utf8)
    /// The longest chain id (CometBFT's limit).
    public static let maxChainIDBytes = 50

    /// The sign bytes of `body` for `chainID` (whose UTF-8 must be at most 50 bytes).
    public static func of(body: [UInt8], chainID: String) -> [UInt8] {
        let id = Array(chainID.utf8)
        return prefix + [UInt8(truncatingIfNeeded: min(id.count, maxChainIDBytes))] + id.prefix(maxChainIDBytes) + body
    }
}

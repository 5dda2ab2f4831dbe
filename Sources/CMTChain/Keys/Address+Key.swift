import CMTBytecode

extension Address {
    /// The address of an account key: the first 20 bytes of SHA-256 of its 32 public key bytes
    /// (``Address/derived(fromPublicKey:)``), written as bech32 `cmt1…`.
    public init(publicKey: PublicKey) {
        self = .derived(fromPublicKey: publicKey.bytes)
    }
}

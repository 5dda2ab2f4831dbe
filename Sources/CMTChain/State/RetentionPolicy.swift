/// Which versions the state tree keeps for queries and proofs; the rest is pruned at commit.
public enum RetentionPolicy: Sendable, Equatable {
    /// Keep every version (an archive node).
    case keepAll
    /// Keep the latest `count` versions (at least 1): after committing version v, versions below
    /// v − count + 1 are forgotten and the nodes only they reached are deleted.
    case keepLatest(UInt64)

    /// The default window: the latest 100 versions (docs/chain.md, "Retention and pruning").
    public static let standard = RetentionPolicy.keepLatest(100)
}

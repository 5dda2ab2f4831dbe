/// A ``NodeStore`` in memory: for tests, tools and the benchmark, and the reference a persistent
/// store is tested against.
public final class MemoryNodeStore: NodeStore {
    private var nodes: [NodeKey: Node] = [:]
    private var roots: [UInt64: TreeRoot] = [:]
    /// Stale nodes in the order they became stale (so in version order); entries before
    /// `staleStart` are already deleted.
    private var staleLog: [(since: UInt64, key: NodeKey)] = []
    private var staleStart = 0
    private var versions: ClosedRange<UInt64>?

    public init() {}

    /// How many nodes the store holds (live and stale-but-retained).
    public var nodeCount: Int { nodes.count }

    public func node(_ key: NodeKey) -> Node? { nodes[key] }

    public func root(at version: UInt64) -> TreeRoot? { roots[version] }

    public func retainedVersions() -> ClosedRange<UInt64>? { versions }

    public func write(_ batch: NodeBatch) {
        for (key, node) in batch.nodes { nodes[key] = node }
        for key in batch.stale { staleLog.append((batch.version, key)) }
        roots[batch.version] = batch.root
        versions = (versions?.lowerBound ?? batch.version)...batch.version
    }

    public func prune(before oldest: UInt64) throws(StateTreeError) {
        guard let current = versions else { return }
        guard oldest <= current.upperBound else {
            throw StateTreeError(
                .badRetention, "cannot prune before version \(oldest): the latest is \(current.upperBound)")
        }
        guard oldest > current.lowerBound else { return }
        for version in current.lowerBound..<oldest { roots[version] = nil }
        while staleStart < staleLog.count, staleLog[staleStart].since <= oldest {
            nodes[staleLog[staleStart].key] = nil
            staleStart += 1
        }
        if staleStart > 4096, staleStart * 2 > staleLog.count {
            staleLog.removeFirst(staleStart)
            staleStart = 0
        }
        versions = oldest...current.upperBound
    }
}

import CMTChain

/// Where a node keeps its chain: opens the current storage, and makes the fresh storage that
/// `dev_revert` replays the chain into before it takes the current one's place.
public protocol ChainStorageProvider: Sendable {
    /// The current storage (empty when the node is new).
    func openCurrent() throws(NodeError) -> any ChainStorage
    /// A new, empty storage. Until ``adopt(_:)`` it is not the current one.
    func makeReplacement() throws(NodeError) -> StorageReplacement
    /// Makes `replacement` the current storage (a restart then opens it) and lets the old one go.
    func adopt(_ replacement: StorageReplacement) throws(NodeError)
}

/// A storage made to replace the current one, and the name its provider knows it by.
public struct StorageReplacement {
    public let storage: any ChainStorage
    public let name: String

    public init(storage: any ChainStorage, name: String) {
        self.storage = storage
        self.name = name
    }
}

/// Keeps the chain in memory: nothing survives the process.
public struct MemoryStorageProvider: ChainStorageProvider {
    public init() {}

    public func openCurrent() throws(NodeError) -> any ChainStorage { try make() }
    public func makeReplacement() throws(NodeError) -> StorageReplacement { StorageReplacement(storage: try make(), name: "memory") }
    public func adopt(_ replacement: StorageReplacement) {}

    private func make() throws(NodeError) -> any ChainStorage {
        do {
            return try MemoryChainStorage(retention: .standard)
        } catch {
            throw NodeError(.store, "cannot make the in-memory store: \(error)")
        }
    }
}

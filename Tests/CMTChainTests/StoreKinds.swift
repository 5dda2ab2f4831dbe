import Foundation
import Testing

@testable import CMTChain

/// A folder for one test's database files, removed when the value goes away. A database still
/// open then keeps working on its unlinked files (Linux keeps open files), so a tree may outlive
/// the folder value that made it.
final class ScratchFolder: Sendable {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "cmt-chain-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A database file path in the folder.
    func file(_ name: String = "chain.sqlite") -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// The node stores the state tree's suites run against: the in-memory reference and SQLite.
enum NodeStoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory
    case sqlite

    var testDescription: String { rawValue }

    /// A new empty store of this kind (with the folder of its database, kept alive by the value).
    func make() throws -> TestNodeStore {
        switch self {
        case .memory:
            return TestNodeStore(store: MemoryNodeStore(), scratch: nil)
        case .sqlite:
            let scratch = try ScratchFolder()
            return TestNodeStore(store: SQLiteNodeStore(database: try ChainDatabase(path: scratch.file())), scratch: scratch)
        }
    }
}

/// A node store under test and what keeps its files.
struct TestNodeStore {
    let store: any NodeStore
    let scratch: ScratchFolder?

    /// How many nodes the store holds.
    func nodeCount() throws -> Int {
        switch store {
        case let memory as MemoryNodeStore: return memory.nodeCount
        case let sqlite as SQLiteNodeStore: return try sqlite.nodeCount()
        default: throw StateTreeError(.storeFailure, "no node count for \(type(of: store))")
        }
    }

    /// A tree over the store.
    func tree(_ retention: RetentionPolicy) throws -> StateTree { try StateTree(store: store, retention: retention) }
}

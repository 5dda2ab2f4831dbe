import ArgumentParser
import CMTChain
import CMTTesting
import CMTVM
import Foundation

/// Where `cmtc test` keeps a test's chain state (`--host`).
enum TestHost: String, CaseIterable, ExpressibleByArgument {
    /// ``InMemoryHost``: nothing persists.
    case memory
    /// The chain's own host on the SQLite store (`ChainTestState` over `SQLiteChainStore`), one
    /// database per test in a temporary folder removed afterwards.
    case sqlite
}

extension ChainTestState: TestChainState {}

/// Makes each test's state for a ``TestHost`` and removes what it leaves on disk.
final class TestStates {
    let host: TestHost
    private var folder: String?
    private var count = 0

    init(host: TestHost) { self.host = host }

    /// A fresh state for the next test (nil: the test chain's default in-memory one).
    func next() throws -> (any TestChainState)? {
        guard host == .sqlite else { return nil }
        let folder = try self.folder ?? {
            let path = NSTemporaryDirectory() + "cmtc-test-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            return path
        }()
        self.folder = folder
        count += 1
        return try ChainTestState(storage: SQLiteChainStore(path: "\(folder)/test-\(count).sqlite"))
    }

    /// Commits the end of a test on a persistent state; the commit's failure, if any.
    func finish(_ state: (any TestChainState)?) -> String? {
        guard let state = state as? ChainTestState else { return nil }
        state.commit()
        return state.fault.map { "the test's state did not commit: \($0)" }
    }

    deinit {
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
    }
}

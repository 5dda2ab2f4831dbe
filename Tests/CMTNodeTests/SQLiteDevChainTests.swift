import CMTBytecode
import CMTChain
import Foundation
import Testing

@testable import CMTNode

/// The dev chain on SQLite: a revert replays into a new database that a reopened node finds.
@Suite("the dev chain on SQLite")
struct SQLiteDevChainTests {
    static func folder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sqlite-dev-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static func chain(_ folder: String) throws -> DevChain {
        try DevChain(
            options: DevChain.Options(genesis: DevGenesis.genesis(), genesisTime: NodeFixture.genesisTime, proposer: NodeFixture.validator.address),
            provider: SQLiteStorageProvider(folder: folder))
    }

    @Test("blocks persist; dev_revert replays into a new database, which the next open resumes from")
    func revertPersists() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let one = DevAccounts.key(1).address
        do {
            let chain = try Self.chain(folder)
            _ = try await chain.submit(try NodeFixture.transfer(0, to: one, atto: 10, nonce: 0))
            let snapshot = try await chain.snapshot()
            let appHash = try await chain.block(at: 1)?.record.appHash
            _ = try await chain.submit(try NodeFixture.transfer(0, to: one, atto: 20, nonce: 1))
            #expect(try await chain.blockNumber() == 2)
            try await chain.revert(to: snapshot)
            #expect(try await chain.blockNumber() == 1)
            #expect(try await chain.block(at: 1)?.record.appHash == appHash)
            #expect(try await chain.balance(of: one, at: nil) == Amount(atto: DevGenesis.accountBalance.atto + 10))
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".sqlite") }
        #expect(files.count == 1)
        let reopened = try Self.chain(folder)
        #expect(try await reopened.blockNumber() == 1)
        #expect(try await reopened.pendingNonce(of: DevAccounts.key(0).address) == 1)
        #expect(try await reopened.balance(of: one, at: nil) == Amount(atto: DevGenesis.accountBalance.atto + 10))
    }
}

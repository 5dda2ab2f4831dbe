import CMTBytecode
import Crypto
import Testing

@testable import CMTChain

/// Receipts, their canonical bytes, the receipts and events roots, and the proof chain from a
/// receipt to the app hash (docs/chain.md, "Receipts").
@Suite struct ReceiptTests {
    static let hash = Array(SHA256.hash(data: Array("tx".utf8)))

    static let full = Receipt(
        transactionHash: hash, status: .reverted, gasUsed: 54_321, fee: Amount(atto: 123_456_789_000),
        events: [
            ReceiptEvent(contract: Address.named("a"), name: "Paid", topics: [[1, 4, 1, 2], []], fields: [1, 8, 0]),
            ReceiptEvent(contract: Address.named("b"), name: "Ünïcode", topics: [], fields: []),
        ],
        returnValue: [1, 0], reason: "insufficient collateral", location: SourceLocation(file: "loan.cmt", line: 42, column: 7),
        createdContract: Address.named("created"))

    @Test("receipts round-trip through their bytes; the decoder accepts only the canonical form")
    func roundTrip() throws {
        let rejected = Receipt(transactionHash: Self.hash, status: .rejected, rejection: .nonceTooLow, gasUsed: 0, fee: .zero)
        for receipt in [Self.full, rejected, Receipt(transactionHash: Self.hash, status: .success, gasUsed: 21_000, fee: Amount(atto: 1))] {
            #expect(try Receipt(decoding: receipt.encoded) == receipt)
        }
        let bytes = Self.full.encoded
        #expect(throws: ChainDecodingError.self) { try Receipt(decoding: bytes + [0]) }
        #expect(throws: ChainDecodingError.self) { try Receipt(decoding: Array(bytes.dropLast())) }
        var version = bytes
        version[0] = 2
        #expect(throws: ChainDecodingError.self) { try Receipt(decoding: version) }
        var status = bytes
        status[33] = 99
        #expect(throws: ChainDecodingError.self) { try Receipt(decoding: status) }
        var code = bytes
        code[37] = 1  // a rejection code with status reverted
        #expect(throws: ChainDecodingError.self) { try Receipt(decoding: code) }
    }

    @Test("receipt bytes match the committed golden vector")
    func golden() throws {
        let expected = try GoldenFile.value("receipt.full")
        #expect(Hex.encode(Self.full.encoded) == expected)
        let rejected = Receipt(transactionHash: Self.hash, status: .rejected, rejection: .expired, gasUsed: 0, fee: .zero)
        #expect(Hex.encode(rejected.encoded) == (try GoldenFile.value("receipt.rejected")))
    }

    /// RFC 9162's definition, recursively.
    static func referenceRoot(_ items: ArraySlice<[UInt8]>, kind: MerkleList.Kind) -> StateHash {
        if items.isEmpty { return .placeholder }
        if items.count == 1, let only = items.first { return MerkleList.leafHash(only, kind: kind) }
        var k = 1
        while k * 2 < items.count { k *= 2 }
        return MerkleList.nodeHash(
            referenceRoot(items.prefix(k), kind: kind), referenceRoot(items.dropFirst(k), kind: kind), kind: kind)
    }

    @Test("list roots equal RFC 9162's recursive definition; every item's proof verifies and tampering fails")
    func merkleLists() throws {
        for count in 0...33 {
            let items = (0..<count).map { Array("item \($0)".utf8) }
            let list = MerkleList(kind: .receipts, items: items)
            #expect(list.root == Self.referenceRoot(items[...], kind: .receipts))
            #expect(list.proof(of: count) == nil)
            for index in 0..<count {
                let proof = try #require(list.proof(of: index))
                #expect(proof.verify(item: items[index], root: list.root, kind: .receipts))
                #expect(try MerkleListProof(decoding: proof.encoded) == proof)
                #expect(!proof.verify(item: items[index] + [0], root: list.root, kind: .receipts))
                #expect(!proof.verify(item: items[index], root: list.root, kind: .events))
                if count > 1 {
                    #expect(!proof.verify(item: items[(index + 1) % count], root: list.root, kind: .receipts))
                    let moved = MerkleListProof(index: UInt32((index + 1) % count), count: proof.count, path: proof.path)
                    #expect(!moved.verify(item: items[index], root: list.root, kind: .receipts))
                    var path = proof.path
                    path[0] = TreeHasher.valueHash([1])
                    #expect(!MerkleListProof(index: proof.index, count: proof.count, path: path).verify(item: items[index], root: list.root, kind: .receipts))
                }
            }
        }
        #expect(MerkleList(kind: .receipts, items: [[1]]).root != MerkleList(kind: .events, items: [[1]]).root)
    }

    @Test("a receipt is proven against the app hash: receipt → receipts root → block result → state proof")
    func proofChain() throws {
        let chain = try ChainFixture(executor: ScriptedExecutor())
        let contract = Address.named("counter")
        let txs = [
            try ChainFixture.transfer(0, to: ChainFixture.key(1).address, Amount(atto: 5), nonce: 0),
            try ChainFixture.transaction(1, nonce: 0, action: .call(contract: contract, function: "ok", arguments: [], value: .zero), gasLimit: 100_000),
            try ChainFixture.transfer(2, to: ChainFixture.key(1).address, Amount(atto: 5), nonce: 7),
        ]
        let result = try chain.block(txs)
        let record = try #require(try chain.storage.block(at: 1))
        #expect(record.result.receiptCount == 3)
        #expect(record.result.eventCount == 1)
        #expect(record.result.eventsRoot == MerkleList(kind: .events, items: [BlockResult.eventLeaf(result.results[1].receipt.events[0], of: result.results[1].receipt.transactionHash)]).root)
        for item in result.results {
            let (proof, appHash) = try #require(try chain.app.receiptProof(transactionHash: item.receipt.transactionHash))
            #expect(appHash == result.appHash)
            #expect(proof.receipt == item.receipt.encoded)
            #expect(proof.verify(appHash: result.appHash))
            #expect(!proof.verify(appHash: TreeHasher.valueHash([9])))
            var tampered = proof.receipt
            tampered[tampered.count - 1] ^= 1
            #expect(!ReceiptProof(height: proof.height, receipt: tampered, inclusion: proof.inclusion, blockResult: proof.blockResult, stateProof: proof.stateProof).verify(appHash: result.appHash))
            #expect(!ReceiptProof(height: 2, receipt: proof.receipt, inclusion: proof.inclusion, blockResult: proof.blockResult, stateProof: proof.stateProof).verify(appHash: result.appHash))
        }
        // Proven again against a later app hash: the block result stays in state.
        let later = try chain.block([])
        let (again, laterHash) = try #require(try chain.app.receiptProof(transactionHash: result.results[0].receipt.transactionHash))
        #expect(laterHash == later.appHash)
        #expect(again.verify(appHash: later.appHash))
        #expect(try chain.app.receiptProof(transactionHash: [UInt8](repeating: 0, count: 32)) == nil)
    }
}

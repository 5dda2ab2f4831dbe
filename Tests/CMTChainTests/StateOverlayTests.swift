import CMTBytecode
import Testing

@testable import CMTChain

/// A failing store, to check that a read failure becomes a sticky fault.
private final class FailingBacking: StateBacking {
    func value(of key: [UInt8]) throws(ChainStoreError) -> [UInt8]? { throw ChainStoreError(.readFailed, "disk gone") }
    func next(from: [UInt8], prefix: [UInt8]) throws(ChainStoreError) -> (key: [UInt8], value: [UInt8])? {
        throw ChainStoreError(.readFailed, "disk gone")
    }
}

@Suite("State overlay")
struct StateOverlayTests {
    private func reference(_ model: [[UInt8]: [UInt8]], from: [UInt8], prefix: [UInt8]) -> (key: [UInt8], value: [UInt8])? {
        model.filter { $0.key.starts(with: prefix) && !$0.key.lexicographicallyPrecedes(from) }
            .min { $0.key.lexicographicallyPrecedes($1.key) }
            .map { ($0.key, $0.value) }
    }

    @Test func readsWalksAndRollbacksMatchAPlainDictionary() {
        var random = SeededGenerator(seed: 7)
        let contracts = (0..<3).map { Address.named("c\($0)") }
        func randomKey() -> [UInt8] {
            let contract = contracts[Int.random(in: 0..<3, using: &random)]
            return StateKey.storage(contract, [UInt8.random(in: 0..<6, using: &random), UInt8.random(in: 0..<4, using: &random)]).bytes
        }
        for round in 0..<20 {
            let backing = MemoryStateBacking()
            var committed: [[UInt8]: [UInt8]] = [:]
            for _ in 0..<30 {
                let key = randomKey()
                committed[key] = [UInt8(round)]
            }
            backing.apply(committed.map { ($0.key, $0.value) })
            let overlay = StateOverlay(backing: backing)
            var model = committed
            var saved: [(Int, [[UInt8]: [UInt8]])] = []
            for _ in 0..<200 {
                switch Int.random(in: 0..<10, using: &random) {
                case 0..<4:
                    let key = randomKey()
                    let value = [UInt8.random(in: 0...255, using: &random)]
                    overlay.put(key, value)
                    model[key] = value
                case 4..<6:
                    let key = randomKey()
                    overlay.delete(key)
                    model[key] = nil
                case 6:
                    saved.append((overlay.snapshot(), model))
                case 7:
                    if let (position, state) = saved.popLast() {
                        overlay.rollback(to: position)
                        model = state
                    }
                default:
                    let contract = contracts[Int.random(in: 0..<3, using: &random)]
                    let prefix = StateKey.storagePrefix(contract) + (Bool.random(using: &random) ? [UInt8.random(in: 0..<6, using: &random)] : [])
                    var from = prefix
                    var walked: [[UInt8]] = []
                    while let found = overlay.next(from: from, prefix: prefix) {
                        let expected = reference(model, from: from, prefix: prefix)
                        #expect(found.key == expected?.key && found.value == expected?.value)
                        walked.append(found.key)
                        from = found.key + [0]
                    }
                    #expect(walked == model.keys.filter { $0.starts(with: prefix) }.sorted { $0.lexicographicallyPrecedes($1) })
                }
                let probe = randomKey()
                #expect(overlay.value(of: probe) == model[probe])
            }
            // Applying the net changes to the committed state gives the model.
            backing.apply(overlay.changes)
            for (key, value) in model { #expect((try? backing.value(of: key)) == value) }
            #expect(backing.count == model.count)
            #expect(overlay.fault == nil)
        }
    }

    @Test func walkAcrossNamespacesWithAShortPrefixSeesEveryPartition() {
        let backing = MemoryStateBacking()
        let a = Address.named("a")
        let b = Address.named("b")
        backing.apply([(StateKey.storage(a, [1]).bytes, [1])])
        let overlay = StateOverlay(backing: backing)
        overlay.put(StateKey.storage(b, [2]).bytes, [2])
        overlay.put(StateKey.account(a).bytes, AccountRecord.empty.encoded)
        var keys: [[UInt8]] = []
        var from: [UInt8] = [StateKey.Tag.storage.rawValue]
        while let found = overlay.next(from: from, prefix: [StateKey.Tag.storage.rawValue]) {
            keys.append(found.key)
            from = found.key + [0]
        }
        #expect(keys == [StateKey.storage(a, [1]).bytes, StateKey.storage(b, [2]).bytes].sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test func aFailingStoreReadIsAStickyFault() {
        let overlay = StateOverlay(backing: FailingBacking())
        #expect(overlay.value(of: [1]) == nil)
        #expect(overlay.fault?.code == .readFailed)
        overlay.put([1], [2])
        #expect(overlay.value(of: [1]) == [2])
        #expect(overlay.fault?.code == .readFailed)
    }

    @Test func changesAreNetAndInKeyOrder() {
        let overlay = StateOverlay(backing: MemoryStateBacking())
        overlay.put([3], [1])
        overlay.put([1], [1])
        overlay.put([3], [2])
        overlay.delete([2])
        let mark = overlay.snapshot()
        overlay.put([4], [4])
        overlay.rollback(to: mark)
        #expect(overlay.changes.map(\.key) == [[1], [2], [3]])
        #expect(overlay.changes.map(\.value) == [[1], nil, [2]])
    }
}

@Suite("State key layout")
struct StateKeyTests {
    @Test func everyKeyRoundTripsThroughItsBytes() {
        let a = Address.named("a")
        let keys: [StateKey] = [
            .account(a), .contract(a), .bundle(Array(repeating: 7, count: 32)), .storage(a, []), .storage(a, [1, 2]),
            .file(Array("bafkrei".utf8)), .timer(due: -5, contract: a, id: [9]), .timer(due: 1_700_000_000, contract: a, id: []),
            .chain("protocolVersion"), .blockResult(height: 0), .blockResult(height: 0x0102_0304_0506_0708),
        ]
        for key in keys { #expect(StateKey(bytes: key.bytes) == key) }
        #expect(StateKey(bytes: []) == nil)
        #expect(StateKey(bytes: [0x09, 1]) == nil)
        #expect(StateKey(bytes: [0x01, 1, 2]) == nil)
        #expect(StateKey(bytes: [0x03] + [1]) == nil)
        #expect(StateKey(bytes: [0x08, 1, 2]) == nil)
        #expect(StateKey.blockResult(height: 258).bytes == [8, 0, 0, 0, 0, 0, 0, 1, 2])
    }

    @Test func timerKeysSortByDueTimeIncludingNegativeTimes() {
        let a = Address.named("a")
        let dues: [Int64] = [Int64.min, -1, 0, 1, 86_400, Int64.max]
        let keys = dues.map { StateKey.timer(due: $0, contract: a, id: []).bytes }
        #expect(keys == keys.sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test func tagsArePinned() {
        #expect(StateKey.Tag.allCases.map(\.rawValue) == [1, 2, 3, 4, 5, 6, 7, 8])
    }

    @Test func accountRecordsRoundTripAndRejectDamage() throws {
        let record = AccountRecord(nonce: 0x0102_0304_0506_0708, balance: Amount(atto: UInt128.max - 5))
        #expect(try AccountRecord(decoding: record.encoded) == record)
        #expect(record.encoded.count == 25)
        #expect(Array(record.encoded.prefix(9)) == [1, 1, 2, 3, 4, 5, 6, 7, 8])
        #expect(throws: ChainStoreError.self) { try AccountRecord(decoding: [1, 2, 3]) }
        var wrongVersion = record.encoded
        wrongVersion[0] = 2
        #expect(throws: ChainStoreError.self) { try AccountRecord(decoding: wrongVersion) }
    }
}

import CMTBytecode
import Testing

@testable import CMTChain

/// The SQLite state backing and node encoding checked against the in-memory implementations
/// (docs/chain.md, "The store").
@Suite struct SQLiteStateTests {
    /// Keys spread over namespaces, with shared prefixes, 0xFF bytes and an empty key.
    static func randomKey(_ random: inout SeededGenerator) -> [UInt8] {
        switch Int.random(in: 0..<6, using: &random) {
        case 0: return []
        case 1: return [0xFF] + (0..<Int.random(in: 0...3, using: &random)).map { _ in UInt8.random(in: 0xFE...0xFF, using: &random) }
        default:
            let tag = UInt8.random(in: 1...4, using: &random)
            return [tag] + (0..<Int.random(in: 0...4, using: &random)).map { _ in UInt8.random(in: 0...3, using: &random) }
        }
    }

    static func randomChanges(_ random: inout SeededGenerator, count: Int) -> [(key: [UInt8], value: [UInt8]?)] {
        var changes: [[UInt8]: [UInt8]?] = [:]
        for _ in 0..<count {
            let key = randomKey(&random)
            changes[key] = Int.random(in: 0..<4, using: &random) == 0 ? .some(nil) : .some(randomValue(&random))
        }
        return changes.map { ($0.key, $0.value) }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
    }

    @Test("point reads and ordered walks of the SQLite state equal MemoryStateBacking's after random blocks")
    func backingMatchesMemory() throws {
        let scratch = try ScratchFolder()
        let store = try SQLiteChainStore(path: scratch.file(), retention: .keepLatest(3))
        let memory = MemoryStateBacking()
        var random = SeededGenerator(seed: 41)
        try store.commitWrites([], version: 0, time: 0)
        for height in UInt64(1)...25 {
            let changes = Self.randomChanges(&random, count: 40)
            memory.apply(changes)
            try store.commitWrites(changes, version: height, time: 0, block: BlockHeaderFields(proposer: .named("p"), hash: [UInt8(height)]))
            #expect(try store.stateTable.count() == memory.count)
            for _ in 0..<60 {
                let key = Self.randomKey(&random)
                #expect(try store.state.value(of: key) == memory.value(of: key))
                let prefix = Array(Self.randomKey(&random).prefix(Int.random(in: 0...2, using: &random)))
                let sqlite = try store.state.next(from: key, prefix: prefix)
                let reference = try memory.next(from: key, prefix: prefix)
                #expect(sqlite?.key == reference?.key, "next(from: \(key), prefix: \(prefix))")
                #expect(sqlite?.value == reference?.value)
            }
        }
    }

    @Test("a block's overlay over SQLite reads and walks as the same overlay over memory")
    func overlayOverSQLite() throws {
        let scratch = try ScratchFolder()
        let store = try SQLiteChainStore(path: scratch.file())
        let memory = MemoryStateBacking()
        var random = SeededGenerator(seed: 42)
        let genesis = Self.randomChanges(&random, count: 200)
        try store.commitWrites(genesis, version: 0, time: 0)
        memory.apply(genesis)
        let overSQLite = StateOverlay(backing: store.state)
        let overMemory = StateOverlay(backing: memory)
        for step in 0..<400 {
            let key = Self.randomKey(&random)
            switch step % 4 {
            case 0:
                let value = randomValue(&random)
                overSQLite.put(key, value)
                overMemory.put(key, value)
            case 1:
                overSQLite.delete(key)
                overMemory.delete(key)
            default:
                #expect(overSQLite.value(of: key) == overMemory.value(of: key))
                let prefix = Array(key.prefix(1))
                #expect(overSQLite.next(from: key, prefix: prefix)?.key == overMemory.next(from: key, prefix: prefix)?.key)
            }
        }
        #expect(overSQLite.fault == nil)
        #expect(overSQLite.changes.map(\.key) == overMemory.changes.map(\.key))
    }

    @Test("the end of a prefix is the next byte string above all strings with it")
    func prefixEnds() {
        #expect(SQLiteStateBacking.prefixEnd([]) == nil)
        #expect(SQLiteStateBacking.prefixEnd([0xFF, 0xFF]) == nil)
        #expect(SQLiteStateBacking.prefixEnd([0x04, 0x10]) == [0x04, 0x11])
        #expect(SQLiteStateBacking.prefixEnd([0x04, 0xFF]) == [0x05])
        #expect(SQLiteStateBacking.prefixEnd([0x04, 0xFE, 0xFF, 0xFF]) == [0x04, 0xFF])
    }

    @Test("every node of a random tree survives encoding, and damaged bytes do not decode")
    func nodeCodecRoundTrips() throws {
        let store = MemoryNodeStore()
        let tree = try StateTree(store: store, retention: .keepAll)
        var random = SeededGenerator(seed: 43)
        var writes = WriteSet()
        for index in 0..<500 { writes.put(poolKey(index), randomValue(&random)) }
        try tree.commit(writes, version: 7)
        var stack = [try #require(store.root(at: 7)?.node)]
        var checked = 0
        while let key = stack.popLast() {
            let node = try #require(store.node(key))
            #expect(NodeCodec.decodeKey(NodeCodec.encode(key)) == key)
            let bytes = NodeCodec.encode(node)
            #expect(NodeCodec.decode(bytes) == node)
            #expect(NodeCodec.decode(Array(bytes.dropLast())) != node)
            if case .internal(let inner) = node {
                #expect(NodeCodec.decode(bytes + [0]) == nil)
                for (nibble, child) in inner.children { stack.append(NodeKey(version: child.version, path: key.path.appending(nibble))) }
            }
            checked += 1
        }
        #expect(checked > 500)
        #expect(NodeCodec.decode([]) == nil)
        #expect(NodeCodec.decode([3]) == nil)
        #expect(NodeCodec.decodeKey([0, 0, 0, 0, 0, 0, 0, 1, 1, 0x1F]) == nil)  // a nibble past the count
        #expect(NodeCodec.decodeKey([0, 0, 0, 0, 0, 0, 0, 1, 65]) == nil)
    }
}

// cmt-chain-crash: the chain store's crash test worker (docs/chain.md, "Crash safety"; driven by
// Benchmarks/chain/crash.sh and by ChainStoreCrashTests).
//
//   cmt-chain-crash run --db PATH --until H [--writes W]   commit blocks head+1 ... H
//   cmt-chain-crash check --db PATH [--writes W]           verify the database, print its head
//
// `run` opens (or creates) the database, commits the workload's genesis when it is empty, then
// commits the deterministic blocks after its head, printing `begin h` before each commit and
// `committed h APPHASH` once it returned (each line one write(2), so a SIGKILL never cuts one).
// `check` verifies that nothing half-written is visible and prints `head h APPHASH`: the state
// table's contents hash to the head's app hash (rebuilt in memory), the tree's latest root is
// the head's, the head block is the last block with its transactions and events, and SQLite's
// integrity check passes. Exit status 1 with a `FAIL:` line otherwise.
import CMTChain
import Foundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("FAIL: \(message)\n".utf8))
    exit(1)
}

func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

let usage = "usage: cmt-chain-crash run --db PATH --until H [--writes W] | check --db PATH [--writes W]"
guard CommandLine.arguments.count >= 2, let path = option("--db") else { fail(usage) }
guard let writes = Int(option("--writes") ?? "2000"), writes > 0 else { fail("--writes takes a positive number") }
let workload = CrashWorkload(writes: writes)
let retention = RetentionPolicy.keepLatest(10)

do {
    switch CommandLine.arguments[1] {
    case "run":
        guard let until = option("--until").flatMap(UInt64.init) else { fail(usage) }
        let store = try SQLiteChainStore(path: path, retention: retention)
        if try store.head() == nil { try store.commitWrites(workload.genesis, version: 0, time: workload.time(0)) }
        var height = (try store.head()?.version ?? 0) + 1
        while height <= until {
            let block = workload.block(height)
            say("begin \(height)")
            let appHash = try store.commitWrites(
                block.changes, version: height, time: workload.time(height), block: block.fields, transactions: block.transactions,
                events: block.events)
            say("committed \(height) \(appHash.hex)")
            height += 1
        }
    case "check":
        let store = try SQLiteChainStore(path: path, retention: retention)
        guard let head = try store.head() else { fail("no head: genesis was never committed") }
        let integrity = try store.database.pragma("integrity_check")
        guard integrity == "ok" else { fail("integrity_check: \(integrity ?? "no answer")") }
        // The state table, hashed afresh, must give the head's app hash.
        var rebuilt = WriteSet()
        var after: [UInt8]?
        while true {
            let page = try store.stateTable.pairs(after: after, limit: 10_000)
            for (key, value) in page { rebuilt.put(key, value) }
            guard let last = page.last else { break }
            after = last.key
        }
        let root = try StateTree(store: MemoryNodeStore(), retention: .keepAll).commit(rebuilt, version: 0)
        guard root == head.appHash else { fail("the state table hashes to \(root.hex), the head's app hash is \(head.appHash.hex)") }
        guard try store.tree.rootHash(at: head.version) == head.appHash else { fail("the tree's root differs from the head's app hash") }
        guard head.hasBlocks == (head.version > 0), head.time == workload.time(head.version) else {
            fail("the head's time or block flag is not the workload's at version \(head.version)")
        }
        if head.version > 0 {
            guard let block = try store.block(at: head.version), block.appHash == head.appHash else {
                fail("block \(head.version) is missing or has another app hash")
            }
            let expected = workload.block(head.version)
            guard try store.transactions(at: head.version) == expected.transactions,
                try store.events(EventQuery(heights: head.version...head.version, limit: Int.max)) == expected.events
            else { fail("block \(head.version)'s transactions or events are incomplete") }
        }
        guard try store.block(at: head.version + 1) == nil else { fail("a block above the head is visible") }
        say("head \(head.version) \(head.appHash.hex)")
    default:
        fail(usage)
    }
} catch {
    fail("\(error)")
}

// cmt-chain-bench: the chain's benchmarks and its determinism script.
//
//   cmt-chain-bench state --keys N [--blocks B] [--writes W] [--store memory|sqlite]
//   cmt-chain-bench sqlite-upserts [--rows N] [--batch B]      (SQLiteBench.swift)
//   cmt-chain-bench transfers [--accounts N] [--senders S] [--transactions T] [--block B] [--pipelined] [--bound SIGNATURES]
//   cmt-chain-bench calls --kind token|loan --bundle FILE.sbc [--accounts N] [--senders S] [--transactions T] [--block B] [--pipelined]
//   cmt-chain-bench script
//
// `state`: the state tree's commit cost against the size of the state (docs/performance.md,
// "State tree"; run by Benchmarks/chain/run.sh).
// `transfers`: signed CMT transfers admitted, proposed, finalized and committed per second
// (Benchmarks/chain/transfers.sh; docs/performance.md, "Chain: signed transfers").
// `calls`: signed contract calls (and gas) per second through the same path (Calls.swift;
// Benchmarks/chain/calls.sh; docs/performance.md, "Chain: contract calls").
// `script`: runs the fixed 50-block determinism script (docs/chain.md, "Determinism") and prints
// its app hash and receipts digest.
//
// For `state`:
// Builds a state of N keys (commits of 10,000 keys) and prunes the build's history, then commits
// blocks that each write W keys (W − 1 existing keys get new values, one new key is added) with a
// retention window of 10 versions: 10 warm-up blocks, then B measured ones, each of which also
// prunes the version 10 blocks back (the steady state of a node). Prints the nanoseconds per
// measured block. Under `valgrind --tool=callgrind --instr-atstart=no --collect-atstart=no`, only
// the B measured commits are counted (CallgrindControl).
import CMTChain
import CallgrindControl
import ChainWorkloads
import Foundation

struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// An account-like key: "acct/" and the index as 8 big-endian bytes.
func key(_ index: UInt64) -> [UInt8] { Array("acct/".utf8) + withUnsafeBytes(of: index.bigEndian) { Array($0) } }

/// A 40-byte value derived from the generator.
func value(_ random: inout Generator) -> [UInt8] {
    (0..<5).flatMap { _ in withUnsafeBytes(of: random.next()) { Array($0) } }
}

func option(_ name: String, default fallback: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count,
        let value = Int(arguments[index + 1]), value > 0
    else { return fallback }
    return value
}

/// An integer option that may be 0; `fallback` when absent or not a number.
func optionAllowingZero(_ name: String, default fallback: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let value = Int(arguments[index + 1]), value >= 0
    else { return fallback }
    return value
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("cmt-chain-bench: \(message)\n".utf8))
    exit(2)
}

let usage = "usage: cmt-chain-bench state --keys N [--blocks B] [--writes W] [--store memory|sqlite] | sqlite-upserts [--rows N] | transfers [--accounts N] [--senders S] [--transactions T] [--block B] [--pipelined] | calls --kind token|loan --bundle FILE.sbc [...] | script"
guard CommandLine.arguments.count >= 2 else { fail(usage) }
switch CommandLine.arguments[1] {
case "state": break
case "sqlite-upserts":
    do { try runSQLiteUpserts() } catch { fail("\(error)") }
    exit(0)
case "script":
    do {
        let outcome = try ChainScript.run()
        print("app hash \(outcome.appHash.hex)")
        print("genesis app hash \(outcome.genesisAppHash.hex)")
        print("receipts \(outcome.receiptCount) failures \(outcome.failures) digest \(Hex.encode(outcome.receiptsDigest))")
        print(outcome.outcomes.keys.sorted().map { "\($0)=\(outcome.outcomes[$0] ?? 0)" }.joined(separator: " "))
        exit(0)
    } catch {
        fail("\(error)")
    }
case "transfers":
    runTransfers()
    exit(0)
case "calls":
    runCalls()
    exit(0)
default:
    fail(usage)
}
let keys = UInt64(option("--keys", default: 1_000))
let blocks = option("--blocks", default: 20)
let writesPerBlock = option("--writes", default: 10)
if stringOption("--store") == "sqlite" {
    do { try runStoreCommitBench(keys: keys, blocks: blocks, writesPerBlock: writesPerBlock) } catch { fail("\(error)") }
    exit(0)
}

do {
    let window: UInt64 = 10
    let tree = try StateTree(store: MemoryNodeStore(), retention: .keepLatest(window))
    var random = Generator(state: 2026)
    var version: UInt64 = 1
    var next: UInt64 = 0
    while next < keys {
        var writes = WriteSet()
        while next < keys, writes.count < 10_000 {
            writes.put(key(next), value(&random))
            next += 1
        }
        try tree.commit(writes, version: version)
        version += 1
    }
    try tree.prune(before: version - 1)
    // The warm-up and measured blocks' writes are prepared before counting starts.
    var batches: [WriteSet] = []
    for _ in 0..<(Int(window) + blocks) {
        var writes = WriteSet()
        while writes.count < writesPerBlock - 1 { writes.put(key(random.next() % keys), value(&random)) }
        writes.put(key(next), value(&random))
        next += 1
        batches.append(writes)
    }
    for writes in batches.prefix(Int(window)) {
        try tree.commit(writes, version: version)
        version += 1
    }
    let started = ContinuousClock.now
    cmt_callgrind_start()
    for writes in batches.dropFirst(Int(window)) {
        try tree.commit(writes, version: version)
        version += 1
    }
    cmt_callgrind_stop()
    let elapsed = ContinuousClock.now - started
    let nanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
    let root = try tree.rootHash(at: version - 1)
    let perBlock = nanoseconds / Int64(blocks)
    print("keys \(keys) blocks \(blocks) writes \(writesPerBlock) ns/block \(perBlock)", terminator: " ")
    print("root \(root.hex.prefix(16)) callgrind \(cmt_callgrind_available())")
} catch {
    fail("\(error)")
}

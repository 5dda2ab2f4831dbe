// libFuzzer entry for the transaction decoder and the stateless check (docs/fuzzing.md). Meaningful
// only when built with `-Xswiftc -sanitize=fuzzer,address -Xswiftc -DCMT_LIBFUZZER`.
#if CMT_LIBFUZZER
import CMTFuzzKit
import CMTTxFuzzKit
import Foundation

/// The entry point: SwiftPM links an executable's `main` to `<module>_main`, so libFuzzer's own
/// `main` is not used and this one starts libFuzzer's driver instead.
@_cdecl("fuzz_tx_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return libFuzzerRunDriver(&count, &arguments) { fuzzTestOneInput($0, $1) }
}

/// The seed transactions, which the mutator falls back on and crosses over with.
let seeds = TxSeeds.transactions()

/// Writes the seeds to `$CMT_FUZZ_SEEDS_DIR` when it is set, before libFuzzer reads its corpus
/// directories (Benchmarks/fuzz/run.sh passes the same directory as a corpus).
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
    if let directory = ProcessInfo.processInfo.environment["CMT_FUZZ_SEEDS_DIR"] {
        _ = TxSeeds.write(to: directory)
    }
    return 0
}

/// Checks one input; a broken property is reported like a crash (libFuzzer saves the input).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    if let broken = TxTarget.run(FuzzBuffer.read(data, size)) {
        FileHandle.standardError.write(Data("fuzz-tx: \(broken)\n".utf8))
        abort()
    }
    return 0
}

/// A quarter libFuzzer's mutations, the rest ``TxMutator`` (bodies edited and signed again).
@_cdecl("LLVMFuzzerCustomMutator")
public func fuzzCustomMutator(_ data: UnsafeMutablePointer<UInt8>?, _ size: Int, _ maxSize: Int, _ seed: CUnsignedInt) -> Int {
    var random = FuzzRandom(seed: UInt64(seed))
    if random.oneIn(4) { return libFuzzerMutate(data, size, maxSize) }
    let input = FuzzBuffer.read(data.map { UnsafePointer($0) }, size)
    let output = TxMutator.mutate(input, seeds: seeds, maxSize: maxSize, using: &random)
    return FuzzBuffer.write(output, to: data, maxSize: maxSize)
}
#else
import CMTTxFuzzKit
import Foundation

/// The ordinary build of `fuzz-tx`, which does not link libFuzzer: `fuzz-tx --write-seeds DIR`
/// writes the seed transactions as files for a libFuzzer corpus.
@main enum FuzzTx {
    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count == 3, arguments[1] == "--write-seeds" else {
            print("fuzz-tx: build with -Xswiftc -sanitize=fuzzer,address -Xswiftc -DCMT_LIBFUZZER (docs/fuzzing.md),")
            print("or run `fuzz-tx --write-seeds DIR` to write the seed transactions")
            return
        }
        guard let count = TxSeeds.write(to: arguments[2]) else {
            print("fuzz-tx: cannot write to \(arguments[2])")
            exit(1)
        }
        print("fuzz-tx: wrote \(count) seed transactions to \(arguments[2])")
    }
}
#endif

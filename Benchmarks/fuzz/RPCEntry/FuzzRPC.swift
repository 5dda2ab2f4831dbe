// libFuzzer entry for the JSON-RPC request decoder (docs/fuzzing.md). Meaningful only when built
// with `-Xswiftc -sanitize=fuzzer,address -Xswiftc -DCMT_LIBFUZZER`.
#if CMT_LIBFUZZER
import CMTFuzzKit
import CMTRPCFuzzKit
import Foundation

/// The entry point: SwiftPM links an executable's `main` to `<module>_main`, so libFuzzer's own
/// `main` is not used and this one starts libFuzzer's driver instead.
@_cdecl("fuzz_rpc_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return libFuzzerRunDriver(&count, &arguments) { fuzzTestOneInput($0, $1) }
}

/// Writes the seed bodies to CMT_FUZZ_SEEDS_DIR (when set) before libFuzzer reads the corpus.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
    if let directory = ProcessInfo.processInfo.environment["CMT_FUZZ_SEEDS_DIR"] { try? RPCTarget.writeSeeds(to: directory) }
    return 0
}

/// Decodes one body and checks the answers.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    RPCTarget.run(FuzzBuffer.read(data, size))
    return 0
}

/// Half libFuzzer's mutations, half ``SourceMutator`` with JSON-RPC tokens.
@_cdecl("LLVMFuzzerCustomMutator")
public func fuzzCustomMutator(_ data: UnsafeMutablePointer<UInt8>?, _ size: Int, _ maxSize: Int, _ seed: CUnsignedInt) -> Int {
    var random = FuzzRandom(seed: UInt64(seed))
    if random.oneIn(2) { return libFuzzerMutate(data, size, maxSize) }
    let input = FuzzBuffer.read(data.map { UnsafePointer($0) }, size)
    let mutated = SourceMutator.mutate(input, other: nil, maxSize: maxSize, grammar: RPCTarget.grammar, using: &random)
    return FuzzBuffer.write(mutated, to: data, maxSize: maxSize)
}
#else
import CMTRPCFuzzKit

/// Stand-in `main` for an ordinary build, which does not link libFuzzer: `--write-seeds DIR`
/// writes the seed bodies.
@main enum FuzzRPC {
    static func main() throws {
        let arguments = CommandLine.arguments
        if arguments.count == 3, arguments[1] == "--write-seeds" {
            try RPCTarget.writeSeeds(to: arguments[2])
            return
        }
        print("fuzz-rpc: build with -Xswiftc -sanitize=fuzzer,address -Xswiftc -DCMT_LIBFUZZER (docs/fuzzing.md); --write-seeds DIR writes the seeds")
    }
}
#endif

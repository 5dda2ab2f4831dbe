// libFuzzer entry for the bytecode verifier and the VM (docs/fuzzing.md). Meaningful only when built
// with `-Xswiftc -sanitize=fuzzer,address -Xswiftc -DCMT_LIBFUZZER`; libFuzzer then supplies `main`.
#if CMT_LIBFUZZER
import CMTFuzzKit
import Foundation

/// The entry point: SwiftPM links an executable's `main` to `<module>_main`, so libFuzzer's own
/// `main` is not used and this one starts libFuzzer's driver instead.
@_cdecl("fuzz_vm_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return libFuzzerRunDriver(&count, &arguments) { fuzzTestOneInput($0, $1) }
}

/// The seed modules, which replace inputs that no longer decode now and then.
let seeds = VMSeeds.modules()

/// Writes the seed modules to `$CMT_FUZZ_SEEDS_DIR` when it is set, before libFuzzer reads its corpus
/// directories (Benchmarks/fuzz/run.sh passes the same directory as a corpus).
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
    if let directory = ProcessInfo.processInfo.environment["CMT_FUZZ_SEEDS_DIR"] {
        _ = VMSeeds.write(to: directory)
    }
    return 0
}

/// Decodes, verifies, loads and runs one module.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    VMTarget.run(FuzzBuffer.read(data, size))
    return 0
}

/// A quarter libFuzzer's mutations, the rest ``ModuleMutator`` (structure-aware and byte edits).
@_cdecl("LLVMFuzzerCustomMutator")
public func fuzzCustomMutator(_ data: UnsafeMutablePointer<UInt8>?, _ size: Int, _ maxSize: Int, _ seed: CUnsignedInt) -> Int {
    var random = FuzzRandom(seed: UInt64(seed))
    if random.oneIn(4) { return libFuzzerMutate(data, size, maxSize) }
    let input = FuzzBuffer.read(data.map { UnsafePointer($0) }, size)
    let output = ModuleMutator.mutate(input, seeds: seeds, maxSize: maxSize, using: &random)
    return FuzzBuffer.write(output, to: data, maxSize: maxSize)
}
#else
import CMTFuzzKit
import Foundation

/// The ordinary build of `fuzz-vm`, which does not link libFuzzer: `fuzz-vm --write-seeds DIR`
/// writes the seed modules as files for a libFuzzer corpus.
@main enum FuzzVM {
    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count == 3, arguments[1] == "--write-seeds" else {
            print("fuzz-vm: build with -Xswiftc -sanitize=fuzzer,address -Xswiftc -DCMT_LIBFUZZER (docs/fuzzing.md),")
            print("or run `fuzz-vm --write-seeds DIR` to write the seed modules")
            return
        }
        guard let count = VMSeeds.write(to: arguments[2]) else {
            print("fuzz-vm: cannot write to \(arguments[2])")
            exit(1)
        }
        print("fuzz-vm: wrote \(count) seed modules to \(arguments[2])")
    }
}
#endif

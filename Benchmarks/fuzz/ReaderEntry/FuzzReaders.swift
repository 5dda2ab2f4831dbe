// libFuzzer entry for the readers of process XML, DRL and cmt.toml (docs/fuzzing.md). Meaningful only
// when built with `-Xswiftc -sanitize=fuzzer,address -Xswiftc -DCMT_LIBFUZZER`. The reader is chosen
// by the environment variable CMT_FUZZ_READER (process, rules or manifest; Benchmarks/fuzz/run.sh sets it).
#if CMT_LIBFUZZER
import CMTFuzzKit
import CMTReaderFuzzKit
import Foundation

/// The reader under test, from CMT_FUZZ_READER.
let reader: ReaderTarget = {
    let name = ProcessInfo.processInfo.environment["CMT_FUZZ_READER"] ?? ""
    guard let target = ReaderTarget(rawValue: name) else {
        FileHandle.standardError.write(Data("fuzz-readers: set CMT_FUZZ_READER to process, rules or manifest\n".utf8))
        exit(2)
    }
    return target
}()

/// The entry point: SwiftPM links an executable's `main` to `<module>_main`, so libFuzzer's own
/// `main` is not used and this one starts libFuzzer's driver instead.
@_cdecl("fuzz_readers_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = reader
    var count = argc
    var arguments = argv
    return libFuzzerRunDriver(&count, &arguments) { fuzzTestOneInput($0, $1) }
}

/// Runs the chosen reader and both renderers on one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    reader.run(FuzzBuffer.read(data, size))
    return 0
}

/// Half libFuzzer's mutations, half ``SourceMutator`` with the reader's tokens and nesting openers.
@_cdecl("LLVMFuzzerCustomMutator")
public func fuzzCustomMutator(_ data: UnsafeMutablePointer<UInt8>?, _ size: Int, _ maxSize: Int, _ seed: CUnsignedInt) -> Int {
    var random = FuzzRandom(seed: UInt64(seed))
    if random.oneIn(2) { return libFuzzerMutate(data, size, maxSize) }
    let input = FuzzBuffer.read(data.map { UnsafePointer($0) }, size)
    let mutated = SourceMutator.mutate(input, other: nil, maxSize: maxSize, grammar: reader.grammar, using: &random)
    return FuzzBuffer.write(mutated, to: data, maxSize: maxSize)
}
#else
/// Stand-in `main` for an ordinary build, which does not link libFuzzer.
@main enum FuzzReaders {
    static func main() {
        print("fuzz-readers: build with -Xswiftc -sanitize=fuzzer,address -Xswiftc -DCMT_LIBFUZZER (docs/fuzzing.md)")
    }
}
#endif

// libFuzzer entry for the CMT front end (docs/fuzzing.md). Meaningful only when built with
// `-Xswiftc -sanitize=fuzzer,address -Xswiftc -DCMT_LIBFUZZER`; libFuzzer then supplies `main`.
#if CMT_LIBFUZZER
import CMTFuzzKit

/// The entry point: SwiftPM links an executable's `main` to `<module>_main`, so libFuzzer's own
/// `main` is not used and this one starts libFuzzer's driver instead.
@_cdecl("fuzz_frontend_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return libFuzzerRunDriver(&count, &arguments) { fuzzTestOneInput($0, $1) }
}

/// Runs the lexer, parser, checker, renderers and formatter on one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FrontendTarget.run(FuzzBuffer.read(data, size))
    return 0
}

/// Half libFuzzer's mutations, half ``SourceMutator`` (tokens, nesting bursts).
@_cdecl("LLVMFuzzerCustomMutator")
public func fuzzCustomMutator(_ data: UnsafeMutablePointer<UInt8>?, _ size: Int, _ maxSize: Int, _ seed: CUnsignedInt) -> Int {
    var random = FuzzRandom(seed: UInt64(seed))
    if random.oneIn(2) { return libFuzzerMutate(data, size, maxSize) }
    let input = FuzzBuffer.read(data.map { UnsafePointer($0) }, size)
    return FuzzBuffer.write(SourceMutator.mutate(input, other: nil, maxSize: maxSize, using: &random), to: data, maxSize: maxSize)
}

/// Splices a piece of one corpus file into another.
@_cdecl("LLVMFuzzerCustomCrossOver")
public func fuzzCustomCrossOver(
    _ data1: UnsafePointer<UInt8>?, _ size1: Int, _ data2: UnsafePointer<UInt8>?, _ size2: Int,
    _ out: UnsafeMutablePointer<UInt8>?, _ maxOutSize: Int, _ seed: CUnsignedInt
) -> Int {
    var random = FuzzRandom(seed: UInt64(seed))
    let first = FuzzBuffer.read(data1, size1)
    let second = FuzzBuffer.read(data2, size2)
    let cut = random.below(first.count + 1)
    let start = random.below(second.count + 1)
    let spliced = Array(first[..<cut]) + second[start...] + first[cut...]
    return FuzzBuffer.write(spliced, to: out, maxSize: maxOutSize)
}
#else
/// Stand-in `main` for an ordinary build, which does not link libFuzzer.
@main enum FuzzFrontend {
    static func main() {
        print("fuzz-frontend: build with -Xswiftc -sanitize=fuzzer,address -Xswiftc -DCMT_LIBFUZZER (docs/fuzzing.md)")
    }
}
#endif

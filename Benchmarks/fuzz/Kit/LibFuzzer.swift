// The libFuzzer functions the `fuzz-*` entry points call (docs/fuzzing.md). They exist only in a
// build with `-Xswiftc -sanitize=fuzzer,address -Xswiftc -DCMT_LIBFUZZER`, which links libFuzzer.
#if CMT_LIBFUZZER
/// libFuzzer's driver: parses the command line and runs the fuzzing loop with `callback`.
@_silgen_name("LLVMFuzzerRunDriver")
public func libFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// libFuzzer's own mutator (byte edits, dictionary, comparison operands it has traced).
@_silgen_name("LLVMFuzzerMutate")
public func libFuzzerMutate(_ data: UnsafeMutablePointer<UInt8>?, _ size: Int, _ maxSize: Int) -> Int
#endif

import CMTBytecode

/// A deterministic random number generator for fuzz tests (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A small module exercising every table: constants, classes, state, entry points, debug info.
func sampleModule() throws -> Module {
    try Assembler.assemble(
        """
        .class Point x y
        .state total number
        .func add 2
        .entry add a:number b:number -> number
            add r2, r0, r1
            addK r2, r2, #1.5
            loadK r3, "hi"
            jumpLtI r2, 10, done
            call r2, twice, 1
        done:
            ret r2
        .func twice 1
            mulI r0, r0, 2
            ret r0
        """)
}

/// The error code the verifier gives for `bytes`, or nil when it accepts them.
func rejectedCode(_ bytes: [UInt8]) -> BytecodeError.Code? {
    do {
        _ = try Verifier.verify(bytes: bytes)
        return nil
    } catch {
        return error.code
    }
}

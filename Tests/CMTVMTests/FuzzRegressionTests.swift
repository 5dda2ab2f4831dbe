import CMTBytecode
import CMTFuzzKit
import Foundation
import Testing

/// Inputs the fuzzers found, kept so that what they exposed stays fixed.
@Suite struct FuzzRegressionTests {
    /// A module whose loop concatenates a string and bytes until its gas runs out: each round built
    /// the bytes' hex text in temporary arrays, slow enough under the sanitizers to time out. Strings,
    /// addresses, integers, booleans, null and bytes now concatenate straight into the text slab.
    /// (Re-encoded for module format version 2: the version field and the address constant, which
    /// is now 20 bytes, `Address.named("fuzz")`, instead of the text `cmt1fuzz`; each entry point
    /// then gained its flags byte, 0. Format 3 changed only the version field: the module has no
    /// classes.)
    static let slowConcatenation = "Q01UQgMAAAAFAQZow6lsbG8CAwD/EAM8WRWXUCVThh4RY3dXcXGkbAGZwgEAAQR4AMOpAQRtYWluAAAAAP8PEgIBAAAAAAAAAgIAAQAAAAACAwACAAAAAC0AAAEAAgAAJwQAAwAAAAAtAAAAAAQAAC8FAAIAAAAAFwYAAQAAAAAYBgAAAAEAABUHAAEAAQAAFgcABwAGAAAFCAABAAAAABwIAAAADgAABAAAAAAAAAACCQADAAAAABwIAAAADgAALAkACQABAAAqAAAAAAAAAAADBG1haW4AAAAGAAJlMQAAAAAAAmUyAAAABgAAAAA="

    @Test("the concatenation loop the fuzzer timed out on runs to its gas limit")
    func slowConcatenationIsBounded() throws {
        let bytes = try #require(Data(base64Encoded: Self.slowConcatenation))
        #expect(VMTarget.run(Array(bytes)))
    }
}

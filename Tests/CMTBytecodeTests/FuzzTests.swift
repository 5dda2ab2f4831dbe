import CMTBytecode
import Testing

@Suite struct FuzzTests {
    @Test("the decoder and verifier never crash on mutated module bytes")
    func mutatedBytes() throws {
        let original = try sampleModule().serialized()
        var generator = SeededGenerator(state: 0xC0FFEE)
        var accepted = 0
        for _ in 0..<4_000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
                case 2: bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
                default: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: Int.random(in: 0...bytes.count, using: &generator))
                }
                if bytes.isEmpty { break }
            }
            if (try? Verifier.verify(bytes: bytes)) != nil { accepted += 1 }
        }
        #expect(accepted < 4_000)
    }

    @Test("the decoder and verifier never crash on random bytes")
    func randomBytes() {
        var generator = SeededGenerator(state: 42)
        for _ in 0..<2_000 {
            var bytes = Module.magic + [1, 0, 0, 0]
            for _ in 0..<Int.random(in: 0..<64, using: &generator) { bytes.append(UInt8.random(in: 0...255, using: &generator)) }
            _ = try? Verifier.verify(bytes: bytes)
            _ = try? Verifier.verify(bytes: Array(bytes.dropFirst(8)))
        }
    }
}

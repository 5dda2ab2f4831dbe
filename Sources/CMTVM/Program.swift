public import CMTBytecode

/// Frame facts of one function as the dispatch loop reads them.
struct FunctionInfo {
    /// Index of the function's first executable word.
    var entry: Int
    var registerCount: Int
    var parameterCount: Int
    /// The last `captureCount` parameters are a closure's captured values.
    var captureCount: Int
}

/// A verified module made ready to run: one contiguous executable code buffer in which the
/// loader has put a `gas` instruction at the head of every basic block (charging the block's cost)
/// and remapped jump targets accordingly. Build it once per module and run it many times; it is
/// immutable and shareable between threads.
public final class Program: @unchecked Sendable {
    // @unchecked: the pointers are written only in init and freed in deinit.
    public let module: VerifiedModule
    let code: UnsafeMutablePointer<UInt64>
    let codeCount: Int
    /// For each executable word, the original instruction index (-1 for inserted `gas`).
    let origins: [Int32]
    let functions: [FunctionInfo]
    let classFieldCounts: [Int]

    public init(_ module: VerifiedModule) {
        self.module = module
        var code: [UInt64] = []
        var origins: [Int32] = []
        var functions: [FunctionInfo] = []
        for (index, function) in module.module.functions.enumerated() {
            let entry = code.count
            let blocks = module.blocks[index]
            // New position of each original instruction: shifted by the gas words inserted before it.
            var newIndex = [Int](repeating: 0, count: function.code.count)
            var blockStartNew = [Int: Int]()
            var inserted = 0
            var blockCursor = 0
            for original in function.code.indices {
                if blockCursor < blocks.count, blocks[blockCursor].start == original {
                    blockStartNew[original] = original + inserted
                    inserted += 1
                    blockCursor += 1
                }
                newIndex[original] = original + inserted
            }
            blockCursor = 0
            for (original, word) in function.code.enumerated() {
                if blockCursor < blocks.count, blocks[blockCursor].start == original {
                    let cost = blocks[blockCursor].cost
                    code.append(Instruction(.gas, UInt16(truncatingIfNeeded: cost), UInt16(truncatingIfNeeded: cost >> 16)).encoded)
                    origins.append(-1)
                    blockCursor += 1
                }
                var instruction = Instruction(encoded: word) ?? Instruction(.nop)
                if instruction.opcode.isBranch {
                    // Targets are block leaders; jump to the block's gas instruction.
                    let target = Int(instruction.c)
                    instruction.c = UInt16(truncatingIfNeeded: blockStartNew[target] ?? newIndex[target])
                }
                code.append(instruction.encoded)
                origins.append(Int32(original))
            }
            functions.append(
                FunctionInfo(
                    entry: entry, registerCount: Int(function.registerCount),
                    parameterCount: Int(function.parameterCount), captureCount: Int(function.captureCount)))
        }
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: max(code.count, 1))
        buffer.initialize(repeating: Instruction(.retNull).encoded, count: max(code.count, 1))
        for (index, word) in code.enumerated() { buffer[index] = word }
        self.code = buffer
        self.codeCount = code.count
        self.origins = origins
        self.functions = functions
        self.classFieldCounts = module.module.classes.map(\.fields.count)
    }

    deinit { code.deallocate() }

    /// The function containing executable word `pc` and that word's original instruction index.
    func location(of pc: Int) -> (function: Int, instruction: Int) {
        var function = 0
        for (index, info) in functions.enumerated() where info.entry <= pc { function = index }
        var instruction = 0
        var cursor = min(pc, origins.count - 1)
        while cursor >= 0 {
            if origins[cursor] >= 0 {
                instruction = Int(origins[cursor])
                break
            }
            cursor += 1
            if cursor >= origins.count { break }
        }
        return (function, instruction)
    }
}

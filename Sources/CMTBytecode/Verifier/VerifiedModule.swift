/// A straight-line run of instructions entered only at its first one; the loader charges `cost`
/// gas once on entry.
public struct BasicBlock: Hashable, Sendable {
    /// Index of the block's first instruction.
    public var start: Int
    /// Summed ``Opcode/baseGas`` of the block's instructions.
    public var cost: UInt32
}

/// A module that passed ``Verifier``: the only form the VM accepts. It can be built only by
/// ``Verifier/verify(_:)`` and ``Verifier/verify(bytes:)``.
public struct VerifiedModule: Sendable {
    public let module: Module
    /// SHA-256 of the module's canonical bytes.
    public let contentHash: [UInt8]
    /// Basic blocks of each function, in code order.
    public let blocks: [[BasicBlock]]

    init(module: Module, blocks: [[BasicBlock]]) {
        self.module = module
        self.contentHash = module.contentHash
        self.blocks = blocks
    }
}

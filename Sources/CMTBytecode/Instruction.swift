/// A register of the current call frame (operand A, B or C).
public struct Register: Hashable, Sendable, CustomStringConvertible {
    public let index: UInt16
    public init(_ index: UInt16) { self.index = index }
    public var description: String { "r\(index)" }
}

/// An index into a module's constant pool.
public struct ConstantIndex: Hashable, Sendable, CustomStringConvertible {
    public let index: UInt16
    public init(_ index: UInt16) { self.index = index }
    public var description: String { "k\(index)" }
}

/// An index into a module's function table.
public struct FunctionIndex: Hashable, Sendable, CustomStringConvertible {
    public let index: UInt16
    public init(_ index: UInt16) { self.index = index }
    public var description: String { "f\(index)" }
}

/// One decoded instruction: an opcode and its three 16-bit operand fields (see Opcode.swift for
/// the encoding diagram).
public struct Instruction: Hashable, Sendable {
    public var opcode: Opcode
    public var a: UInt16
    public var b: UInt16
    public var c: UInt16

    public init(_ opcode: Opcode, _ a: UInt16 = 0, _ b: UInt16 = 0, _ c: UInt16 = 0) {
        self.opcode = opcode
        self.a = a
        self.b = b
        self.c = c
    }

    /// The instruction as one 64-bit word.
    public var encoded: UInt64 {
        UInt64(opcode.rawValue) | UInt64(a) << 8 | UInt64(b) << 24 | UInt64(c) << 40
    }

    /// Decodes a word; nil for an unknown opcode or non-zero reserved bits.
    public init?(encoded word: UInt64) {
        guard word >> 56 == 0, let opcode = Opcode(rawValue: UInt8(truncatingIfNeeded: word)) else { return nil }
        self.opcode = opcode
        self.a = UInt16(truncatingIfNeeded: word >> 8)
        self.b = UInt16(truncatingIfNeeded: word >> 24)
        self.c = UInt16(truncatingIfNeeded: word >> 40)
    }

    /// B read as a signed 16-bit immediate.
    public var sB: Int16 { Int16(bitPattern: b) }
    /// C read as a signed 16-bit immediate.
    public var sC: Int16 { Int16(bitPattern: c) }
}

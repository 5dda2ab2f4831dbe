import CMTBytecode
import CMTVM

/// The versions a height runs under: the chain protocol (transactions, execution, state layout),
/// the gas schedule, the bytecode format the VM runs, and the runtime's value encoding. Genesis
/// names them and every block carries the protocol version; replaying a height uses the versions
/// in force there, and a node refuses a version it does not know (docs/chain.md, "Versions").
public struct ChainVersions: Hashable, Sendable {
    /// The chain protocol version (CometBFT's app version).
    public var protocolVersion: UInt64
    /// ``GasSchedule/version`` of the schedule in force.
    public var gasSchedule: Int
    /// ``Module/currentVersion``: the bytecode format the VM runs.
    public var bytecode: UInt16
    /// ``ValueCodec/version``: the encoding of arguments, return values, events and storage.
    public var valueEncoding: UInt8

    public init(protocolVersion: UInt64, gasSchedule: Int, bytecode: UInt16, valueEncoding: UInt8) {
        self.protocolVersion = protocolVersion
        self.gasSchedule = gasSchedule
        self.bytecode = bytecode
        self.valueEncoding = valueEncoding
    }

    /// The one protocol version this code runs.
    public static let currentProtocol: UInt64 = 1

    /// What this node runs: protocol 1, the current gas schedule, bytecode and value encoding.
    public static let current = ChainVersions(
        protocolVersion: currentProtocol, gasSchedule: GasSchedule.current.version, bytecode: Module.currentVersion,
        valueEncoding: ValueCodec.version)

    /// The protocol versions this node can execute.
    public static let knownProtocols: [UInt64] = [currentProtocol]

    /// Checks that this node runs every version named.
    /// - Throws: ``GenesisError/Code/unknownVersion`` naming the first unknown one.
    public func validate() throws(GenesisError) {
        let current = Self.current
        guard Self.knownProtocols.contains(protocolVersion) else {
            throw GenesisError(.unknownVersion, "versions.protocol \(protocolVersion) is not one this node runs (\(Self.knownProtocols.map(String.init).joined(separator: ", ")))")
        }
        guard gasSchedule == current.gasSchedule else {
            throw GenesisError(.unknownVersion, "versions.gas_schedule \(gasSchedule): this node has schedule \(current.gasSchedule) only")
        }
        guard bytecode == current.bytecode else {
            throw GenesisError(.unknownVersion, "versions.bytecode \(bytecode): this node's VM runs bytecode format \(current.bytecode)")
        }
        guard valueEncoding == current.valueEncoding else {
            throw GenesisError(.unknownVersion, "versions.value_encoding \(valueEncoding): this node has value encoding \(current.valueEncoding)")
        }
    }

    /// The canonical bytes stored in state under `chain("versions")`: version byte 1, then the
    /// protocol (8 bytes), gas schedule (8), bytecode (2) and value encoding (1) big-endian.
    public var encoded: [UInt8] {
        var writer = ChainBytesWriter()
        writer.u8(1)
        writer.u64(protocolVersion)
        writer.u64(UInt64(truncatingIfNeeded: gasSchedule))
        writer.u16(bytecode)
        writer.u8(valueEncoding)
        return writer.bytes
    }
}

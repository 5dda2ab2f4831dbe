import CMTBytecode

/// An event a contract emitted during a transaction, as a receipt carries it: the contract, the
/// event's name, its indexed fields' values apart (each `ValueCodec`-encoded, in declaration order,
/// so that logs can be filtered by them) and the encoding of the map of all its fields.
public struct ChainEvent: Hashable, Sendable {
    public var contract: Address
    public var name: String
    public var topics: [[UInt8]]
    public var fields: [UInt8]

    public init(contract: Address, name: String, topics: [[UInt8]], fields: [UInt8]) {
        self.contract = contract
        self.name = name
        self.topics = topics
        self.fields = fields
    }
}

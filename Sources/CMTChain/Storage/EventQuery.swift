import CMTBytecode

/// Which committed events a log query asks for (``ChainStorage/events(_:)``): all conditions
/// given must hold. Results come in chain order (height, then the event's index in its block),
/// at most `limit`.
public struct EventQuery: Sendable, Equatable {
    public var contract: Address?
    public var name: String?
    /// Topics that must be present, each at its position among the event's indexed fields.
    public var topics: [Topic]
    /// The heights searched (inclusive); nil for all.
    public var heights: ClosedRange<UInt64>?
    public var limit: Int

    /// The most topic conditions one query may carry.
    public static let maximumTopics = 8

    /// A topic condition: the indexed field at `position` equals `bytes` (the field's value in
    /// the runtime's value encoding, as the event's receipt holds it).
    public struct Topic: Sendable, Equatable {
        public var position: Int
        public var bytes: [UInt8]

        public init(position: Int, bytes: [UInt8]) {
            self.position = position
            self.bytes = bytes
        }
    }

    public init(contract: Address? = nil, name: String? = nil, topics: [Topic] = [], heights: ClosedRange<UInt64>? = nil, limit: Int = 1_000) {
        self.contract = contract
        self.name = name
        self.topics = topics
        self.heights = heights
        self.limit = limit
    }

    /// Refuses a query with more than ``maximumTopics`` topic conditions.
    public func validate() throws(ChainStoreError) {
        guard topics.count <= Self.maximumTopics else {
            throw ChainStoreError(.badQuery, "an event query takes at most \(Self.maximumTopics) topics, not \(topics.count)")
        }
    }

    /// Whether `record` meets every condition but the limit.
    public func matches(_ record: EventRecord) -> Bool {
        if let contract, record.event.contract != contract { return false }
        if let name, record.event.name != name { return false }
        if let heights, !heights.contains(record.height) { return false }
        return topics.allSatisfy { topic in
            topic.position >= 0 && topic.position < record.event.topics.count && record.event.topics[topic.position] == topic.bytes
        }
    }
}

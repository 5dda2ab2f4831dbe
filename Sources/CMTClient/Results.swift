import CMTBytecode
import CMTChain
import CMTNode

/// A transaction's receipt as `cmt_getTransactionReceipt` returns it (docs/rpc.md); ``json`` keeps
/// every member for `--json` output. (The results are classes: see ``CallResult``.)
public final class NodeReceipt: Sendable, Equatable {
    public let json: JSONValue
    public let transactionHash: String
    public let blockHeight: UInt64
    /// The receipt status's name (`success`, `reverted`, …) and code (docs/chain.md, "Receipts").
    public let status: String
    public let statusCode: Int
    public let rejectionCode: Int?
    public let gasUsed: UInt64
    public let fee: Amount
    public let contractAddress: Address?
    public let returnJSON: JSONValue
    public let reason: String
    public let location: String?
    public let events: [NodeEvent]

    public init(json: JSONValue) throws(ClientError) {
        self.json = json
        transactionHash = try JSONFields.string(json["transactionHash"], "the receipt's transactionHash")
        blockHeight = try JSONFields.uint64(json["blockHeight"], "the receipt's blockHeight")
        status = try JSONFields.string(json["status"], "the receipt's status")
        statusCode = Int(try JSONFields.uint64(json["statusCode"], "the receipt's statusCode"))
        rejectionCode = json["rejectionCode"].flatMap { value in if case .number(let text) = value { Int(text) } else { nil } }
        gasUsed = try JSONFields.uint64(json["gasUsed"], "the receipt's gasUsed")
        fee = try JSONFields.amount(json["fee"], "the receipt's fee")
        if case .string(let text) = json["contractAddress"] {
            do { contractAddress = try Address.parse(text) } catch { throw ClientError(.badResponse, "the receipt's contractAddress: \(error.message)") }
        } else {
            contractAddress = nil
        }
        returnJSON = json["returnJSON"] ?? .null
        reason = (try? JSONFields.string(json["reason"], "reason")) ?? ""
        location = Self.locationText(json["location"])
        events = try NodeEvent.list(json["events"])
    }

    /// True when the transaction ran to its end.
    public var succeeded: Bool { statusCode == 0 }

    public static func == (lhs: NodeReceipt, rhs: NodeReceipt) -> Bool { lhs.json == rhs.json }

    /// `file:line:column` of a location the node gives as text or as an object.
    static func locationText(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text): return text
        case .object:
            guard let value, case .string(let file) = value["file"] else { return value?.text }
            return [file, value["line"].map(ValueText.plain), value["column"].map(ValueText.plain)].compactMap { $0 }.joined(separator: ":")
        default: return nil
        }
    }
}

/// The outcome of a read-only call (`cmt_call`). A class: Swift 6.3 miscompiled an async
/// typed-throws function returning this as a struct (the task resumed at a null address).
public final class CallResult: Sendable, Equatable {
    public let json: JSONValue
    public let status: String
    public let statusCode: Int
    public let gasUsed: UInt64
    public let returnJSON: JSONValue
    public let reason: String
    public let location: String?
    public let events: [NodeEvent]

    public init(json: JSONValue) throws(ClientError) {
        self.json = json
        status = try JSONFields.string(json["status"], "the call's status")
        statusCode = Int(try JSONFields.uint64(json["statusCode"], "the call's statusCode"))
        gasUsed = try JSONFields.uint64(json["gasUsed"], "the call's gasUsed")
        returnJSON = json["returnJSON"] ?? .null
        reason = (try? JSONFields.string(json["reason"], "reason")) ?? ""
        location = NodeReceipt.locationText(json["location"])
        events = try NodeEvent.list(json["events"])
    }

    public var succeeded: Bool { statusCode == 0 }

    public static func == (lhs: CallResult, rhs: CallResult) -> Bool { lhs.json == rhs.json }
}

/// An event, in a receipt or from `cmt_getLogs` (which adds where it happened).
public struct NodeEvent: Sendable, Equatable {
    public let json: JSONValue
    public let contract: String
    public let name: String
    /// The fields decoded: name and value, in declaration order.
    public let fields: [(name: String, value: JSONValue)]
    /// The height, for an event from `cmt_getLogs`.
    public let height: UInt64?
    public let transactionHash: String?

    public init(json: JSONValue) throws(ClientError) {
        self.json = json
        contract = try JSONFields.string(json["contract"], "an event's contract")
        name = try JSONFields.string(json["name"], "an event's name")
        var fields: [(name: String, value: JSONValue)] = []
        if case .array(let items) = json["fieldsJSON"] ?? .array([]) {
            for item in items {
                fields.append(((try? JSONFields.string(item["key"], "key")) ?? (item["key"]?.text ?? ""), item["value"] ?? .null))
            }
        }
        self.fields = fields
        height = try json["height"].map { value throws(ClientError) in try JSONFields.uint64(value, "an event's height") }
        transactionHash = json["transactionHash"].flatMap { value in if case .string(let text) = value { text } else { nil } }
    }

    static func list(_ value: JSONValue?) throws(ClientError) -> [NodeEvent] {
        guard case .array(let items) = value ?? .array([]) else { throw ClientError(.badResponse, "events are not an array") }
        var events: [NodeEvent] = []
        for item in items { events.append(try NodeEvent(json: item)) }
        return events
    }

    public static func == (lhs: NodeEvent, rhs: NodeEvent) -> Bool { lhs.json == rhs.json }

    /// `Name(field: value, …)`.
    public var text: String { "\(name)(" + fields.map { "\($0.name): \(ValueText.plain($0.value))" }.joined(separator: ", ") + ")" }
}

/// A deployed contract as `cmt_getContract` describes it.
public final class DeployedContract: Sendable, Equatable {
    public let json: JSONValue
    public let address: Address
    public let name: String
    public let bundleID: String
    public let interface: ContractInterface

    public init(json: JSONValue) throws(ClientError) {
        self.json = json
        let text = try JSONFields.string(json["address"], "the contract's address")
        do { address = try Address.parse(text) } catch { throw ClientError(.badResponse, "the contract's address: \(error.message)") }
        name = (try? JSONFields.string(json["name"], "name")) ?? ""
        bundleID = (try? JSONFields.string(json["bundleId"], "bundleId")) ?? ""
        guard let abi = json["abi"] else { throw ClientError(.badResponse, "the contract has no abi") }
        interface = try ContractInterface(abi: abi)
    }

    public static func == (lhs: DeployedContract, rhs: DeployedContract) -> Bool { lhs.json == rhs.json }
}

/// Contract values in JSON (`returnJSON`, `fieldsJSON`) as a person reads them: strings and
/// numbers bare, everything else as compact JSON.
public enum ValueText {
    public static func plain(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .number(let text): text
        default: value.text
        }
    }
}

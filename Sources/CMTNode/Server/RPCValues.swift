import CMTBytecode
import CMTChain
import CMTVM

/// Byte strings in parameters: `0x` followed by hex digits (either case).
public struct HexBytes: RPCParameterValue, Sendable {
    public var bytes: [UInt8]

    public static var rpcTypeName: String { "0x-prefixed hex" }
    public init(rpcJSON json: JSONValue) throws(RPCArguments.TypeMismatch) {
        guard case .string(let text) = json else { throw .init("got \(RPCRequestDecoder.article(json.typeName))") }
        guard text.hasPrefix("0x") || text.hasPrefix("0X") else { throw .init("\"\(text.prefix(40))\" does not start with 0x") }
        guard let bytes = Hex.decode(text.dropFirst(2)) else { throw .init("\"\(text.prefix(40))\" is not an even number of hex digits") }
        self.bytes = bytes
    }
}

/// A block parameter: a height, or `"latest"`.
public enum BlockTag: RPCParameterValue, Sendable, Equatable {
    case latest
    case height(UInt64)

    public static var rpcTypeName: String { "a height or \"latest\"" }
    public init(rpcJSON json: JSONValue) throws(RPCArguments.TypeMismatch) {
        if json == .string("latest") {
            self = .latest
            return
        }
        self = .height(try UInt64(rpcJSON: json))
    }

    var height: UInt64? {
        if case .height(let height) = self { return height }
        return nil
    }
}

/// The node's answers as JSON (docs/rpc.md, "Encodings").
enum RPCJSON {
    static func hex(_ bytes: [UInt8]) -> JSONValue { .string("0x" + Hex.encode(bytes)) }
    static func number(_ value: UInt64) -> JSONValue { .string(String(value)) }
    static func amount(_ value: Amount) -> JSONValue { .string(String(value.atto)) }
    static func address(_ value: Address?) -> JSONValue { value.map { .string($0.text) } ?? .null }

    /// A value in the runtime's value encoding, decoded to JSON (null for no bytes or bytes that
    /// do not decode).
    static func decoded(_ bytes: [UInt8]) -> JSONValue {
        guard !bytes.isEmpty, let value = try? ValueCodec.decodeChecked(bytes) else { return .null }
        return Self.value(value)
    }

    static func value(_ value: ContractValue) -> JSONValue {
        switch value {
        case .null: .null
        case .boolean(let flag): .bool(flag)
        case .number(let number): .string(number.description)
        case .string(let text): .string(text)
        case .bytes(let bytes): hex(bytes)
        case .address(let address): .string(address.text)
        case .array(let items): .array(items.map { Self.value($0) })
        case .map(let entries): .array(entries.map { .object([JSONMember("key", Self.value($0.key)), JSONMember("value", Self.value($0.value))]) })
        case .object(let index, let fields): .object([JSONMember("class", .integer(index)), JSONMember("fields", .array(fields.map { Self.value($0) }))])
        case .function(let index): .object([JSONMember("function", .integer(index))])
        case .reference(let key): .object([JSONMember("reference", .integer(key))])
        }
    }

    static func event(_ event: ReceiptEvent) -> [JSONMember] {
        [
            JSONMember("contract", .string(event.contract.text)), JSONMember("name", .string(event.name)),
            JSONMember("topics", .array(event.topics.map(hex))), JSONMember("fields", hex(event.fields)),
            JSONMember("fieldsJSON", decoded(event.fields)),
        ]
    }

    static func location(_ location: SourceLocation?) -> JSONValue {
        guard let location else { return .null }
        return .object([
            JSONMember("file", .string(location.file)), JSONMember("line", .integer(location.line)), JSONMember("column", .integer(location.column)),
        ])
    }

    static func receipt(_ record: TransactionRecord) -> JSONValue {
        let receipt = record.receipt
        return .object([
            JSONMember("transactionHash", hex(record.hash)), JSONMember("blockHeight", number(record.height)),
            JSONMember("transactionIndex", .integer(record.index)), JSONMember("from", address(record.sender)),
            JSONMember("nonce", record.nonce.map(number) ?? .null), JSONMember("status", .string(receipt.status.description)),
            JSONMember("statusCode", .integer(receipt.status.rawValue)), JSONMember("rejectionCode", receipt.rejection.map { .integer($0.rawValue) } ?? .null),
            JSONMember("gasUsed", number(receipt.gasUsed)), JSONMember("fee", amount(receipt.fee)),
            JSONMember("contractAddress", address(receipt.createdContract)), JSONMember("returnValue", hex(receipt.returnValue)),
            JSONMember("returnJSON", decoded(receipt.returnValue)), JSONMember("reason", .string(receipt.reason)),
            JSONMember("location", location(receipt.location)), JSONMember("events", .array(receipt.events.map { .object(event($0)) })),
        ])
    }

    static func call(_ result: CallResult) -> JSONValue {
        .object([
            JSONMember("status", .string(result.status.description)), JSONMember("statusCode", .integer(result.status.rawValue)),
            JSONMember("gasUsed", number(result.gasUsed)), JSONMember("returnValue", hex(result.returnValue)),
            JSONMember("returnJSON", decoded(result.returnValue)), JSONMember("reason", .string(result.reason)),
            JSONMember("location", location(result.location)), JSONMember("events", .array(result.events.map { .object(event($0)) })),
        ])
    }

    static func block(_ view: BlockView, full: Bool) -> JSONValue {
        let record = view.record
        return .object([
            JSONMember("height", number(record.height)), JSONMember("hash", hex(record.hash)),
            JSONMember("time", .string(String(record.time))), JSONMember("proposer", .string(record.proposer.text)),
            JSONMember("protocolVersion", number(record.protocolVersion)), JSONMember("previousAppHash", hex(record.previousAppHash.bytes)),
            JSONMember("appHash", hex(record.appHash.bytes)), JSONMember("receiptsRoot", hex(record.result.receiptsRoot.bytes)),
            JSONMember("eventsRoot", hex(record.result.eventsRoot.bytes)), JSONMember("gasUsed", number(record.result.gasUsed)),
            JSONMember("transactionCount", .integer(record.result.receiptCount)), JSONMember("eventCount", .integer(record.result.eventCount)),
            JSONMember("transactions", .array(view.transactions.map { full ? receipt($0) : hex($0.hash) })),
        ])
    }

    static func log(_ entry: LogEntry) -> JSONValue {
        .object([
            JSONMember("height", number(entry.height)), JSONMember("transactionHash", hex(entry.transactionHash)),
            JSONMember("transactionIndex", .integer(entry.transactionIndex)), JSONMember("logIndex", .integer(entry.logIndex)),
        ] + event(entry.event))
    }

    static func contract(_ view: ContractView) -> JSONValue {
        let abi = (try? JSONReader().read(Array(view.abi.utf8))) ?? .null
        return .object([
            JSONMember("address", .string(view.address.text)), JSONMember("bundleId", hex(view.record.bundleHash)),
            JSONMember("deployer", .string(view.record.deployer.text)), JSONMember("nonce", number(view.record.nonce)),
            JSONMember("height", number(view.record.height)), JSONMember("name", .string(view.name)), JSONMember("abi", abi),
            JSONMember("parameters", .array(view.parameters.map {
                .object([JSONMember("name", .string($0.name)), JSONMember("type", .string($0.type)), JSONMember("value", .string($0.value))])
            })),
        ])
    }

    static func proof(_ view: ProofView) -> JSONValue {
        .object([
            JSONMember("height", number(view.height)), JSONMember("appHash", hex(view.appHash.bytes)), JSONMember("key", hex(view.key)),
            JSONMember("value", view.value.map(hex) ?? .null), JSONMember("proof", hex(view.proof)),
        ])
    }
}

extension NodeError {
    /// The JSON-RPC error this failure answers with (docs/rpc.md, "Errors").
    var rpcError: RPCError {
        switch kind {
        case .rejected(let code, let name), .mempool(let code, let name):
            RPCError(code: Int(code), message: name, data: .string(message))
        case .invalidParams: .invalidParams(message)
        case .executionFailed: RPCError(code: RPCError.executionFailedCode, message: "Execution failed", data: .string(message))
        case .store: RPCError(code: RPCError.nodeErrorCode, message: "Node error", data: .string(message))
        }
    }
}

extension RPCError {
    /// −32002: the node's store failed to answer.
    public static let nodeErrorCode = -32002
    /// −32010: an estimated action does not succeed.
    public static let executionFailedCode = -32010
}

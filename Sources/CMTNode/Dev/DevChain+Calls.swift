import CMTBundle
import CMTBytecode
import CMTChain
import CMTVM

/// Arguments of a call or a constructor as a request gives them.
public enum CallArguments: Sendable {
    case none
    /// The runtime's value encoding of one array of the arguments.
    case encoded([UInt8])
    /// The arguments in the ABI's JSON form, read against the parameter types.
    case json([JSONValue])
}

/// A contract call to run read-only (`cmt_call`) or to estimate.
public struct ContractCall: Sendable {
    public var from: Address?
    public var to: Address
    public var function: String
    public var arguments: CallArguments
    public var value: Amount
    public var gas: UInt64?

    public init(from: Address?, to: Address, function: String, arguments: CallArguments, value: Amount, gas: UInt64?) {
        self.from = from
        self.to = to
        self.function = function
        self.arguments = arguments
        self.value = value
        self.gas = gas
    }
}

/// An action whose gas `cmt_estimateGas` estimates.
public enum EstimatedAction: Sendable {
    case transfer(from: Address, to: Address, value: Amount)
    case call(ContractCall)
    /// A deploy: the bundle, its constructor arguments or template parameters (by name), the value.
    case deploy(from: Address, bundle: [UInt8], arguments: CallArguments, parameters: [(name: String, value: JSONValue)], value: Amount)
}

/// What a read-only run produced.
public struct CallResult: Sendable {
    public var status: ReceiptStatus
    public var gasUsed: UInt64
    public var returnValue: [UInt8]
    public var reason: String
    public var location: SourceLocation?
    public var events: [ReceiptEvent]
}

extension DevChain {
    /// The address a call without `from` comes from: twenty zero bytes.
    static let zeroAddress = Address(bytes: [UInt8](repeating: 0, count: Address.size)) ?? Address.named("zero")

    /// Runs `call` against the last committed state as if in the next block and throws its
    /// writes away: nothing changes.
    public func call(_ call: ContractCall) throws(NodeError) -> CallResult {
        let config = try config
        let head = try head
        let overlay = StateOverlay(backing: app.storage.state)
        let arguments = try encodedCallArguments(call, overlay: overlay)
        let outcome = executor.call(
            sender: call.from ?? Self.zeroAddress, contract: call.to, function: call.function, arguments: arguments, value: call.value,
            overlay: overlay, block: BlockContext(height: Int64(clamping: head.version + 1), time: head.time),
            gasLimit: Int64(clamping: min(call.gas ?? config.parameters.blockGasLimit, config.parameters.blockGasLimit)))
        return try Self.result(outcome)
    }

    /// The gas a transaction carrying `action` would use, intrinsic gas included (docs/rpc.md,
    /// `cmt_estimateGas`); an action that does not succeed is ``NodeError/Kind/executionFailed``.
    public func estimateGas(_ action: EstimatedAction) throws(NodeError) -> UInt64 {
        let config = try config
        let parameters = config.parameters
        let head = try head
        let overlay = StateOverlay(backing: app.storage.state)
        let block = BlockContext(height: Int64(clamping: head.version + 1), time: head.time)
        let envelope = 256
        switch action {
        case .transfer:
            return parameters.transferGas
        case .call(let call):
            let arguments = try encodedCallArguments(call, overlay: overlay)
            let intrinsic = parameters.intrinsicGas(
                of: .call(contract: call.to, function: call.function, arguments: arguments, value: call.value),
                byteCount: arguments.count + call.function.utf8.count + Address.size + envelope)
            guard intrinsic < parameters.blockGasLimit else { throw NodeError(.executionFailed, "the intrinsic gas \(intrinsic) is above the block gas limit") }
            let outcome = executor.call(
                sender: call.from ?? Self.zeroAddress, contract: call.to, function: call.function, arguments: arguments, value: call.value,
                overlay: overlay, block: block, gasLimit: Int64(clamping: parameters.blockGasLimit - intrinsic))
            return try Self.succeeded(try Self.result(outcome), intrinsic: intrinsic)
        case .deploy(let from, let bundle, let arguments, let templateParameters, let value):
            let loaded: LoadedBundle
            do {
                loaded = try BundleReader.read(bundle)
            } catch {
                throw NodeError(.invalidParams, "the bundle does not verify: \(error)")
            }
            let declared = loaded.module.module.entryPoint(named: EntryPoint.constructorName)?.parameters ?? []
            let encoded = try Self.encode(arguments, parameters: declared)
            var named: [TemplateParameter] = []
            for (name, json) in templateParameters {
                guard let parameter = declared.first(where: { $0.name == name }) else {
                    throw NodeError(.invalidParams, "the constructor has no parameter '\(name)'")
                }
                named.append(TemplateParameter(name: name, value: try Self.encodeValue(json, as: parameter.type, what: "parameter '\(name)'")))
            }
            let intrinsic = parameters.intrinsicGas(
                of: .deploy(bundle: bundle, constructorArguments: encoded, parameters: named, value: value),
                byteCount: bundle.count + encoded.count + named.reduce(0) { $0 + $1.name.utf8.count + $1.value.count } + envelope)
            guard intrinsic < parameters.blockGasLimit else { throw NodeError(.executionFailed, "the intrinsic gas \(intrinsic) is above the block gas limit") }
            let outcome = executor.deploy(
                sender: from, nonce: try account(from).nonce, bundle: bundle, constructorArguments: encoded, parameters: named, value: value,
                overlay: overlay, block: block, gasLimit: Int64(clamping: parameters.blockGasLimit - intrinsic))
            return try Self.succeeded(try Self.result(outcome), intrinsic: intrinsic)
        }
    }

    static func succeeded(_ result: CallResult, intrinsic: UInt64) throws(NodeError) -> UInt64 {
        guard result.status == .success else {
            throw NodeError(.executionFailed, result.reason.isEmpty ? "\(result.status)" : "\(result.status): \(result.reason)")
        }
        return intrinsic + result.gasUsed
    }

    /// A call's arguments in the value encoding; JSON arguments are read against the function's
    /// parameter types.
    func encodedCallArguments(_ call: ContractCall, overlay: StateOverlay) throws(NodeError) -> [UInt8] {
        switch call.arguments {
        case .none: return []
        case .encoded(let bytes): return bytes
        case .json:
            guard let (_, entry) = try loadContract(call.to, overlay: overlay) else {
                throw NodeError(.invalidParams, "no contract is deployed at \(call.to.text)")
            }
            guard call.function != EntryPoint.constructorName, let declared = entry.bundle.module.module.entryPoint(named: call.function) else {
                throw NodeError(.invalidParams, "contract '\(entry.bundle.contract ?? "?")' has no public function '\(call.function)'")
            }
            return try Self.encode(call.arguments, parameters: declared.parameters)
        }
    }

    static func encode(_ arguments: CallArguments, parameters: [Parameter]) throws(NodeError) -> [UInt8] {
        switch arguments {
        case .none: return []
        case .encoded(let bytes): return bytes
        case .json(let items):
            guard items.count == parameters.count else {
                throw NodeError(.invalidParams, "takes \(parameters.count) argument(s) (\(parameters.map(\.name).joined(separator: ", "))), \(items.count) given")
            }
            var values: [ContractValue] = []
            for (item, parameter) in zip(items, parameters) {
                values.append(try decodeValue(item, as: parameter.type, what: "argument '\(parameter.name)'"))
            }
            return ValueCodec.encode(.array(values))
        }
    }

    /// One JSON value as the value encoding of `type`: a `0x` string is taken as that encoding
    /// already only for template parameters given as hex.
    static func encodeValue(_ json: JSONValue, as type: TypeDescriptor, what: String) throws(NodeError) -> [UInt8] {
        if case .string(let text) = json, text.hasPrefix("0x"), type != .bytes, let bytes = Hex.decode(text.dropFirst(2)) { return bytes }
        return ValueCodec.encode(try decodeValue(json, as: type, what: what))
    }

    /// A JSON value read as a value of `type` (the ABI's JSON form): arrays and maps (objects, in
    /// their members' order) by element, and a scalar either as its JSON kind (a number, a
    /// boolean) or as text read the way `--arg` reads it (`ArgumentValues`). Nesting is bounded
    /// by the JSON reader's depth limit.
    static func decodeValue(_ json: JSONValue, as type: TypeDescriptor, what: String) throws(NodeError) -> ContractValue {
        switch (type, json) {
        case (.optional, .null):
            return .null
        case (.optional(let inner), _):
            return try decodeValue(json, as: inner, what: what)
        case (.array(let element), .array(let items)):
            var values: [ContractValue] = []
            for (index, item) in items.enumerated() { values.append(try decodeValue(item, as: element, what: "\(what)[\(index)]")) }
            return .array(values)
        case (.map(let key, let value), .object(let members)):
            var entries: [ContractValue.MapEntry] = []
            for member in members {
                entries.append(ContractValue.MapEntry(
                    key: try decodeValue(.string(member.name), as: key, what: "\(what) key"),
                    value: try decodeValue(member.value, as: value, what: "\(what).\(member.name)")))
            }
            return .map(entries)
        case (.number, .number(let text)):
            guard let number = Decimal18(literal: text) else { throw NodeError(.invalidParams, "\(what): \(text) is not a number within range") }
            return .number(number)
        case (.boolean, .bool(let flag)):
            return .boolean(flag)
        case (.array, _), (.map, _), (.object, _), (.function, _), (.void, _):
            throw NodeError(.invalidParams, "\(what): expected \(type), found \(RPCRequestDecoder.article(json.typeName))")
        case (_, .string(let text)):
            do {
                return try ArgumentValues.parse(text, as: type)
            } catch let failure as ArgumentValues.Failure {
                throw NodeError(.invalidParams, "\(what): \(failure.description)")
            } catch {
                throw NodeError(.invalidParams, "\(what): \(error)")
            }
        default:
            throw NodeError(.invalidParams, "\(what): expected \(type), found \(RPCRequestDecoder.article(json.typeName))")
        }
    }

    /// The bundle executor's outcome in receipt terms.
    static func result(_ outcome: BundleContractExecutor.Outcome) throws(NodeError) -> CallResult {
        let gas = UInt64(max(0, outcome.gasUsed))
        switch outcome.status {
        case .success(let value):
            return CallResult(status: .success, gasUsed: gas, returnValue: value, reason: "", location: nil, events: outcome.events)
        case .reverted(let reason, let location):
            return CallResult(status: .reverted, gasUsed: gas, returnValue: [], reason: reason, location: location, events: [])
        case .outOfGas(let reason):
            return CallResult(status: .outOfGas, gasUsed: gas, returnValue: [], reason: reason, location: nil, events: [])
        case .insufficientFunds(let reason):
            return CallResult(status: .insufficientFunds, gasUsed: gas, returnValue: [], reason: reason, location: nil, events: [])
        case .failed(let reason):
            return CallResult(status: .failed, gasUsed: gas, returnValue: [], reason: reason, location: nil, events: [])
        case .rejected(let rejection):
            let status: ReceiptStatus =
                switch rejection.code {
                case .badBundle: .badBundle
                case .unknownContract: .unknownContract
                case .unknownFunction: .unknownFunction
                default: .badArguments
                }
            return CallResult(status: status, gasUsed: gas, returnValue: [], reason: rejection.message, location: nil, events: [])
        case .fault(let fault):
            throw NodeError(.store, fault.description)
        }
    }
}

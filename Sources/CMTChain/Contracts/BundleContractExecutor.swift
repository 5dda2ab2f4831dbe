import CMTBundle
import CMTBytecode
import CMTVM

/// Runs the contract actions of transactions (deploy and call bodies) on a block's overlay: the
/// part of execution between the state machine's checks and fees and the VM (docs/chain.md,
/// "Contracts on the chain"). A rejection changes nothing; a revert or a trap (out of gas
/// included) undoes every change the action made and still reports the gas it used; a host fault
/// means the block must not commit.
///
/// Arguments, constructor arguments and template parameter values are the runtime's versioned
/// value encoding (`ValueCodec`): the arguments of a call or constructor are the encoding of one
/// array holding them in parameter order (no bytes at all for none).
public final class BundleContractExecutor {
    /// How an action ended.
    public enum Status: Hashable, Sendable {
        /// Ran to the end; the return value in the value encoding (`null` for a deploy).
        case success(returnValue: [UInt8])
        /// The contract reverted: its reason, and where when the bundle's source map says.
        case reverted(reason: String, location: SourceLocation?)
        /// The call used all its gas.
        case outOfGas(String)
        /// The value sent could not be paid.
        case insufficientFunds(String)
        /// The VM stopped the call on a runtime error (a trap other than out of gas), or the deploy
        /// found its address taken.
        case failed(String)
        /// Refused before anything ran, with a stable code; nothing changed and no gas was used.
        case rejected(TxRejection)
        /// The store failed: the block must not commit.
        case fault(HostFault)
    }

    /// What an action produced, for the receipt.
    public struct Outcome: Sendable {
        public var status: Status
        public var gasUsed: Int64
        /// Events of a successful action in emission order (none otherwise).
        public var events: [ReceiptEvent]
        /// The deployed contract's address (deploys that succeeded).
        public var contract: Address?
        /// Lines the contract printed (not consensus).
        public var output: [String]
    }

    public let bundles: BundleCache

    public init(bundles: BundleCache = BundleCache()) { self.bundles = bundles }

    /// Deploys `bundle` as `sender` with the transaction of nonce `nonce`: verifies the bundle,
    /// stores it (once per hash) and the contract record at ``Address/contract(deployer:nonce:)``,
    /// sends `value` to the new contract and runs the constructor with gas `gasLimit` at most.
    /// Constructor arguments come from `constructorArguments`, else from `parameters` by name,
    /// else from the parameters bound in the bundle.
    public func deploy(sender: Address, nonce: UInt64, bundle bytes: [UInt8], constructorArguments: [UInt8], parameters: [TemplateParameter],
                       value: Amount, overlay: StateOverlay, block: BlockContext, gasLimit: Int64) -> Outcome {
        let hash = ContentHash.sha256(bytes)
        let entry: BundleCache.Entry
        do {
            guard let read = try bundles.entry(hash: hash, bytes: { bytes }) else { return rejected(.badBundle, "the bundle is empty") }
            entry = read
        } catch {
            return rejected(.badBundle, "the bundle does not verify: \(error)")
        }
        guard entry.bundle.contract != nil else { return rejected(.badBundle, "the bundle holds a script, not a contract") }
        let module = entry.bundle.module.module
        let constructor = module.entryPoint(named: EntryPoint.constructorName)
        let arguments: [ContractValue]
        switch constructorValues(entry.bundle, constructorArguments: constructorArguments, parameters: parameters) {
        case .success(let values): arguments = values
        case .failure(let rejection): return Outcome(status: .rejected(rejection), gasUsed: 0, events: [], contract: nil, output: [])
        }
        let declared = constructor?.parameters ?? []
        guard arguments.count == declared.count, zip(arguments, declared).allSatisfy({ $0.conforms(to: $1.type) }) else {
            return rejected(.badArguments, "the constructor takes (\(declared.map { "\($0.name): \(ABI.typeName($0.type, module))" }.joined(separator: ", ")))")
        }
        let address = Address.contract(deployer: sender, nonce: nonce)
        let host = ChainHost(overlay: overlay, block: block, bundles: bundles)
        let start = host.snapshot()
        if overlay.value(of: StateKey.contract(address).bytes) != nil {
            return finish(host, start, status: .failed("a contract is already deployed at \(address)"), gasUsed: 0)
        }
        let bundleKey = StateKey.bundle(hash).bytes
        if overlay.value(of: bundleKey) == nil { overlay.put(bundleKey, bytes) }
        overlay.put(StateKey.contract(address).bytes, ContractRecord(bundleHash: hash, deployer: sender, nonce: nonce, height: UInt64(max(0, block.height))).encoded)
        if let failure = sendValue(value, from: sender, to: address, host: host) { return finish(host, start, status: .insufficientFunds(failure), gasUsed: 0) }
        let outcome = host.withServices(of: entry) {
            VM.deploy(entry.bundle.program, arguments: arguments, context: CallContext(contract: address, sender: sender, value: ChainAmount.decimal(value)),
                      host: host, limits: ExecutionLimits(gasLimit: gasLimit))
        }
        var result = finish(host, start, outcome: outcome, bundle: entry.bundle)
        if case .success = result.status { result.contract = address }
        return result
    }

    /// Calls `function` of the contract at `contract` as `sender`, sending `value`, with gas
    /// `gasLimit` at most.
    public func call(sender: Address, contract: Address, function: String, arguments encoded: [UInt8], value: Amount, overlay: StateOverlay,
                     block: BlockContext, gasLimit: Int64) -> Outcome {
        let host = ChainHost(overlay: overlay, block: block, bundles: bundles)
        guard let (_, entry) = host.contract(at: contract) else {
            if let fault = host.fault { return Outcome(status: .fault(fault), gasUsed: 0, events: [], contract: nil, output: []) }
            return rejected(.unknownContract, "no contract is deployed at \(contract)")
        }
        let module = entry.bundle.module.module
        guard function != EntryPoint.constructorName, let declared = module.entryPoint(named: function), !function.hasPrefix("webhook:") else {
            return rejected(.unknownFunction, "contract '\(entry.bundle.contract ?? "?")' has no public function '\(function)'")
        }
        let arguments: [ContractValue]
        switch Self.decodeArguments(encoded) {
        case .success(let values): arguments = values
        case .failure(let rejection): return Outcome(status: .rejected(rejection), gasUsed: 0, events: [], contract: nil, output: [])
        }
        guard arguments.count == declared.parameters.count, zip(arguments, declared.parameters).allSatisfy({ $0.conforms(to: $1.type) }) else {
            let signature = declared.parameters.map { "\($0.name): \(ABI.typeName($0.type, module))" }.joined(separator: ", ")
            return rejected(.badArguments, "'\(function)' takes (\(signature)); \(arguments.count) argument(s) of other types given")
        }
        let start = host.snapshot()
        if let failure = sendValue(value, from: sender, to: contract, host: host) { return finish(host, start, status: .insufficientFunds(failure), gasUsed: 0) }
        let outcome = host.withServices(of: entry) {
            VM.call(entry.bundle.program, entryPoint: function, arguments: arguments,
                    context: CallContext(contract: contract, sender: sender, value: ChainAmount.decimal(value)), host: host,
                    limits: ExecutionLimits(gasLimit: gasLimit))
        }
        return finish(host, start, outcome: outcome, bundle: entry.bundle)
    }

    // MARK: parts

    /// Arguments in the value encoding: no bytes for none, else one array.
    static func decodeArguments(_ bytes: [UInt8]) -> Result<[ContractValue], TxRejection> {
        if bytes.isEmpty { return .success([]) }
        do {
            guard case .array(let values) = try ValueCodec.decodeChecked(bytes) else {
                return .failure(TxRejection(.badArguments, "arguments must be encoded as one array"))
            }
            return .success(values)
        } catch {
            return .failure(TxRejection(.badArguments, "the arguments do not decode: \(error)"))
        }
    }

    func constructorValues(_ bundle: LoadedBundle, constructorArguments: [UInt8], parameters: [TemplateParameter])
        -> Result<[ContractValue], TxRejection>
    {
        let declared = bundle.module.module.entryPoint(named: EntryPoint.constructorName)?.parameters ?? []
        if !constructorArguments.isEmpty {
            guard parameters.isEmpty else {
                return .failure(TxRejection(.badTemplateParameters, "give constructor arguments or template parameters, not both"))
            }
            return Self.decodeArguments(constructorArguments)
        }
        if !parameters.isEmpty {
            var byName: [String: [UInt8]] = [:]
            for parameter in parameters { byName[parameter.name] = parameter.value }
            guard byName.count == parameters.count, Set(byName.keys) == Set(declared.map(\.name)) else {
                return .failure(TxRejection(.badTemplateParameters,
                                            "the template parameters (\(parameters.map(\.name).joined(separator: ", "))) are not the constructor's (\(declared.map(\.name).joined(separator: ", ")))"))
            }
            var values: [ContractValue] = []
            for parameter in declared {
                do {
                    values.append(try ValueCodec.decodeChecked(byName[parameter.name] ?? []))
                } catch {
                    return .failure(TxRejection(.badArguments, "template parameter '\(parameter.name)' does not decode: \(error)"))
                }
            }
            return .success(values)
        }
        if !bundle.bound.isEmpty {
            do {
                return .success(try ParameterBinding.values(bundle.bound, module: bundle.module.module))
            } catch {
                return .failure(TxRejection(.badTemplateParameters, "the bundle's bound parameters: \(error)"))
            }
        }
        return .success([])
    }

    func sendValue(_ value: Amount, from sender: Address, to contract: Address, host: ChainHost) -> String? {
        guard value != .zero else { return nil }
        return host.transfer(from: sender, to: contract, amount: ChainAmount.decimal(value)).map { "cannot send \(value) to \(contract): \($0)" }
    }

    func rejected(_ code: TxRejection.Code, _ message: String) -> Outcome {
        Outcome(status: .rejected(TxRejection(code, message)), gasUsed: 0, events: [], contract: nil, output: [])
    }

    /// Ends an action that did not reach the VM: rolls back what it wrote.
    func finish(_ host: ChainHost, _ start: Int, status: Status, gasUsed: Int64) -> Outcome {
        host.rollback(to: start)
        if let fault = host.fault { return Outcome(status: .fault(fault), gasUsed: gasUsed, events: [], contract: nil, output: host.output) }
        return Outcome(status: status, gasUsed: gasUsed, events: [], contract: nil, output: host.output)
    }

    /// Ends an action the VM ran: a success keeps its writes and events; anything else undoes them.
    func finish(_ host: ChainHost, _ start: Int, outcome: CallOutcome, bundle: LoadedBundle) -> Outcome {
        if let fault = host.fault ?? outcome.hostFault {
            host.rollback(to: start)
            return Outcome(status: .fault(fault), gasUsed: outcome.gasUsed, events: [], contract: nil, output: host.output)
        }
        switch outcome.status {
        case .returned(let value):
            return Outcome(status: .success(returnValue: ValueCodec.encode(value)), gasUsed: outcome.gasUsed, events: host.takeEvents(),
                           contract: nil, output: host.output)
        case .reverted(let reason):
            host.rollback(to: start)
            // The frame's debug location names the source-map entry that covers the `revert`.
            let location = outcome.revertBacktrace.first?.location.flatMap {
                bundle.sourcePosition(function: Int($0.function), instruction: Int($0.instruction))
            }.map { SourceLocation(file: $0.file, line: UInt32(clamping: $0.line), column: UInt32(clamping: $0.column)) }
            return Outcome(status: .reverted(reason: reason, location: location), gasUsed: outcome.gasUsed, events: [], contract: nil, output: host.output)
        case .trapped(let trap):
            host.rollback(to: start)
            let status: Status = trap.reason == .outOfGas ? .outOfGas(trap.reason.description) : .failed(trap.reason.description)
            return Outcome(status: status, gasUsed: outcome.gasUsed, events: [], contract: nil, output: host.output)
        }
    }
}

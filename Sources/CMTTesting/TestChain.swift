import CMTBytecode
import CMTCompiler
import CMTProcessEngine
import CMTRuleEngine
import CMTRules
import CMTVM
import CMTWorkflow

/// The in-memory chain one test runs on (`cmtc test`): an ``InMemoryHost`` for storage, balances,
/// events and files, plus what a test drives from outside — deploys, contract calls as the chosen
/// sender with the chosen value, block height and time, process timers, webhooks — and the
/// test-only built-ins (TestingInterface in CMTCompiler), which arrive as calls of the testing address.
///
/// The test code runs as the account ``runner``; its calls of a contract are sent as ``sender``.
/// Besides the program's own contract, a test deploys the contracts of the project's
/// `[dependencies]` (``Dependency``), each running its own program with its own services.
public final class TestChain: Host {
    /// The contract of a `[dependencies]` entry, compiled (or read from its bundle) and verified:
    /// `Name.deploy(…)` in a test deploys it.
    public struct Dependency {
        /// The contract's name (what the project imports).
        public let contract: String
        public let program: Program
        /// New process and rules services for the program: each chain (each test) gets its own.
        public let makeServices: () -> (WorkflowProcessService, RulesEngineService)

        public init(contract: String, program: Program, makeServices: @escaping () -> (WorkflowProcessService, RulesEngineService)) {
            self.contract = contract
            self.program = program
            self.makeServices = makeServices
        }
    }

    /// What runs at a deployed address: the program's own contract or a dependency's.
    struct Code {
        let program: Program
        let contractName: String
        let workflow: WorkflowProcessService?
        let rules: RulesEngineService?
    }

    /// The account the test code itself runs as.
    public static let runner = Address.named("testrunner")
    static let testingAddress = TestingInterface.address

    let base: InMemoryHost
    /// The compiled module: the test functions and the contract deployed by `Contract.deploy`.
    let program: Program
    /// The contract the module deploys, if it declares one.
    let contractName: String?
    let workflow: WorkflowProcessService?
    let rules: RulesEngineService?
    /// The dependencies' contracts by name, with this chain's services of each.
    let dependencies: [String: Code]
    public var processService: (any ProcessService)?
    public var ruleService: (any RuleService)?
    let gasLog: GasLog

    /// The sender of the test's contract calls and deploys.
    var sender: Address
    /// CMT sent with each of the test's contract calls and deploys.
    var value: Decimal18 = .zero
    /// Deployed contracts in deploy order.
    private(set) var deployed: [Address] = []
    /// The code of each deployed contract.
    private(set) var code: [Address: Code] = [:]
    /// Names for addresses, to show `cmt1… (buyer)` in failure messages.
    private(set) var labels: [Address: String] = [:]
    /// How many `expectRevert` actions are running: inside one, a reverting call reverts the action
    /// instead of failing the test.
    var expecting = 0
    private var depth = 0
    /// The contracts of the running calls, for the re-entrancy rule.
    private var callStack = ContractCallStack()
    static let maxDepth = 8

    public init(program: Program, contractName: String?, services: (WorkflowProcessService, RulesEngineService), gasLog: GasLog,
                dependencies: [Dependency] = []) {
        self.base = InMemoryHost(block: BlockContext(height: 1, time: 0))
        self.program = program
        self.contractName = contractName
        self.workflow = services.0
        self.rules = services.1
        var byName: [String: Code] = [:]
        for dependency in dependencies where byName[dependency.contract] == nil {
            let services = dependency.makeServices()
            byName[dependency.contract] = Code(program: dependency.program, contractName: dependency.contract, workflow: services.0, rules: services.1)
        }
        self.dependencies = byName
        self.processService = services.0
        self.ruleService = services.1
        self.gasLog = gasLog
        self.sender = Self.runner
        self.sender = account("deployer")
    }

    /// The deterministic address of the account called `name`.
    func account(_ name: String) -> Address {
        let address = Address.named("account:" + name)
        if labels[address] == nil { labels[address] = name }
        return address
    }

    // MARK: Host

    public var block: BlockContext { base.block }
    public var fault: HostFault? { base.fault }
    public func storageGet(contract: Address, key: [UInt8]) -> [UInt8]? { base.storageGet(contract: contract, key: key) }
    public func storageSet(contract: Address, key: [UInt8], value: [UInt8]?) { base.storageSet(contract: contract, key: key, value: value) }
    public func storageNext(contract: Address, from: [UInt8]?, prefix: [UInt8]) -> (key: [UInt8], value: [UInt8])? {
        base.storageNext(contract: contract, from: from, prefix: prefix)
    }
    public func balance(of account: Address) -> Decimal18 { base.balance(of: account) }
    public func transfer(from: Address, to: Address, amount: Decimal18) -> String? { base.transfer(from: from, to: to, amount: amount) }
    public func emit(contract: Address, name: String, topics: [[UInt8]], fields: [UInt8]) {
        base.emit(contract: contract, name: name, topics: topics, fields: fields)
    }
    public func print(_ line: String) { base.print(line) }
    public func snapshot() -> Int { base.snapshot() }
    public func rollback(to snapshot: Int) { base.rollback(to: snapshot) }
    public func filePut(_ data: [UInt8]) -> String { base.filePut(data) }
    public func fileGet(_ cid: String) -> [UInt8]? { base.fileGet(cid) }

    public func call(caller: Address, target: Address, function: String, arguments: [ContractValue], value: Decimal18, gas: Int64)
        -> HostCallResult
    {
        if target == Self.testingAddress {
            guard caller == Self.runner else { return .failed("only test code can use the test built-ins", gasUsed: 0) }
            return testing(function, arguments, gas: gas)
        }
        let fromTest = caller == Self.runner
        if let refusal = callStack.enter(caller: caller, target: target, entry: code[target]?.program.module.module.entryPoint(named: function)) {
            return refused(refusal, fromTest: fromTest, gasUsed: 0)
        }
        defer { callStack.leave() }
        // The test code sends what `testing.setValue` chose; a contract what its call names.
        return contractCall(target: target, entry: function, arguments: arguments, sender: fromTest ? sender : caller,
                            value: fromTest ? self.value : value, fromTest: fromTest, gas: gas)
    }

    /// Runs `entry` of the contract at `target`. A call made by the test code is recorded for the gas
    /// report, and when it reverts outside `expectRevert` it fails the test (with the call named).
    func contractCall(target: Address, entry: String, arguments: [ContractValue], sender: Address, value: Decimal18, fromTest: Bool,
                      gas: Int64, deploying: Bool = false) -> HostCallResult {
        guard let code = code[target] else { return .failed("no contract is deployed at \(describe(target))", gasUsed: 0) }
        guard depth < Self.maxDepth else { return .failed("contract calls nested too deeply", gasUsed: 0) }
        let program = code.program
        let callName = "\(code.contractName).\(entry)"
        guard deploying || entry != EntryPoint.constructorName else {
            return refused("'\(callName)' runs only when the contract is deployed; it cannot be called", fromTest: fromTest, gasUsed: 0)
        }
        if let declared = program.module.module.entryPoint(named: entry) {
            guard arguments.count == declared.parameters.count, zip(arguments, declared.parameters).allSatisfy({ $0.conforms(to: $1.type, classes: program.module.module) }) else {
                return .failed("the arguments do not match '\(callName)'", gasUsed: 0)
            }
        } else {
            return .failed("contract '\(code.contractName)' has no public function '\(entry)'", gasUsed: 0)
        }
        let snapshot = base.snapshot()
        if value != .zero, let failure = base.transfer(from: sender, to: target, amount: value) {
            base.rollback(to: snapshot)
            // A contract's call reverts as on the chain (ContractCallValue); the test's names the call.
            if !fromTest { return .reverted(ContractCallValue.refusal(failure, amount: value), gasUsed: 0) }
            return refused("\(callName): cannot send \(value) CMT from \(describe(sender)): \(failure)", fromTest: fromTest, gasUsed: 0)
        }
        depth += 1
        let context = CallContext(contract: target, sender: sender, value: value)
        let limits = ExecutionLimits(gasLimit: max(gas, 0))
        // The callee runs with its own program's process and rules engines.
        let saved = (processService, ruleService)
        (processService, ruleService) = (code.workflow, code.rules)
        let outcome = deploying
            ? VM.deploy(program, arguments: arguments, context: context, host: self, limits: limits)
            : VM.call(program, entryPoint: entry, arguments: arguments, context: context, host: self, limits: limits)
        (processService, ruleService) = saved
        depth -= 1
        if fromTest { gasLog.record(contract: code.contractName, function: entry, gas: outcome.gasUsed) }
        switch outcome.status {
        case .returned(let result):
            if let declared = program.module.module.entryPoint(named: entry), !result.conforms(to: declared.returnType, classes: program.module.module) {
                base.rollback(to: snapshot)
                return .failed("'\(callName)' returned a value that does not match its declared type", gasUsed: outcome.gasUsed)
            }
            return .returned(result, gasUsed: outcome.gasUsed)
        case .reverted(let reason):
            base.rollback(to: snapshot)
            return refused("\(callName) reverted: \(reason)", reason: reason, fromTest: fromTest, gasUsed: outcome.gasUsed)
        case .trapped(let trap):
            base.rollback(to: snapshot)
            if !fromTest { return .failed(trap.reason.description, gasUsed: outcome.gasUsed) }
            return refused("\(callName) failed: \(trap.reason)", reason: trap.reason.description, fromTest: fromTest, gasUsed: outcome.gasUsed)
        }
    }

    /// A call that did not succeed: inside `expectRevert` (or from a contract) it reverts with
    /// `reason`; from the test code it fails the test with `message`.
    private func refused(_ message: String, reason: String? = nil, fromTest: Bool, gasUsed: Int64) -> HostCallResult {
        if fromTest && expecting == 0 { return .failed(message, gasUsed: gasUsed) }
        return .reverted(reason ?? message, gasUsed: gasUsed)
    }

    /// Deploys the contract named `name` (the module's own, or a dependency's) as ``sender`` with
    /// ``value``, running its constructor; gives the new address.
    func deploy(_ name: String, arguments: [ContractValue], gas: Int64) -> HostCallResult {
        let deployable: Code
        if let contractName, name == contractName {
            deployable = Code(program: program, contractName: contractName, workflow: workflow, rules: rules)
        } else if let dependency = dependencies[name] {
            deployable = dependency
        } else {
            let known = ([contractName].compactMap { $0 } + dependencies.keys.sorted()).map { "'\($0)'" }
            if known.isEmpty { return .failed("the program declares no contract to deploy", gasUsed: 0) }
            return .failed("a test can deploy \(known.joined(separator: ", ")) (the program's contract and its dependencies'), not '\(name)'",
                           gasUsed: 0)
        }
        let address = Address.named("contract:\(sender.text):\(deployed.count)")
        deployed.append(address)
        code[address] = deployable
        labels[address] = "\(name) #\(deployed.count)"
        let result = contractCall(
            target: address, entry: EntryPoint.constructorName, arguments: arguments, sender: sender, value: value, fromTest: true, gas: gas,
            deploying: true)
        switch result {
        case .returned(_, let used): return .returned(.address(address), gasUsed: used)
        case .reverted, .failed:
            deployed.removeLast()
            code[address] = nil
            labels[address] = nil
            return result
        }
    }

    /// `address` with its name when the test named it: `cmt1… (buyer)`.
    func describe(_ address: Address) -> String {
        labels[address].map { "\(address.text) (\($0))" } ?? address.text
    }

    /// Events recorded so far (undone ones removed).
    var events: [EmittedEvent] { base.events }
    /// Output printed so far.
    public var output: [String] { base.output }
}

import CMTBuild
import CMTBundle
import CMTBytecode
import CMTSource
import CMTVM
import Foundation
import Testing

@testable import CMTChain

/// A store whose reads fail, to check that a fault surfaces as a host fault.
private final class BrokenBacking: StateBacking {
    func value(of key: [UInt8]) throws(ChainStoreError) -> [UInt8]? { throw ChainStoreError(.readFailed, "disk gone") }
    func next(from: [UInt8], prefix: [UInt8]) throws(ChainStoreError) -> (key: [UInt8], value: [UInt8])? {
        throw ChainStoreError(.readFailed, "disk gone")
    }
}

/// Contracts on the chain: deploys and calls through ``ContractExecutor`` on a ``StateOverlay``,
/// and the ``ChainHost`` under them.
@Suite("contracts on the chain")
struct ContractExecutionTests {
    static let vault = """
        contract Vault {
            owner: address;
            limit: number;
            total: number = 0;
            event Deposited(indexed from: address, amount: number);
            constructor(owner: address, limit: number) {
                this.owner = owner;
                this.limit = limit;
            }
            public function deposit(note: string): number {
                require(msg.value <= this.limit, "over the limit");
                this.total = this.total + msg.value;
                emit Deposited(msg.sender, msg.value);
                return this.total;
            }
            public function store(text: string): string {
                return files.put(text.toBytes());
            }
            public function getTotal(): number {
                return this.total;
            }
        }
        """

    /// The bundle of a one-file contract project.
    static func bundle(_ source: String, name: String = "vault") throws -> [UInt8] {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("chain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("src"), withIntermediateDirectories: true)
        try source.write(to: root.appendingPathComponent("src/\(name).cmt"), atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: root) }
        let sources = SourceManager()
        let result = ProgramCompiler.compile(paths: [root.path], sources: sources)
        let compiled = try #require(result.compiled, "\(DiagnosticRenderer(sources: sources).render(result.diagnostics))")
        return try BundleWriter.write(compiled, bound: [], withSources: false)
    }

    static let deployer = Address.named("deployer")
    static let payer = Address.named("payer")
    static let block = BlockContext(height: 5, time: 1_000)

    static func arguments(_ values: ContractValue...) -> [UInt8] { ValueCodec.encode(.array(values)) }

    static func fund(_ overlay: StateOverlay, _ account: Address, _ cmt: Int64) {
        overlay.put(StateKey.account(account).bytes, AccountRecord(nonce: 0, balance: Amount(atto: UInt128(cmt) * Amount.attoPerCMT)).encoded)
    }

    /// A deployed vault: the executor, the overlay, the contract's address.
    static func deployed() throws -> (BundleContractExecutor, StateOverlay, Address) {
        let executor = BundleContractExecutor()
        let overlay = StateOverlay(backing: MemoryStateBacking())
        fund(overlay, payer, 100)
        let outcome = executor.deploy(sender: deployer, nonce: 3, bundle: try bundle(vault),
                                      constructorArguments: arguments(.address(deployer), .number(Decimal18(10))), parameters: [],
                                      value: .zero, overlay: overlay, block: block, gasLimit: 1_000_000)
        guard case .success = outcome.status, let address = outcome.contract else {
            Issue.record("deploy failed: \(outcome.status)")
            throw CancellationError()
        }
        return (executor, overlay, address)
    }

    @Test("a deploy stores the bundle once, the contract record at the derived address, and runs the constructor")
    func deployStoresRecordAndRunsConstructor() throws {
        let (_, overlay, address) = try Self.deployed()
        #expect(address == Address.contract(deployer: Self.deployer, nonce: 3))
        #expect(address != Address.contract(deployer: Self.deployer, nonce: 4))
        let record = try ContractRecord(decoding: try #require(overlay.value(of: StateKey.contract(address).bytes)))
        #expect(record.deployer == Self.deployer && record.nonce == 3 && record.height == 5)
        #expect(overlay.value(of: StateKey.bundle(record.bundleHash).bytes).map(ContentHash.sha256) == record.bundleHash)
        #expect(try ContractRecord(decoding: record.encoded) == record)
        #expect(record.encoded.count == 69 && record.encoded[0] == 1)
        #expect(overlay.changes.contains { $0.key.starts(with: StateKey.storagePrefix(address)) })
    }

    @Test("a call with value moves CMT through account records, returns its value and reports events with topics apart")
    func callWithValue() throws {
        let (executor, overlay, address) = try Self.deployed()
        let outcome = executor.call(sender: Self.payer, contract: address, function: "deposit", arguments: Self.arguments(.string("hi")),
                                    value: Amount(atto: 4 * Amount.attoPerCMT), overlay: overlay, block: Self.block, gasLimit: 1_000_000)
        #expect(outcome.status == .success(returnValue: ValueCodec.encode(.number(Decimal18(4)))))
        #expect(outcome.gasUsed > 0)
        #expect(outcome.events.map(\.name) == ["Deposited"])
        #expect(outcome.events.first?.topics == [ValueCodec.encode(.address(Self.payer))])
        let host = ChainHost(overlay: overlay, block: Self.block, bundles: executor.bundles)
        #expect(host.balance(of: address) == Decimal18(4))
        #expect(host.balance(of: Self.payer) == Decimal18(96))
        #expect(executor.bundles.count == 1)
    }

    @Test("a revert undoes the value and every write, and names its reason and source location")
    func revertUndoesEverything() throws {
        let (executor, overlay, address) = try Self.deployed()
        let before = overlay.changes.map { [$0.key, $0.value ?? []] }
        let outcome = executor.call(sender: Self.payer, contract: address, function: "deposit", arguments: Self.arguments(.string("x")),
                                    value: Amount(atto: 11 * Amount.attoPerCMT), overlay: overlay, block: Self.block, gasLimit: 1_000_000)
        guard case .reverted(let reason, let location) = outcome.status else {
            Issue.record("expected a revert, got \(outcome.status)")
            return
        }
        #expect(reason == "over the limit")
        #expect(location?.file == "src/vault.cmt" && location?.line == 11, "\(String(describing: location))")
        #expect(outcome.gasUsed > 0 && outcome.events.isEmpty)
        #expect(overlay.changes.map { [$0.key, $0.value ?? []] } == before)
    }

    @Test("out of gas undoes the call and reports the gas used")
    func outOfGas() throws {
        let (executor, overlay, address) = try Self.deployed()
        let outcome = executor.call(sender: Self.payer, contract: address, function: "deposit", arguments: Self.arguments(.string("x")),
                                    value: .zero, overlay: overlay, block: Self.block, gasLimit: 30)
        #expect(outcome.status == .outOfGas("out of gas"))
        #expect(outcome.gasUsed > 0 && outcome.gasUsed <= 30)
    }

    @Test("unknown contract, unknown function, wrong arguments and a bad bundle are rejections with stable codes")
    func rejections() throws {
        let (executor, overlay, address) = try Self.deployed()
        let before = overlay.changes.count
        func code(_ outcome: BundleContractExecutor.Outcome) -> UInt32? {
            if case .rejected(let rejection) = outcome.status { return rejection.code.rawValue }
            return nil
        }
        func call(_ target: Address, _ function: String, _ arguments: [UInt8]) -> UInt32? {
            code(executor.call(sender: Self.payer, contract: target, function: function, arguments: arguments, value: .zero, overlay: overlay,
                               block: Self.block, gasLimit: 100_000))
        }
        #expect(call(Address.named("nobody"), "total", []) == 41)
        #expect(call(address, "withdraw", []) == 42)
        #expect(call(address, "constructor", Self.arguments(.address(Self.payer), .number(.one))) == 42)
        #expect(call(address, "deposit", []) == 43)
        #expect(call(address, "deposit", Self.arguments(.number(.one))) == 43)
        #expect(call(address, "deposit", [1, 2, 3]) == 43)
        var damaged = try Self.bundle(Self.vault)
        damaged[damaged.count / 2] ^= 0x40
        let deploy = executor.deploy(sender: Self.deployer, nonce: 9, bundle: damaged, constructorArguments: [], parameters: [], value: .zero,
                                     overlay: overlay, block: Self.block, gasLimit: 100_000)
        #expect(code(deploy) == 40)
        let wrongParameters = executor.deploy(sender: Self.deployer, nonce: 9, bundle: try Self.bundle(Self.vault), constructorArguments: [],
                                              parameters: [TemplateParameter(name: "owner", value: ValueCodec.encode(.address(Self.payer)))],
                                              value: .zero, overlay: overlay, block: Self.block, gasLimit: 100_000)
        #expect(code(wrongParameters) == 44)
        #expect(overlay.changes.count == before)
        #expect(TxRejection.Code.unknownContract.description == "unknownContract")
    }

    @Test("template parameters bind the constructor by name")
    func templateParameters() throws {
        let executor = BundleContractExecutor()
        let overlay = StateOverlay(backing: MemoryStateBacking())
        let outcome = executor.deploy(sender: Self.deployer, nonce: 0, bundle: try Self.bundle(Self.vault), constructorArguments: [],
                                      parameters: [TemplateParameter(name: "limit", value: ValueCodec.encode(.number(Decimal18(2)))),
                                                   TemplateParameter(name: "owner", value: ValueCodec.encode(.address(Self.payer)))],
                                      value: .zero, overlay: overlay, block: Self.block, gasLimit: 1_000_000)
        #expect(outcome.contract != nil, "\(outcome.status)")
    }

    @Test("files are chain state under their CID; storage walks go through the overlay in key order")
    func filesAndStorageWalks() throws {
        let (executor, overlay, address) = try Self.deployed()
        let outcome = executor.call(sender: Self.payer, contract: address, function: "store", arguments: Self.arguments(.string("hello")),
                                    value: .zero, overlay: overlay, block: Self.block, gasLimit: 1_000_000)
        let cid = ContentID.cid(of: Array("hello".utf8))
        #expect(outcome.status == .success(returnValue: ValueCodec.encode(.string(cid))))
        #expect(overlay.value(of: StateKey.file(Array(cid.utf8)).bytes) == Array("hello".utf8))
        let host = ChainHost(overlay: overlay, block: Self.block, bundles: executor.bundles)
        let other = Address.named("other")
        for key: [UInt8] in [[9, 1], [9, 3], [9, 2], [8]] { host.storageSet(contract: other, key: key, value: key) }
        host.storageSet(contract: Address.named("third"), key: [9, 0], value: [0])
        var walked: [[UInt8]] = []
        var from: [UInt8]? = nil
        while let next = host.storageNext(contract: other, from: from, prefix: [9]) {
            walked.append(next.key)
            from = next.key + [0]
        }
        #expect(walked == [[9, 1], [9, 2], [9, 3]])
        let mark = host.snapshot()
        host.storageSet(contract: other, key: [9, 1], value: nil)
        host.emit(contract: other, name: "E", topics: [], fields: [])
        host.rollback(to: mark)
        #expect(host.storageGet(contract: other, key: [9, 1]) == [9, 1])
        #expect(host.events.isEmpty)
    }

    @Test("a call into another contract loads the callee's bundle from state and runs it with its own storage")
    func crossContractCall() throws {
        let (executor, overlay, address) = try Self.deployed()
        let host = ChainHost(overlay: overlay, block: Self.block, bundles: executor.bundles)
        let result = host.call(caller: Address.named("caller"), target: address, function: "getTotal", arguments: [], gas: 100_000)
        guard case .returned(let value, _) = result else {
            Issue.record("the call failed: \(result)")
            return
        }
        #expect(value == .number(.zero))
        if case .failed = host.call(caller: address, target: Address.named("none"), function: "getTotal", arguments: [], gas: 1000) {} else {
            Issue.record("a call to no contract must fail")
        }
    }

    @Test("a store fault surfaces as a host fault, never as a missing contract or key")
    func storeFault() throws {
        let executor = BundleContractExecutor()
        let overlay = StateOverlay(backing: BrokenBacking())
        let outcome = executor.call(sender: Self.payer, contract: Address.named("x"), function: "getTotal", arguments: [], value: .zero,
                                    overlay: overlay, block: Self.block, gasLimit: 1000)
        guard case .fault(let fault) = outcome.status else {
            Issue.record("expected a fault, got \(outcome.status)")
            return
        }
        #expect(fault.code == .storageRead)
        let host = ChainHost(overlay: StateOverlay(backing: BrokenBacking()), block: Self.block, bundles: executor.bundles)
        _ = host.storageGet(contract: Self.payer, key: [1])
        #expect(host.fault != nil)
    }
}

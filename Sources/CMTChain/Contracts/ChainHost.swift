import CMTBundle
import CMTBytecode
import CMTVM

/// The chain's ``Host``: what contracts see of chain state, over a block's ``StateOverlay``
/// (docs/chain.md, "Contracts on the chain").
///
/// - storage of contract c, key k is ``StateKey/storage(_:_:)`` (c, k); `storageNext` walks the
///   overlay in key order under c's prefix;
/// - balances are the ``AccountRecord``s under ``StateKey/account(_:)`` (a transfer keeps nonces);
/// - files are ``StateKey/file(_:)`` by their CID text (the in-memory host's ``ContentID``);
/// - events are collected in emission order for the transaction's receipt, indexed topics apart;
/// - journaling is the overlay's: a snapshot is the overlay's position and the event count, and
///   a rollback undoes both;
/// - a call into another contract reads its ``ContractRecord``, then its bundle's bytes, through
///   the ``BundleCache``, moves the value sent with it (``ContractCallValue``: undone when the
///   callee fails) and runs with the callee's process and rules services;
/// - a store fault of the overlay (or a record that does not decode) is ``fault``: the VM stops
///   and the block must not commit.
public final class ChainHost: Host {
    public let block: BlockContext
    public let overlay: StateOverlay
    public let bundles: BundleCache
    /// The events emitted so far (by calls not rolled back), in order.
    public private(set) var events: [ReceiptEvent] = []
    /// Lines printed by contracts (not journaled, not consensus: for tools and tests).
    public private(set) var output: [String] = []
    /// The process and rules services of the contract running now.
    public var processService: (any ProcessService)?
    public var ruleService: (any RuleService)?
    /// Nested contract calls allowed.
    public var maxCallDepth = 8

    private var ownFault: HostFault?
    private var snapshots: [(overlay: Int, events: Int)] = []
    private var callStack = ContractCallStack()
    private var callDepth = 0

    public init(overlay: StateOverlay, block: BlockContext, bundles: BundleCache) {
        self.overlay = overlay
        self.block = block
        self.bundles = bundles
    }

    /// The first fault: the overlay's store fault, or a stored record that did not decode.
    public var fault: HostFault? {
        if let ownFault { return ownFault }
        if let error = overlay.fault {
            return HostFault(error.code == .writeFailed ? .storageWrite : .storageRead, error.description)
        }
        return nil
    }

    private func record(_ fault: HostFault) { if ownFault == nil { ownFault = fault } }

    // MARK: storage

    public func storageGet(contract: Address, key: [UInt8]) -> [UInt8]? {
        overlay.value(of: StateKey.storage(contract, key).bytes)
    }

    public func storageSet(contract: Address, key: [UInt8], value: [UInt8]?) {
        let stateKey = StateKey.storage(contract, key).bytes
        if let value { overlay.put(stateKey, value) } else { overlay.delete(stateKey) }
    }

    public func storageNext(contract: Address, from: [UInt8]?, prefix: [UInt8]) -> (key: [UInt8], value: [UInt8])? {
        let base = StateKey.storagePrefix(contract)
        let start = from.map { $0.lexicographicallyPrecedes(prefix) ? prefix : $0 } ?? prefix
        guard let found = overlay.next(from: base + start, prefix: base + prefix) else { return nil }
        return (Array(found.key.dropFirst(base.count)), found.value)
    }

    // MARK: accounts

    /// The account record of `account` (an empty one when none is stored).
    public func account(_ account: Address) -> AccountRecord {
        guard let bytes = overlay.value(of: StateKey.account(account).bytes) else { return .empty }
        do {
            return try AccountRecord(decoding: bytes)
        } catch {
            record(HostFault(.storageRead, "the account record of \(account) does not decode: \(error)"))
            return .empty
        }
    }

    /// Writes an account record.
    public func setAccount(_ record: AccountRecord, for account: Address) {
        overlay.put(StateKey.account(account).bytes, record.encoded)
    }

    public func balance(of account: Address) -> Decimal18 { ChainAmount.decimal(self.account(account).balance) }

    public func transfer(from: Address, to: Address, amount: Decimal18) -> String? {
        guard let atto = ChainAmount.amount(amount) else { return "negative amount" }
        var sender = account(from)
        guard sender.balance >= atto else { return "insufficient balance" }
        if from == to || atto == .zero { return nil }
        var recipient = account(to)
        let (credited, overflow) = recipient.balance.atto.addingReportingOverflow(atto.atto)
        guard !overflow else { return "the recipient's balance would overflow" }
        sender.balance = Amount(atto: sender.balance.atto - atto.atto)
        recipient.balance = Amount(atto: credited)
        setAccount(sender, for: from)
        setAccount(recipient, for: to)
        return nil
    }

    // MARK: events, output, files

    public func emit(contract: Address, name: String, topics: [[UInt8]], fields: [UInt8]) {
        events.append(ReceiptEvent(contract: contract, name: name, topics: topics, fields: fields))
    }

    public func print(_ line: String) { output.append(line) }

    public func filePut(_ data: [UInt8]) -> String {
        let cid = ContentID.cid(of: data)
        let key = StateKey.file(Array(cid.utf8)).bytes
        if overlay.value(of: key) == nil { overlay.put(key, data) }
        return cid
    }

    public func fileGet(_ cid: String) -> [UInt8]? { overlay.value(of: StateKey.file(Array(cid.utf8)).bytes) }

    // MARK: journal

    public func snapshot() -> Int {
        snapshots.append((overlay.snapshot(), events.count))
        return snapshots.count - 1
    }

    public func rollback(to snapshot: Int) {
        guard snapshot >= 0, snapshot < snapshots.count else { return }
        let mark = snapshots[snapshot]
        overlay.rollback(to: mark.overlay)
        if events.count > mark.events { events.removeLast(events.count - mark.events) }
        snapshots.removeLast(snapshots.count - snapshot)
    }

    /// Forgets the events collected so far (the next transaction's receipt starts empty).
    public func takeEvents() -> [ReceiptEvent] {
        defer { events = [] }
        return events
    }

    // MARK: contracts

    /// The deployed contract at `address`: its record and its verified bundle with services; nil
    /// when no contract is deployed there. A record or bundle that does not decode is a fault.
    public func contract(at address: Address) -> (record: ContractRecord, entry: BundleCache.Entry)? {
        guard let bytes = overlay.value(of: StateKey.contract(address).bytes) else { return nil }
        let record: ContractRecord
        do {
            record = try ContractRecord(decoding: bytes)
        } catch {
            self.record(HostFault(.storageRead, "the contract record of \(address) does not decode: \(error)"))
            return nil
        }
        do {
            guard let entry = try bundles.entry(hash: record.bundleHash, bytes: { overlay.value(of: StateKey.bundle(record.bundleHash).bytes) })
            else {
                self.record(HostFault(.storageRead, "the bundle of contract \(address) is missing from state"))
                return nil
            }
            return (record, entry)
        } catch {
            self.record(HostFault(.storageRead, "the stored bundle of contract \(address) does not verify: \(error)"))
            return nil
        }
    }

    /// Runs `body` with the services of `entry`'s program, then restores the caller's.
    public func withServices<T>(of entry: BundleCache.Entry, _ body: () -> T) -> T {
        let saved = (processService, ruleService)
        processService = entry.processService
        ruleService = entry.ruleService
        defer { (processService, ruleService) = saved }
        return body()
    }

    public func call(caller: Address, target: Address, function: String, arguments: [ContractValue], value: Decimal18, gas: Int64)
        -> HostCallResult
    {
        guard let (_, entry) = contract(at: target) else {
            if let fault { return .failed("host fault: \(fault)", gasUsed: 0) }
            return .failed("no contract at \(target)", gasUsed: 0)
        }
        guard callDepth < maxCallDepth else { return .failed("contract calls nested too deeply", gasUsed: 0) }
        let program = entry.bundle.program
        if let refusal = callStack.enter(caller: caller, target: target, entry: program.module.module.entryPoint(named: function)) {
            return .reverted(refusal, gasUsed: 0)
        }
        callDepth += 1
        defer {
            callDepth -= 1
            callStack.leave()
        }
        // The value moves inside the call's journal span: undone with the callee's changes.
        return ContractCallValue.run(on: self, caller: caller, target: target, value: value) {
            withServices(of: entry) {
                VM.call(program, entryPoint: function, arguments: arguments, context: CallContext(contract: target, sender: caller, value: value),
                        host: self, limits: ExecutionLimits(gasLimit: gas))
            }
        }
    }
}

/// Converts between the VM's ``Decimal18`` and the chain's ``Amount`` (both count atto-CMT).
enum ChainAmount {
    /// The amount of a non-negative decimal; nil for a negative one.
    static func amount(_ value: Decimal18) -> Amount? {
        value.scaled < 0 ? nil : Amount(atto: UInt128(value.scaled))
    }

    /// The decimal of an amount; amounts beyond the VM's range (over about 1.7e20 CMT, more than
    /// the supply) read as the largest number.
    static func decimal(_ amount: Amount) -> Decimal18 {
        amount.atto > UInt128(Int128.max) ? .max : (Decimal18(scaled: Int128(amount.atto)) ?? .max)
    }
}

import CMTBytecode
import CMTVM

/// The host a session's constraint code runs against: the call's host, except that the block is
/// the one in which the newest of the facts being matched was inserted or last updated. In a call,
/// that is the call's own block (matching happens when a fact arrives); when a stored session's
/// memories are rebuilt in a later block, constraints that read `block.height` or `block.time` see
/// the same values as when the facts were first matched, so rebuilt memories equal the originals.
final class MatchBlockHost: Host {
    let base: any Host
    var block: BlockContext

    init(base: any Host, block: BlockContext) {
        self.base = base
        self.block = block
    }

    func storageGet(contract: Address, key: [UInt8]) -> [UInt8]? { base.storageGet(contract: contract, key: key) }
    func storageSet(contract: Address, key: [UInt8], value: [UInt8]?) { base.storageSet(contract: contract, key: key, value: value) }
    func storageNext(contract: Address, from: [UInt8]?, prefix: [UInt8]) -> (key: [UInt8], value: [UInt8])? {
        base.storageNext(contract: contract, from: from, prefix: prefix)
    }
    func balance(of account: Address) -> Decimal18 { base.balance(of: account) }
    func transfer(from: Address, to: Address, amount: Decimal18) -> String? { base.transfer(from: from, to: to, amount: amount) }
    func emit(contract: Address, name: String, topics: [[UInt8]], fields: [UInt8]) {
        base.emit(contract: contract, name: name, topics: topics, fields: fields)
    }
    func print(_ line: String) { base.print(line) }
    func call(caller: Address, target: Address, function: String, arguments: [ContractValue], value: Decimal18, gas: Int64) -> HostCallResult {
        base.call(caller: caller, target: target, function: function, arguments: arguments, value: value, gas: gas)
    }
    func snapshot() -> Int { base.snapshot() }
    var fault: HostFault? { base.fault }
    var interrupt: ExecutionInterrupt? { base.interrupt }
    func rollback(to snapshot: Int) { base.rollback(to: snapshot) }
    func filePut(_ data: [UInt8]) -> String { base.filePut(data) }
    func fileGet(_ cid: String) -> [UInt8]? { base.fileGet(cid) }
    var processService: (any ProcessService)? { base.processService }
    var ruleService: (any RuleService)? { base.ruleService }
}

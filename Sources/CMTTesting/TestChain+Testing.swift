import CMTBytecode
import CMTCompiler
import CMTVM

/// The test-only built-ins, as the test chain answers them (TestingInterface in CMTCompiler lists
/// the calls and their arguments). A failed expectation is a host failure: it stops the test
/// function with a trap whose backtrace gives the line of the failing call.
extension TestChain {
    func testing(_ name: String, _ arguments: [ContractValue], gas: Int64) -> HostCallResult {
        guard let function = TestingInterface.Function(rawValue: name) else { return .failed("unknown test built-in '\(name)'", gasUsed: 0) }
        let bad = HostCallResult.failed("test built-in '\(name)' called with arguments it does not take", gasUsed: 0)
        func argument(_ index: Int) -> ContractValue { index < arguments.count ? arguments[index] : .null }
        switch function {
        case .deploy:
            guard case .string(let contract) = argument(0), case .array(let constructorArguments) = argument(1) else { return bad }
            return deploy(contract, arguments: constructorArguments, gas: gas)
        case .account:
            guard case .string(let name) = argument(0) else { return bad }
            return .returned(.address(account(name)), gasUsed: 0)
        case .setSender:
            guard case .address(let account) = argument(0) else { return bad }
            sender = account
            return .returned(.null, gasUsed: 0)
        case .setValue:
            guard case .number(let amount) = argument(0) else { return bad }
            guard amount >= .zero else { return .failed("testing.setValue: the amount must not be negative, not \(amount)", gasUsed: 0) }
            value = amount
            return .returned(.null, gasUsed: 0)
        case .setBalance:
            guard case .address(let account) = argument(0), case .number(let amount) = argument(1) else { return bad }
            guard amount >= .zero else { return .failed("testing.setBalance: the amount must not be negative, not \(amount)", gasUsed: 0) }
            base.setBalance(amount, for: account)
            return .returned(.null, gasUsed: 0)
        case .advance:
            guard case .number(let blocks) = argument(0) else { return bad }
            return advance(blocks: blocks, seconds: argument(1), gas: gas)
        case .deliverWebhook:
            guard case .address(let target) = argument(0), case .string(let hook) = argument(1), case .map(let payload) = argument(2) else {
                return bad
            }
            return deliverWebhook(target, hook, payload, gas: gas)
        case .expectRevert:
            guard case .number(let index) = argument(0), case .array(let captures) = argument(1) else { return bad }
            return expectRevert(index, captures: captures, reason: argument(2), gas: gas)
        case .expectEvent:
            guard case .address(let target) = argument(0), case .string(let event) = argument(1) else { return bad }
            if events.contains(where: { $0.contract == target && $0.name == event }) { return .returned(.null, gasUsed: 0) }
            let emitted = events.filter { $0.contract == target }.map(\.name)
            return .failed("expectEvent: \(describe(target)) emitted no event '\(event)'"
                           + (emitted.isEmpty ? " (it emitted none)" : " (it emitted \(emitted.joined(separator: ", ")))"), gasUsed: 0)
        case .assert:
            guard case .boolean(let condition) = argument(0) else { return bad }
            if condition { return .returned(.null, gasUsed: 0) }
            if case .string(let text) = argument(1) { return .failed("assertion failed: \(text)", gasUsed: 0) }
            return .failed("assertion failed", gasUsed: 0)
        case .assertEqual:
            guard arguments.count == 2 else { return bad }
            if arguments[0] == arguments[1] { return .returned(.null, gasUsed: 0) }
            let text = ValueText(program: program, chain: self)
            return .failed("assertEqual failed\nactual:   \(text.render(arguments[0]))\nexpected: \(text.render(arguments[1]))", gasUsed: 0)
        }
    }

    /// Moves the block forward and fires the process timers that became due, contract by contract
    /// in deploy order.
    private func advance(blocks: Decimal18, seconds secondsValue: ContractValue, gas: Int64) -> HostCallResult {
        var seconds = Decimal18.zero
        if case .number(let given) = secondsValue { seconds = given }
        guard let blockCount = blocks.int64Value, blockCount >= 0, let secondCount = seconds.int64Value, secondCount >= 0 else {
            return .failed("testing.advance: blocks and seconds must be whole numbers, not negative", gasUsed: 0)
        }
        guard case (let height, false) = base.block.height.addingReportingOverflow(blockCount),
              case (let time, false) = base.block.time.addingReportingOverflow(secondCount) else {
            return .failed("testing.advance: the block height or time would overflow", gasUsed: 0)
        }
        base.block = BlockContext(height: height, time: time)
        var used: Int64 = 0
        for contract in deployed {
            // Each contract's timers belong to its own program's process engine.
            guard let code = code[contract], let workflow = code.workflow else { continue }
            let saved = (processService, ruleService)
            (processService, ruleService) = (code.workflow, code.rules)
            let fired = workflow.fireDueTimers(contract: contract, host: self, gasLimit: max(gas - used, 0))
            (processService, ruleService) = saved
            used += fired.gasUsed
            if let (instance, reason) = fired.failures.first {
                return .failed("testing.advance: a timer of process instance \(instance) of \(describe(contract)) failed: \(reason)", gasUsed: used)
            }
        }
        return .returned(.null, gasUsed: min(used, gas))
    }

    /// Runs the webhook handler `name` with the payload's entries as its parameters, by name.
    private func deliverWebhook(_ target: Address, _ name: String, _ payload: [ContractValue.MapEntry], gas: Int64) -> HostCallResult {
        let entryName = "webhook:\(name)"
        guard let program = code[target]?.program else { return .failed("no contract is deployed at \(describe(target))", gasUsed: 0) }
        guard let entry = program.module.module.entryPoint(named: entryName) else {
            return .failed("testing.deliverWebhook: the contract has no webhook handler '\(name)'", gasUsed: 0)
        }
        var values: [String: ContractValue] = [:]
        for item in payload {
            guard case .string(let key) = item.key else { return .failed("testing.deliverWebhook: payload keys must be strings", gasUsed: 0) }
            guard entry.parameters.contains(where: { $0.name == key }) else {
                let names = entry.parameters.map(\.name).joined(separator: ", ")
                return .failed("testing.deliverWebhook: webhook '\(name)' has no parameter '\(key)' (it takes \(names.isEmpty ? "none" : names))",
                               gasUsed: 0)
            }
            values[key] = item.value
        }
        var arguments: [ContractValue] = []
        for parameter in entry.parameters {
            guard let value = values[parameter.name] else {
                return .failed("testing.deliverWebhook: the payload has no '\(parameter.name)' for webhook '\(name)'", gasUsed: 0)
            }
            guard value.conforms(to: parameter.type, classes: program.module.module) else {
                return .failed("testing.deliverWebhook: '\(parameter.name)' must be \(parameter.type), not \(value)", gasUsed: 0)
            }
            arguments.append(value)
        }
        return contractCall(target: target, entry: entryName, arguments: arguments, sender: sender, value: .zero, fromTest: true, gas: gas)
    }

    /// Runs the action (function `index` of the module, its captured values as arguments) in a
    /// nested call that must revert; the revert undoes the action's changes.
    private func expectRevert(_ index: Decimal18, captures: [ContractValue], reason: ContractValue, gas: Int64) -> HostCallResult {
        guard let number = index.int64Value, number >= 0, number < Int64(program.module.module.functions.count) else {
            return .failed("expectRevert: no such action", gasUsed: 0)
        }
        // Each action runs in a nested VM call: bound the nesting (a helper that calls itself
        // through expectRevert) like nested contract calls.
        guard expecting < Self.maxDepth else { return .failed("expectRevert nested too deeply", gasUsed: 0) }
        var expected: String?
        if case .string(let text) = reason { expected = text }
        expecting += 1
        let outcome = VM.call(program, function: FunctionIndex(UInt16(truncatingIfNeeded: number)), arguments: captures,
                              context: CallContext(contract: Self.runner, sender: Self.runner), host: self, limits: ExecutionLimits(gasLimit: max(gas, 0)))
        expecting -= 1
        let wanted = expected.map { " with a reason containing \"\($0)\"" } ?? ""
        let actual: String
        switch outcome.status {
        case .returned:
            return .failed("expectRevert: expected a revert\(wanted), but the action did not revert", gasUsed: outcome.gasUsed)
        case .reverted(let text):
            actual = text
        case .trapped(let trap):
            // A failed assertion (or other test built-in) inside the action fails the test.
            if case .hostFailure(let message) = trap.reason { return .failed(message, gasUsed: outcome.gasUsed) }
            actual = trap.reason.description
        }
        if let expected, !actual.contains(expected) {
            return .failed("expectRevert: expected a revert\(wanted), but it reverted with \"\(actual)\"", gasUsed: outcome.gasUsed)
        }
        return .returned(.null, gasUsed: outcome.gasUsed)
    }
}

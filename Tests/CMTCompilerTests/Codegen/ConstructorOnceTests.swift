import CMTBytecode
import CMTCompiler
import CMTSource
import CMTVM
import Testing

/// A constructor runs once, at deployment: no call can run it again on deployed state (issue 10).
@Suite struct ConstructorOnceTests {
    static let source = """
        contract Counter {
            count: number = 0;
            constructor(start: number) { count = start; }
            public function increase(): number { count += 1; return count; }
        }
        """

    @Test("calling the constructor of a deployed contract is refused and leaves its state alone")
    func directCallRefused() throws {
        let contract = try DeployedContract(Self.source, constructorArguments: [.int(5)])
        #expect(contract.deployOutcome.returnValue == .null)
        #expect(contract.call("increase").returnValue == .int(6))
        let again = contract.call("constructor", [.int(0)])
        guard case .trapped(let trap) = again.status else {
            Issue.record("the constructor ran again: \(again.status)")
            return
        }
        #expect(trap.reason.description.contains("only when the contract is deployed"))
        #expect(contract.call("increase").returnValue == .int(7))
    }

    @Test("another contract cannot call the constructor through the host")
    func contractCallRefused() throws {
        let contract = try DeployedContract(Self.source, constructorArguments: [.int(5)])
        let result = contract.host.call(caller: Address.named("other"), target: contractAddress, function: "constructor",
                                        arguments: [.int(0)], gas: 1_000_000)
        guard case .failed(let message, _) = result else {
            Issue.record("the constructor ran again: \(result)")
            return
        }
        #expect(message.contains("only when the contract is deployed"))
        #expect(contract.call("increase").returnValue == .int(6))
    }

    @Test("deploying checks the constructor's arguments like any entry point")
    func deployChecksArguments() throws {
        let contract = try DeployedContract(Self.source, constructorArguments: [.string("five")])
        guard case .trapped(let trap) = contract.deployOutcome.status else {
            Issue.record("a mistyped constructor argument deployed: \(contract.deployOutcome.status)")
            return
        }
        #expect(trap.reason.description.contains("arguments do not match 'constructor'"))
    }
}

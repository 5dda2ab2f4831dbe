import CMTBytecode
import CMTCompiler
import CMTSource
import CMTVM
import Testing

/// `event Transfer(indexed from: address, indexed to: address, amount: number)`: indexed fields
/// reach the host apart from the data (topics), so events can be filtered by them.
@Suite struct IndexedEventTests {
    static let token = """
        contract Token {
            balances: Map<address, number> = new Map<address, number>();

            event Transfer(indexed from: address, indexed to: address, amount: number);
            event Note(text: string);

            constructor() {
                balances.set(msg.sender, 100);
            }

            public function send(to: address, amount: number): void {
                const mine = balances.get(msg.sender) ?? 0;
                require(mine >= amount, "not enough");
                balances.set(msg.sender, mine - amount);
                balances.set(to, (balances.get(to) ?? 0) + amount);
                emit Transfer(msg.sender, to, amount);
                emit Note("sent");
            }
        }
        """

    @Test("events are filtered by an indexed field; the data still holds every field")
    func filterByIndexedField() throws {
        let token = try DeployedContract(Self.token)
        #expect(token.deployOutcome.returnValue == .null, "\(token.deployOutcome.status)")
        let bob = Address.named("bob")
        let carol = Address.named("carol")
        #expect(token.call("send", [.address(bob), .int(10)]).returnValue == .null)
        #expect(token.call("send", [.address(carol), .int(20)]).returnValue == .null)
        #expect(token.call("send", [.address(carol), .int(5)], sender: bob).returnValue == .null)
        #expect(token.call("send", [.address(bob), .int(1)]).returnValue == .null)

        let toBob = token.host.events(named: "Transfer", topic: 1, equals: .address(bob))
        #expect(toBob.count == 2)
        let amounts = toBob.compactMap { event -> ContractValue? in
            guard case .map(let entries)? = ValueCodec.decode(event.fields) else { return nil }
            return entries.first { $0.key == .string("amount") }?.value
        }
        #expect(amounts == [.int(10), .int(1)])
        let fromBob = token.host.events(named: "Transfer", topic: 0, equals: .address(bob), contract: contractAddress)
        #expect(fromBob.count == 1)
        #expect(fromBob.first?.topics == [ValueCodec.encode(.address(bob)), ValueCodec.encode(.address(carol))])
        // An event without indexed fields has no topics; a topic past the indexed ones matches nothing.
        #expect(token.host.events.filter { $0.name == "Note" }.allSatisfy { $0.topics.isEmpty })
        #expect(token.host.events(named: "Transfer", topic: 2, equals: .int(10)).isEmpty)
    }

    @Test("an indexed field must be a scalar (E0292) and an event has at most three (E0293)")
    func indexedChecks() {
        func codes(_ text: String) -> [String] { Frontend.check(text: text).0.diagnostics.map(\.code) }
        #expect(codes("contract C { event E(indexed xs: number[]); }") == ["E0292"])
        #expect(codes("contract C { event E(indexed a: number, indexed b: string, indexed c: boolean, indexed d: address); }") == ["E0293"])
        #expect(codes("contract C { event E(indexed a: number?, indexed b: bytes, c: number[]); }") == [])
        // `indexed` alone is still a field name.
        #expect(codes("contract C { event E(indexed: number); }") == [])
    }

    @Test("cmtc fmt keeps `indexed`")
    func formatting() throws {
        let text = "contract C {\n    event E(indexed from: address, amount: number);\n}\n"
        let result = Formatter.format(FormatterTestSupport.sourceFile(text))
        #expect(result.text == text)
    }
}

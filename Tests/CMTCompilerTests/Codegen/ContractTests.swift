import CMTBytecode
import CMTCompiler
import CMTSource
import CMTVM
import Testing

/// Contracts deployed on the in-memory chain: state across calls, rollback, events, context.
@Suite struct ContractTests {
    static let counter = """
        contract Counter {
            count: number = 10;
            owner: address;
            log: string[] = [];
            event Increased(by: address, count: number);
            constructor(start: number) {
                this.owner = msg.sender;
                count += start;
            }
            public function increase(step: number): number {
                require(step > 0, "step must be positive");
                this.count += step;
                log.push("+" + step);
                emit Increased(msg.sender, this.count);
                return this.count;
            }
            public function history(): string {
                return log.join(" ") + " by " + owner;
            }
            public function failAfterChange(): void {
                count = 999;
                revert("no");
            }
            webhook paid(amount: number) {
                this.count += amount;
            }
        }
        """

    @Test("state set by the constructor persists across calls")
    func statePersists() throws {
        let contract = try DeployedContract(Self.counter, constructorArguments: [.int(5)])
        #expect(contract.deployOutcome.returnValue == .null)
        #expect(contract.call("increase", [.int(2)]).returnValue == .int(17))
        #expect(contract.call("increase", [.int(3)]).returnValue == .int(20))
        #expect(contract.call("history").returnValue == .string("+2 +3 by \(caller.text)"))
    }

    @Test("a revert undoes the call's state changes")
    func revertRollsBack() throws {
        let contract = try DeployedContract(Self.counter, constructorArguments: [.int(0)])
        #expect(contract.call("increase", [.int(0)]).status == .reverted(reason: "step must be positive"))
        #expect(contract.call("failAfterChange").status == .reverted(reason: "no"))
        #expect(contract.call("increase", [.int(1)]).returnValue == .int(11))
    }

    @Test("running out of gas undoes the call's state changes and still charges the gas")
    func outOfGasRollsBack() throws {
        let source = """
            contract Spinner {
                count: number = 0;
                public function spin(): void {
                    count = 42;
                    while (true) { count += 1; }
                }
                public function current(): number { return count; }
            }
            """
        let contract = try DeployedContract(source)
        let outcome = contract.call("spin")
        guard case .trapped(let trap) = outcome.status else {
            Issue.record("expected a trap, got \(outcome.status)")
            return
        }
        #expect(trap.reason == .outOfGas)
        #expect(outcome.gasUsed > 9_000_000)
        #expect(contract.call("current").returnValue == .int(0))
    }

    @Test("two chains running the same calls end with the same state bytes and gas")
    func deterministicState() throws {
        func play() throws -> ([(key: [UInt8], value: [UInt8])], [Int64]) {
            let contract = try DeployedContract(Self.counter, constructorArguments: [.int(3)])
            var gas: [Int64] = []
            for step in [1, 2, 3, 0] { gas.append(contract.call("increase", [.int(Int64(step))]).gasUsed) }
            gas.append(contract.call("webhook:paid", [.number(try #require(Decimal18(literal: "0.5")))]).gasUsed)
            return (contract.host.storageEntries(of: contractAddress), gas)
        }
        let (firstState, firstGas) = try play()
        let (secondState, secondGas) = try play()
        #expect(firstGas == secondGas)
        #expect(firstState.map(\.key) == secondState.map(\.key))
        #expect(firstState.map(\.value) == secondState.map(\.value))
        #expect(!firstState.isEmpty)
    }

    @Test("files: put gives the IPFS content id, get and has find the bytes, and a revert stores nothing")
    func files() throws {
        let source = """
            contract Vault {
                last: string = "";
                public function store(text: string): string {
                    last = files.put(text.toBytes());
                    return last;
                }
                public function storeAndFail(text: string): void {
                    files.put(text.toBytes());
                    revert("no");
                }
                public function read(cid: string): string {
                    let data = files.get(cid);
                    return (files.has(cid) ? "has " : "missing ") + (data?.toHex() ?? "-");
                }
            }
            """
        let contract = try DeployedContract(source)
        let cid = "bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq"  // aleph-cid of "hello"
        #expect(contract.call("store", [.string("hello")]).returnValue == .string(cid))
        #expect(contract.call("read", [.string(cid)]).returnValue == .string("has 68656c6c6f"))
        #expect(contract.call("storeAndFail", [.string("gone")]).status == .reverted(reason: "no"))
        #expect(contract.host.files.count == 1)
        #expect(contract.call("read", [.string("bafkreinothere")]).returnValue == .string("missing -"))
    }

    @Test("emit records an event with the contract's fields")
    func events() throws {
        let contract = try DeployedContract(Self.counter, constructorArguments: [.int(0)])
        _ = contract.call("increase", [.int(4)])
        let event = try #require(contract.host.events.last)
        #expect(event.name == "Increased")
        #expect(ValueCodec.decode(event.fields)?.description == "{by: \(caller.text), count: 14}")
    }

    @Test("webhook handlers are entry points named webhook:NAME")
    func webhooks() throws {
        let contract = try DeployedContract(Self.counter, constructorArguments: [.int(0)])
        #expect(contract.call("webhook:paid", [.int(7)]).returnValue == .null)
        #expect(contract.call("increase", [.int(1)]).returnValue == .int(18))
    }

    @Test("the ABI lists the public functions with their types")
    func abi() throws {
        let module = try #require(try compile(Self.counter).module)
        let names = module.entryPoints.map(\.name).sorted()
        #expect(names == ["constructor", "failAfterChange", "history", "increase", "webhook:paid"])
        let increase = try #require(module.entryPoint(named: "increase"))
        #expect(increase.parameters.map(\.type) == [.number])
        #expect(increase.returnType == .number)
    }

    @Test("load_rules paths are checked against the program's rule files")
    func ruleFilesChecked() {
        let sources = SourceManager()
        let file = sources.add(path: "p.cmt", text: """
            class Message { price: number = 0; }
            contract Pricing {
                public function quote(): number {
                    engine = load_rules("pricng.rl");
                    m = new Message();
                    engine.send(m);
                    return m.price;
                }
            }
            """)
        let output = Compiler.compile([file], sources: sources, options: Compiler.Options(ruleFiles: ["pricing.rl"]))
        #expect(output.diagnostics.map(\.message.id.code) == ["E0507"])
        #expect(output.diagnostics.first?.message.text == "no rule file 'pricng.rl' in this program; it has 'pricing.rl'")
    }

    @Test("a rule session kept inside an array, map or object of a state field is E0512; a RuleSession field is fine")
    func sessionsInsideStateValues() {
        let sources = SourceManager()
        let file = sources.add(path: "s.cmt", text: """
            class Holder { session: RuleSession? = null; }
            contract Keeper {
                one: RuleSession? = null;
                many: RuleSession[] = [];
                byName: Map<string, RuleSession> = new Map();
                holder: Holder? = null;
            }
            """)
        let output = Compiler.compile([file], sources: sources, options: Compiler.Options(ruleFiles: []))
        #expect(output.diagnostics.map(\.message.id.code) == ["E0512", "E0512", "E0512"])
        #expect(output.diagnostics.first?.message.text
                == "state field 'many' would keep a rule session inside another value; only a field of type 'RuleSession' or 'RuleSession?' stores a session for later calls")
    }
}

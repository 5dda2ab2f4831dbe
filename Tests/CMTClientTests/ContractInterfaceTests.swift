import CMTBytecode
import CMTChain
import CMTClient
import CMTNode
import CMTVM
import Testing

/// Command-line arguments read against a contract's ABI (`cmt-abi/1`) and encoded as a call carries them.
@Suite("Contract interface from the ABI")
struct ContractInterfaceTests {
    static let abiText = """
        {"format":"cmt-abi/1","contract":"LoanMarket","constructor":[],
         "functions":[
           {"name":"offerToBorrow","parameters":[{"name":"amount","type":"number"},{"name":"termMonths","type":"number"},{"name":"maxRate","type":"number"}],"returns":"string"},
           {"name":"creditScore","parameters":[{"name":"who","type":"address"}],"returns":"number"},
           {"name":"tag","parameters":[{"name":"names","type":"string[]"},{"name":"note","type":"string?"},{"name":"flag","type":"boolean"}],"returns":"void"},
           {"name":"adopt","parameters":[{"name":"offer","type":"Offer"}],"returns":"void"},
           {"name":"count","parameters":[],"returns":"number"}],
         "events":[{"name":"Offered","fields":[{"name":"id","type":"string"},{"name":"owner","type":"address","indexed":true}]}],
         "webhooks":[],"classes":[]}
        """

    static func interface() throws -> ContractInterface { try ContractInterface(abi: try JSONReader().read(Array(abiText.utf8))) }

    @Test("arguments are read by their parameter types and encoded as one array")
    func argumentsAreEncodedByType() throws {
        let interface = try Self.interface()
        #expect(interface.name == "LoanMarket")
        let bytes = try interface.encodeArguments(of: try interface.function("offerToBorrow"), ["1200", "12", "7.5"])
        #expect(ValueCodec.decode(bytes) == .array([.number(Decimal18(literal: "1200")!), .number(Decimal18(literal: "12")!), .number(Decimal18(literal: "7.5")!)]))
        let who = DevAccounts.key(1).address
        let encoded = try interface.encodeArguments(of: try interface.function("creditScore"), [who.text])
        #expect(encoded == ValueCodec.encode(.array([.address(who)])))
        let tagged = try interface.encodeArguments(of: try interface.function("tag"), [#"["a","b"]"#, "null", "true"])
        #expect(ValueCodec.decode(tagged) == .array([.array([.string("a"), .string("b")]), .null, .boolean(true)]))
        #expect(try interface.encodeArguments(of: try interface.function("count"), []) == [])
        #expect(interface.events == [ContractInterface.Event(name: "Offered", fields: [
            .init(name: "id", type: "string", indexed: false), .init(name: "owner", type: "address", indexed: true),
        ])])
    }

    @Test("a wrong count, a value of another type and a class parameter are C008; an unknown function C007")
    func badArgumentsAreRefused() throws {
        let interface = try Self.interface()
        let borrow = try interface.function("offerToBorrow")
        let count = #expect(throws: ClientError.self) { try interface.encodeArguments(of: borrow, ["1200"]) }
        #expect(count?.code == .badArgument)
        #expect(count?.message == "offerToBorrow(amount: number, termMonths: number, maxRate: number) takes 3 arguments, got 1")
        let type = #expect(throws: ClientError.self) { try interface.encodeArguments(of: borrow, ["1200", "twelve", "7"]) }
        #expect(type?.code == .badArgument)
        #expect(type?.message.hasPrefix("argument termMonths (number):") == true)
        let address = #expect(throws: ClientError.self) { try interface.encodeArguments(of: try interface.function("creditScore"), ["cmt1nope"]) }
        #expect(address?.code == .badArgument)
        let object = #expect(throws: ClientError.self) { try interface.encodeArguments(of: try interface.function("adopt"), ["{}"]) }
        #expect(object?.message == "parameter offer has type Offer, which cannot be given on the command line")
        let unknown = #expect(throws: ClientError.self) { try interface.function("lend") }
        #expect(unknown?.code == .unknownFunction)
        #expect(unknown?.message == "LoanMarket has no function 'lend' (it has: offerToBorrow, creditScore, tag, adopt, count)")
    }

    @Test("an ABI of another format or shape is C002")
    func badABIIsRefused() throws {
        for text in [#"{"format":"cmt-abi/2"}"#, #"[]"#, #"{"format":"cmt-abi/1","functions":[{"parameters":[]}]}"#] {
            let error = #expect(throws: ClientError.self) { try ContractInterface(abi: try JSONReader().read(Array(text.utf8))) }
            #expect(error?.code == .badResponse, "\(text)")
        }
    }
}

import CMTBytecode
import CMTVM
import Testing

/// One program per instruction (or pair), with the value `main` returns.
struct InstructionCase: CustomTestStringConvertible, Sendable {
    var name: String
    var code: String
    var expected: ContractValue
    var testDescription: String { name }
}

let instructionCases: [InstructionCase] = [
    .init(name: "nop, move", code: "loadI r1, 7\n nop\n move r0, r1", expected: .int(7)),
    .init(name: "loadK number", code: "loadK r0, #1.25", expected: number("1.25")),
    .init(name: "loadK string", code: "loadK r0, \"hi\"", expected: .string("hi")),
    .init(name: "loadK bytes", code: "loadK r0, bytes\"00ff\"", expected: .bytes([0, 255])),
    .init(name: "loadK address", code: "loadK r0, addr\"\(Address.named("a").text)\"", expected: .address(Address.named("a"))),
    .init(name: "loadI negative", code: "loadI r0, -5", expected: .int(-5)),
    .init(name: "loadNull", code: "loadI r0, 1\n loadNull r0", expected: .null),
    .init(name: "loadBool", code: "loadBool r0, 1", expected: .boolean(true)),
    .init(name: "loadFunc, toStr of a function", code: "loadFunc r1, f0\n toStr r0, r1", expected: .string("<function main>")),
    .init(name: "add", code: "loadI r1, 2\n loadI r2, 3\n add r0, r1, r2", expected: .int(5)),
    .init(name: "add decimals: 0.1 + 0.2", code: "loadK r1, #0.1\n loadK r2, #0.2\n add r0, r1, r2", expected: number("0.3")),
    .init(name: "add promotes past Int64", code: "loadK r1, #9223372036854775807\n addI r0, r1, 1", expected: number("9223372036854775808")),
    .init(name: "sub", code: "loadI r1, 2\n loadI r2, 3\n sub r0, r1, r2", expected: .int(-1)),
    .init(name: "mul 100 * 0.8", code: "loadI r1, 100\n loadK r2, #0.8\n mul r0, r1, r2", expected: .int(80)),
    .init(name: "div exact", code: "loadI r1, 9\n loadI r2, 3\n div r0, r1, r2", expected: .int(3)),
    .init(name: "div fraction", code: "loadI r1, 1\n loadI r2, 4\n div r0, r1, r2", expected: number("0.25")),
    .init(name: "mod", code: "loadI r1, -7\n loadI r2, 3\n mod r0, r1, r2", expected: .int(-1)),
    .init(name: "addK", code: "loadI r1, 1\n addK r0, r1, #0.5", expected: number("1.5")),
    .init(name: "subK", code: "loadI r1, 1\n subK r0, r1, #0.5", expected: number("0.5")),
    .init(name: "mulK", code: "loadI r1, 3\n mulK r0, r1, #0.5", expected: number("1.5")),
    .init(name: "divK", code: "loadI r1, 3\n divK r0, r1, #2", expected: number("1.5")),
    .init(name: "modK", code: "loadI r1, 7\n modK r0, r1, #2.5", expected: number("2")),
    .init(name: "addI", code: "loadI r1, 1\n addI r0, r1, -3", expected: .int(-2)),
    .init(name: "mulI", code: "loadI r1, 6\n mulI r0, r1, -3", expected: .int(-18)),
    .init(name: "neg", code: "loadK r1, #2.5\n neg r0, r1", expected: number("-2.5")),
    .init(name: "numOp floor", code: "loadK r1, #-2.5\n numOp r0, r1, floor", expected: .int(-3)),
    .init(name: "numOp ceil", code: "loadK r1, #-2.5\n numOp r0, r1, ceil", expected: .int(-2)),
    .init(name: "numOp round", code: "loadK r1, #2.5\n numOp r0, r1, round", expected: .int(3)),
    .init(name: "numOp round negative half", code: "loadK r1, #-2.5\n numOp r0, r1, round", expected: .int(-3)),
    .init(name: "numOp abs", code: "loadK r1, #-2.5\n numOp r0, r1, abs", expected: number("2.5")),
    .init(name: "numOp trunc", code: "loadK r1, #-2.5\n numOp r0, r1, trunc", expected: .int(-2)),
    .init(name: "eq strings by value", code: "loadK r1, \"ab\"\n loadK r2, \"a\"\n loadK r3, \"b\"\n concat r2, r2, r3\n eq r0, r1, r2", expected: .boolean(true)),
    .init(name: "eq decimals by value", code: "loadK r1, #0.3\n loadK r2, #0.1\n addK r2, r2, #0.2\n eq r0, r1, r2", expected: .boolean(true)),
    .init(name: "eq arrays by identity", code: "newArray r1, 0\n newArray r2, 0\n eq r0, r1, r2", expected: .boolean(false)),
    .init(name: "ne", code: "loadI r1, 1\n loadBool r2, 1\n ne r0, r1, r2", expected: .boolean(true)),
    .init(name: "lt numbers", code: "loadK r1, #1.5\n loadI r2, 2\n lt r0, r1, r2", expected: .boolean(true)),
    .init(name: "le strings", code: "loadK r1, \"abc\"\n loadK r2, \"abd\"\n le r0, r1, r2", expected: .boolean(true)),
    .init(name: "not", code: "loadBool r1, 0\n not r0, r1", expected: .boolean(true)),
    .init(name: "isNull", code: "isNull r0, r5", expected: .boolean(true)),
    .init(name: "jump", code: "loadI r0, 1\n jump l\n loadI r0, 2\nl: nop", expected: .int(1)),
    .init(name: "jumpIf", code: "loadI r0, 1\n loadBool r1, 1\n jumpIf r1, l\n loadI r0, 2\nl: nop", expected: .int(1)),
    .init(name: "jumpIfNot", code: "loadI r0, 1\n loadBool r1, 1\n jumpIfNot r1, l\n loadI r0, 2\nl: nop", expected: .int(2)),
    .init(name: "jumpLt", code: "loadI r0, 1\n loadI r1, 2\n jumpLt r0, r1, l\n loadI r0, 9\nl: nop", expected: .int(1)),
    .init(name: "jumpLe", code: "loadI r0, 2\n loadI r1, 2\n jumpLe r0, r1, l\n loadI r0, 9\nl: nop", expected: .int(2)),
    .init(name: "jumpEq", code: "loadK r0, \"x\"\n loadK r1, \"x\"\n jumpEq r0, r1, l\n loadI r0, 9\nl: nop", expected: .string("x")),
    .init(name: "jumpNe", code: "loadI r0, 1\n loadI r1, 1\n jumpNe r0, r1, l\n loadI r0, 9\nl: nop", expected: .int(9)),
    .init(name: "jumpLtI", code: "loadI r0, 1\n jumpLtI r0, 2, l\n loadI r0, 9\nl: nop", expected: .int(1)),
    .init(name: "jumpLeI", code: "loadK r0, #2.5\n jumpLeI r0, 2, l\n loadI r0, 9\nl: nop", expected: .int(9)),
    .init(name: "jumpGtI", code: "loadK r0, #2.5\n jumpGtI r0, 2, l\n loadI r0, 9\nl: nop", expected: number("2.5")),
    .init(name: "jumpGeI", code: "loadI r0, 2\n jumpGeI r0, 2, l\n loadI r0, 9\nl: nop", expected: .int(2)),
    .init(name: "jumpEqI", code: "loadI r0, 3\n jumpEqI r0, 3, l\n loadI r0, 9\nl: nop", expected: .int(3)),
    .init(name: "jumpNeI", code: "loadI r0, 3\n jumpNeI r0, 3, l\n loadI r0, 9\nl: nop", expected: .int(9)),
    .init(name: "concat number and string", code: "loadK r1, \"n=\"\n loadK r2, #1.50\n concat r0, r1, r2", expected: .string("n=1.5")),
    .init(name: "concat bytes, boolean, null and integer",
          code: "loadK r1, bytes\"00ff\"\n loadBool r2, 0\n concat r1, r1, r2\n loadNull r2\n concat r1, r1, r2\n loadI r2, -12\n concat r0, r1, r2",
          expected: .string("0x00fffalsenull-12")),
    .init(name: "toStr", code: "loadBool r1, 1\n toStr r0, r1", expected: .string("true")),
    .init(name: "len string counts scalars", code: "loadK r1, \"héllo\"\n len r0, r1", expected: .int(5)),
    .init(name: "newArray, push, len", code: "newArray r1, 2\n loadI r2, 4\n push r1, r2\n push r1, r2\n push r1, r2\n len r0, r1", expected: .int(3)),
    .init(name: "pop", code: "newArray r1, 0\n loadI r2, 4\n push r1, r2\n pop r0, r1", expected: .int(4)),
    .init(name: "pop of an empty array is null", code: "newArray r1, 0\n loadI r0, 1\n pop r0, r1", expected: .null),
    .init(name: "getIndex, setIndex", code: "newArray r1, 0\n loadI r2, 0\n loadI r3, 8\n setIndex r1, r2, r3\n loadI r3, 9\n setIndex r1, r2, r3\n getIndex r0, r1, r2", expected: .int(9)),
    .init(name: "newMap, setIndex, getIndex missing is null", code: "newMap r1\n loadK r2, \"k\"\n getIndex r0, r1, r2", expected: .null),
    .init(name: "map keeps insertion order", code: "newMap r0\n loadK r1, \"b\"\n loadI r2, 1\n setIndex r0, r1, r2\n loadK r1, \"a\"\n setIndex r0, r1, r2\n loadK r1, \"b\"\n loadI r2, 3\n setIndex r0, r1, r2", expected: .map([.init(key: .string("b"), value: .int(3)), .init(key: .string("a"), value: .int(1))])),
    .init(name: "mapHas", code: "newMap r1\n loadI r2, 1\n setIndex r1, r2, r2\n mapHas r0, r1, r2", expected: .boolean(true)),
    .init(name: "mapDelete and len", code: "newMap r1\n loadI r2, 1\n setIndex r1, r2, r2\n loadI r3, 2\n setIndex r1, r3, r3\n mapDelete r4, r1, r2\n len r0, r1", expected: .int(1)),
    .init(name: "mapKeys", code: "newMap r1\n loadI r2, 2\n setIndex r1, r2, r2\n loadBool r3, 1\n setIndex r1, r3, r2\n mapKeys r0, r1", expected: .array([.int(2), .boolean(true)])),
    .init(name: "mapValues", code: "newMap r1\n loadI r2, 2\n loadK r3, \"v\"\n setIndex r1, r2, r3\n mapValues r0, r1", expected: .array([.string("v")])),
    .init(name: "newObject, setField, getField", code: "newObject r1, Point\n loadI r2, 5\n setField r1, 1, r2\n getField r0, r1, 1", expected: .int(5)),
    .init(name: "object result", code: "newObject r0, Point", expected: .object(classIndex: 0, fields: [.null, .null])),
    .init(name: "unwrap", code: "loadI r1, 4\n unwrap r0, r1", expected: .int(4)),
    .init(name: "call passes arguments in place", code: "loadI r2, 20\n loadI r3, 22\n call r2, sum, 2\n move r0, r2", expected: .int(42)),
    .init(name: "callRef", code: "loadFunc r1, sum\n loadI r2, 1\n loadI r3, 2\n callRef r2, r1, 2\n move r0, r2", expected: .int(3)),
    .init(name: "retNull from a callee", code: "call r1, nothing, 0\n move r0, r1", expected: .null),
    .init(name: "host sender", code: "host r0, sender, 0", expected: .address(Address.named("user"))),
    .init(name: "host value", code: "host r0, value, 0", expected: .int(5)),
    .init(name: "host blockHeight", code: "host r0, blockHeight, 0", expected: .int(1)),
    .init(name: "host selfAddress", code: "host r0, selfAddress, 0", expected: .address(Address.named("contract"))),
    .init(name: "host sha256", code: "loadK r0, \"\"\n host r0, sha256, 1\n len r0, r0", expected: .int(32)),
    .init(name: "getGlobal starts null", code: "loadI r0, 1\n getGlobal r0, counter", expected: .null),
    .init(name: "setGlobal, getGlobal", code: "loadI r1, 3\n setGlobal r1, counter\n getGlobal r0, counter", expected: .int(3)),
    .init(name: "intrinsic", code: "loadK r1, \"a,b\"\n loadK r2, \",\"\n intrinsic r1, stringSplit, 2\n len r0, r1", expected: .int(2)),
    .init(name: "closure, callRef with a capture", code: "loadI r1, 10\n closure r2, addCaptured, r1\n loadI r3, 5\n callRef r3, r2, 1\n move r0, r3", expected: .int(15)),
    .init(name: "require that holds", code: "loadBool r1, 1\n loadK r2, \"no\"\n require r1, r2\n loadI r0, 1", expected: .int(1)),
]

@Suite struct InstructionTests {
    @Test("each instruction computes its documented result", arguments: instructionCases)
    func instruction(_ testCase: InstructionCase) throws {
        let source = ".class Point x y\n.global counter\n" + body(testCase.code) + """
            .func sum 2
                add r0, r0, r1
                ret r0
            .func nothing 0
                retNull
            .func addCaptured 2 captures=1
                add r0, r0, r1
                ret r0
            """
        let outcome = try run(source)
        #expect(outcome.returnValue == testCase.expected, "\(outcome.status)")
    }

    @Test("every opcode except the loader's gas is covered by an instruction case")
    func coverage() throws {
        var seen = Set<String>()
        for testCase in instructionCases {
            for line in testCase.code.split(separator: "\n") {
                var text = line.split(separator: ":").count > 1 && !line.contains("\"") ? String(line.split(separator: ":")[1]) : String(line)
                text = text.trimmingCharacters(in: " ")
                if let word = text.split(separator: " ").first { seen.insert(String(word)) }
            }
        }
        seen.formUnion(["ret", "retNull", "call", "revert", "sload", "sstore", "gas"])
        let missing = Opcode.allCases.map(\.name).filter { !seen.contains($0) }
        #expect(missing.isEmpty, "untested: \(missing)")
    }

    @Test("print writes the canonical text of a value to the host output")
    func print() throws {
        let host = InMemoryHost()
        _ = try run(body("loadK r1, #80.0\n host r1, print, 1"), host: host)
        #expect(host.output == ["80"])
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var slice = Substring(self)
        while slice.first == set { slice = slice.dropFirst() }
        while slice.last == set { slice = slice.dropLast() }
        return String(slice)
    }
}

import CMTBytecode
import CMTVM
import Testing

/// An argument of an intrinsic test: an assembler constant operand (`#1.5`, `"text"`,
/// `bytes"00ff"`), null, or an array of constant operands.
enum IntrinsicArgument: Sendable, CustomStringConvertible {
    case k(String)
    case null
    case array([String])

    var description: String {
        switch self {
        case .k(let text): text
        case .null: "null"
        case .array(let elements): "[" + elements.joined(separator: ", ") + "]"
        }
    }
}

/// Runs `intrinsic operation` on `arguments` (in r1, r2, …) and returns the outcome; the result
/// is `main`'s return value. `after` runs extra lines before returning r0 (r1 holds the result).
func runIntrinsic(
    _ operation: String, _ arguments: [IntrinsicArgument], after: String = "move r0, r1", gas: Int64 = 1_000_000
) throws -> CallOutcome {
    var lines: [String] = []
    for (index, argument) in arguments.enumerated() {
        let register = "r\(index + 1)"
        switch argument {
        case .k(let operand): lines.append("loadK \(register), \(operand)")
        case .null: lines.append("loadNull \(register)")
        case .array(let elements):
            lines.append("newArray \(register), 0")
            for element in elements {
                lines.append(element == "null" ? "loadNull r9" : "loadK r9, \(element)")
                lines.append("push \(register), r9")
            }
        }
    }
    lines.append("intrinsic r1, \(operation), \(arguments.count)")
    lines.append(after)
    return try run(body(lines.joined(separator: "\n"), registers: 12), gas: gas)
}

/// One intrinsic call and its expected result.
struct IntrinsicCase: CustomTestStringConvertible, Sendable {
    var operation: String
    var arguments: [IntrinsicArgument]
    var expected: ContractValue
    var testDescription: String { "\(operation)(\(arguments.map(\.description).joined(separator: ", "))) == \(expected)" }
    init(_ operation: String, _ arguments: [IntrinsicArgument], _ expected: ContractValue) {
        self.operation = operation
        self.arguments = arguments
        self.expected = expected
    }
}

func strings(_ values: String...) -> ContractValue { .array(values.map(ContractValue.string)) }

let stringIntrinsicCases: [IntrinsicCase] = [
    .init("stringSlice", [.k("\"hello\""), .k("#1"), .k("#3")], .string("el")),
    .init("stringSlice", [.k("\"hello\""), .k("#1"), .null], .string("ello")),
    .init("stringSlice", [.k("\"hello\""), .k("#-3"), .null], .string("llo")),
    .init("stringSlice", [.k("\"hello\""), .k("#-3"), .k("#-1")], .string("ll")),
    .init("stringSlice", [.k("\"hello\""), .k("#-99"), .k("#99")], .string("hello")),
    .init("stringSlice", [.k("\"hello\""), .k("#4"), .k("#2")], .string("")),
    .init("stringSlice", [.k("\"hello\""), .k("#1e20"), .null], .string("")),
    .init("stringSlice", [.k("\"\""), .k("#0"), .null], .string("")),
    .init("stringSlice", [.k("\"héllo→😀!\""), .k("#1"), .k("#-1")], .string("éllo→😀")),
    .init("stringSlice", [.k("\"héllo→😀!\""), .k("#6"), .k("#7")], .string("😀")),
    .init("stringIndexOf", [.k("\"hello\""), .k("\"l\"")], .int(2)),
    .init("stringIndexOf", [.k("\"hello\""), .k("\"z\"")], .int(-1)),
    .init("stringIndexOf", [.k("\"hello\""), .k("\"\"")], .int(0)),
    .init("stringIndexOf", [.k("\"\""), .k("\"a\"")], .int(-1)),
    .init("stringIndexOf", [.k("\"été→x\""), .k("\"x\"")], .int(4)),
    .init("stringIndexOf", [.k("\"aaab\""), .k("\"aab\"")], .int(1)),
    .init("stringIncludes", [.k("\"hello\""), .k("\"ell\"")], .boolean(true)),
    .init("stringIncludes", [.k("\"hello\""), .k("\"elo\"")], .boolean(false)),
    .init("stringIncludes", [.k("\"\""), .k("\"\"")], .boolean(true)),
    .init("stringStartsWith", [.k("\"hello\""), .k("\"he\"")], .boolean(true)),
    .init("stringStartsWith", [.k("\"hello\""), .k("\"lo\"")], .boolean(false)),
    .init("stringStartsWith", [.k("\"he\""), .k("\"hello\"")], .boolean(false)),
    .init("stringEndsWith", [.k("\"hello\""), .k("\"lo\"")], .boolean(true)),
    .init("stringEndsWith", [.k("\"hello\""), .k("\"\"")], .boolean(true)),
    .init("stringEndsWith", [.k("\"lo\""), .k("\"hello\"")], .boolean(false)),
    .init("stringToUpperCase", [.k("\"Hello, wörld 1\"")], .string("HELLO, WöRLD 1")),
    .init("stringToLowerCase", [.k("\"Hello, WÖRLD 1\"")], .string("hello, wÖrld 1")),
    .init("stringToUpperCase", [.k("\"\"")], .string("")),
    .init("stringTrim", [.k("\" \\t\\n hi there \u{A0}\"")], .string("hi there")),
    .init("stringTrim", [.k("\"\u{85}x\u{200B}\"")], .string("\u{85}x\u{200B}")),
    .init("stringTrim", [.k("\"\u{3000}\u{FEFF}x\u{2028}\"")], .string("x")),
    .init("stringTrim", [.k("\"   \"")], .string("")),
    .init("stringSplit", [.k("\"a,b,,c\""), .k("\",\"")], strings("a", "b", "", "c")),
    .init("stringSplit", [.k("\"a--b--\""), .k("\"--\"")], strings("a", "b", "")),
    .init("stringSplit", [.k("\"abc\""), .k("\"\"")], strings("a", "b", "c")),
    .init("stringSplit", [.k("\"é😀\""), .k("\"\"")], strings("é", "😀")),
    .init("stringSplit", [.k("\"\""), .k("\",\"")], strings("")),
    .init("stringSplit", [.k("\"\""), .k("\"\"")], .array([])),
    .init("stringSplit", [.k("\"abc\""), .k("\"x\"")], strings("abc")),
    .init("stringCharAt", [.k("\"hé!\""), .k("#1")], .string("é")),
    .init("stringCharAt", [.k("\"hé!\""), .k("#3")], .string("")),
    .init("stringCharAt", [.k("\"hé!\""), .k("#-1")], .string("")),
    .init("stringToBytes", [.k("\"é\"")], .bytes([0xC3, 0xA9])),
    .init("stringToBytes", [.k("\"\"")], .bytes([])),
    .init("stringChars", [.k("\"a😀b\"")], strings("a", "😀", "b")),
    .init("stringChars", [.k("\"\"")], .array([])),
]

let collectionIntrinsicCases: [IntrinsicCase] = [
    .init("bytesSlice", [.k("bytes\"00112233\""), .k("#1"), .k("#3")], .bytes([0x11, 0x22])),
    .init("bytesSlice", [.k("bytes\"00112233\""), .k("#-1"), .null], .bytes([0x33])),
    .init("bytesSlice", [.k("bytes\"00112233\""), .k("#3"), .k("#1")], .bytes([])),
    .init("bytesToHex", [.k("bytes\"00ABff\"")], .string("00abff")),
    .init("bytesToHex", [.k("bytes\"\"")], .string("")),
    .init("arraySlice", [.array(["#1", "#2", "#3", "#4"]), .k("#1"), .k("#-1")], .array([.int(2), .int(3)])),
    .init("arraySlice", [.array(["#1", "#2"]), .k("#0"), .null], .array([.int(1), .int(2)])),
    .init("arraySlice", [.array([]), .k("#-5"), .k("#5")], .array([])),
    .init("arrayIndexOf", [.array(["#1", "\"b\"", "\"b\""]), .k("\"b\"")], .int(1)),
    .init("arrayIndexOf", [.array(["#1", "#2"]), .k("\"1\"")], .int(-1)),
    .init("arrayIndexOf", [.array(["#0.5", "null"]), .k("#0.5")], .int(0)),
    .init("arrayIncludes", [.array(["#1", "null"]), .null], .boolean(true)),
    .init("arrayIncludes", [.array([]), .k("#1")], .boolean(false)),
    .init("arrayJoin", [.array(["#1", "\"a\"", "null", "#1.50"]), .k("\"-\"")], .string("1-a-null-1.5")),
    .init("arrayJoin", [.array([]), .k("\",\"")], .string("")),
    .init("arrayJoin", [.array(["\"x\""]), .k("\"\"")], .string("x")),
    .init("min", [.k("#1.5"), .k("#-2")], .int(-2)),
    .init("max", [.k("#1.5"), .k("#-2")], number("1.5")),
    .init("max", [.k("#3"), .k("#3")], .int(3)),
]

let numberIntrinsicCases: [IntrinsicCase] = [
    .init("numberToFixed", [.k("#1.005"), .k("#2")], .string("1.01")),
    .init("numberToFixed", [.k("#-1.005"), .k("#2")], .string("-1.01")),
    .init("numberToFixed", [.k("#2.5"), .k("#0")], .string("3")),
    .init("numberToFixed", [.k("#-2.5"), .k("#0")], .string("-3")),
    .init("numberToFixed", [.k("#-0.004"), .k("#2")], .string("0.00")),
    .init("numberToFixed", [.k("#12"), .k("#3")], .string("12.000")),
    .init("numberToFixed", [.k("#0.000000000000000001"), .k("#18")], .string("0.000000000000000001")),
    .init("numberToFixed", [.k("#123.456"), .k("#1")], .string("123.5")),
    .init("power", [.k("#2"), .k("#10")], .int(1024)),
    .init("power", [.k("#2"), .k("#0")], .int(1)),
    .init("power", [.k("#0"), .k("#0")], .int(1)),
    .init("power", [.k("#-3"), .k("#3")], .int(-27)),
    .init("power", [.k("#1.5"), .k("#2")], number("2.25")),
    .init("power", [.k("#2"), .k("#-2")], number("0.25")),
    .init("power", [.k("#3"), .k("#-1")], number("0.333333333333333333")),
    .init("power", [.k("#10"), .k("#-30")], .int(0)),
    .init("power", [.k("#1"), .k("#1e20")], .int(1)),
    .init("power", [.k("#0.5"), .k("#200")], .int(0)),
    .init("bitAnd", [.k("#12"), .k("#10")], .int(8)),
    .init("bitAnd", [.k("#-1"), .k("#255")], .int(255)),
    .init("bitOr", [.k("#12"), .k("#3")], .int(15)),
    .init("bitXor", [.k("#12"), .k("#10")], .int(6)),
    .init("bitNot", [.k("#0")], .int(-1)),
    .init("bitNot", [.k("#-6")], .int(5)),
    .init("shiftLeft", [.k("#1"), .k("#64")], number("18446744073709551616")),
    .init("shiftLeft", [.k("#5"), .k("#0")], .int(5)),
    .init("shiftRight", [.k("#-8"), .k("#1")], .int(-4)),
    .init("shiftRight", [.k("#-1"), .k("#127")], .int(-1)),
    .init("shiftRight", [.k("#1e20"), .k("#127")], .int(0)),
]

/// An intrinsic call that must trap, and the trap's kind.
struct IntrinsicTrapCase: CustomTestStringConvertible, Sendable {
    var operation: String
    var arguments: [IntrinsicArgument]
    var kind: String
    var testDescription: String { "\(operation)(\(arguments.map(\.description).joined(separator: ", "))) traps \(kind)" }
    init(_ operation: String, _ arguments: [IntrinsicArgument], _ kind: String) {
        self.operation = operation
        self.arguments = arguments
        self.kind = kind
    }
}

/// The case name of a trap reason, without its detail text.
func trapKind(_ reason: TrapReason?) -> String {
    guard let reason else { return "none" }
    switch reason {
    case .typeMismatch: return "typeMismatch"
    case .invalidArgument: return "invalidArgument"
    case .revert: return "revert"
    case .hostFailure: return "hostFailure"
    default: return "\(reason)"
    }
}

let intrinsicTrapCases: [IntrinsicTrapCase] = [
    .init("stringSlice", [.k("#1"), .k("#0"), .null], "typeMismatch"),
    .init("stringSlice", [.k("\"abc\""), .k("#0.5"), .null], "invalidArgument"),
    .init("stringSlice", [.k("\"abc\""), .k("#0"), .k("#1.5")], "invalidArgument"),
    .init("stringSlice", [.k("\"abc\""), .k("\"0\""), .null], "typeMismatch"),
    .init("stringSlice", [.k("\"abc\""), .null, .null], "typeMismatch"),
    .init("stringIndexOf", [.k("\"abc\""), .k("#1")], "typeMismatch"),
    .init("stringIncludes", [.null, .k("\"a\"")], "typeMismatch"),
    .init("stringStartsWith", [.k("bytes\"00\""), .k("\"a\"")], "typeMismatch"),
    .init("stringEndsWith", [.k("\"a\""), .null], "typeMismatch"),
    .init("stringToUpperCase", [.k("#1")], "typeMismatch"),
    .init("stringToLowerCase", [.array([])], "typeMismatch"),
    .init("stringTrim", [.null], "typeMismatch"),
    .init("stringSplit", [.k("\"a\""), .null], "typeMismatch"),
    .init("stringCharAt", [.k("\"abc\""), .k("#1.5")], "invalidArgument"),
    .init("stringToBytes", [.k("bytes\"00\"")], "typeMismatch"),
    .init("stringChars", [.k("#3")], "typeMismatch"),
    .init("numberToFixed", [.k("#1"), .k("#19")], "invalidArgument"),
    .init("numberToFixed", [.k("#1"), .k("#-1")], "invalidArgument"),
    .init("numberToFixed", [.k("#1"), .k("#1.5")], "invalidArgument"),
    .init("numberToFixed", [.k("\"1\""), .k("#1")], "typeMismatch"),
    .init("bytesSlice", [.k("\"abc\""), .k("#0"), .null], "typeMismatch"),
    .init("bytesSlice", [.k("bytes\"00\""), .k("#0.1"), .null], "invalidArgument"),
    .init("bytesToHex", [.k("\"ab\"")], "typeMismatch"),
    .init("arraySlice", [.k("\"abc\""), .k("#0"), .null], "typeMismatch"),
    .init("arraySlice", [.array([]), .k("#0"), .k("#0.5")], "invalidArgument"),
    .init("arrayIndexOf", [.null, .k("#1")], "typeMismatch"),
    .init("arrayIncludes", [.k("\"a\""), .k("\"a\"")], "typeMismatch"),
    .init("arrayJoin", [.array(["#1"]), .k("#1")], "typeMismatch"),
    .init("arrayReverse", [.k("\"ab\"")], "typeMismatch"),
    .init("min", [.k("#1"), .k("\"2\"")], "typeMismatch"),
    .init("max", [.null, .k("#2")], "typeMismatch"),
    .init("power", [.k("#0"), .k("#-1")], "division by zero"),
    .init("power", [.k("#10"), .k("#21")], "number overflow"),
    .init("power", [.k("#2"), .k("#0.5")], "invalidArgument"),
    .init("power", [.k("\"2\""), .k("#2")], "typeMismatch"),
    .init("bitAnd", [.k("#1.5"), .k("#1")], "invalidArgument"),
    .init("bitOr", [.k("#1"), .k("\"1\"")], "typeMismatch"),
    .init("bitXor", [.k("#1"), .k("#0.5")], "invalidArgument"),
    .init("bitNot", [.k("#0.5")], "invalidArgument"),
    .init("bitAnd", [.k("#-170141183460469231731"), .k("#-2")], "number overflow"),
    .init("bitNot", [.k("#170141183460469231731")], "number overflow"),
    .init("shiftLeft", [.k("#1"), .k("#128")], "invalidArgument"),
    .init("shiftLeft", [.k("#1"), .k("#-1")], "invalidArgument"),
    .init("shiftLeft", [.k("#1"), .k("#68")], "number overflow"),
    .init("shiftLeft", [.k("#1"), .k("#127")], "number overflow"),
    .init("shiftRight", [.k("#4"), .k("#1.5")], "invalidArgument"),
]

@Suite struct IntrinsicTests {
    @Test("string intrinsics follow JavaScript semantics on Unicode scalars", arguments: stringIntrinsicCases)
    func strings(_ testCase: IntrinsicCase) throws {
        let outcome = try runIntrinsic(testCase.operation, testCase.arguments)
        #expect(outcome.returnValue == testCase.expected, "\(outcome.status)")
    }

    @Test("bytes, array and min/max intrinsics compute their documented result", arguments: collectionIntrinsicCases)
    func collections(_ testCase: IntrinsicCase) throws {
        let outcome = try runIntrinsic(testCase.operation, testCase.arguments)
        #expect(outcome.returnValue == testCase.expected, "\(outcome.status)")
    }

    @Test("toFixed, power and the bit operations are exact", arguments: numberIntrinsicCases)
    func numbers(_ testCase: IntrinsicCase) throws {
        let outcome = try runIntrinsic(testCase.operation, testCase.arguments)
        #expect(outcome.returnValue == testCase.expected, "\(outcome.status)")
    }

    @Test("wrong kinds, fractional indices and out-of-domain arguments trap", arguments: intrinsicTrapCases)
    func traps(_ testCase: IntrinsicTrapCase) throws {
        let outcome = try runIntrinsic(testCase.operation, testCase.arguments)
        #expect(trapKind(trapReason(outcome)) == testCase.kind, "\(outcome.status)")
    }

    @Test("arrayReverse reverses in place and returns null")
    func reverse() throws {
        let inPlace = try runIntrinsic("arrayReverse", [.array(["#1", "#2", "#3"])], after: "move r0, r1")
        #expect(inPlace.returnValue == .null)
        let reversed = try run(
            body("newArray r1, 0\n loadI r2, 1\n push r1, r2\n loadI r2, 2\n push r1, r2\n intrinsic r1, arrayReverse, 1\n"
                + " newArray r0, 0\n loadI r3, 0\n getIndex r3, r0, r3", registers: 8))
        #expect(trapReason(reversed) == .indexOutOfRange)
        let source = body("newArray r0, 0\n loadI r2, 1\n push r0, r2\n loadI r2, 2\n push r0, r2\n move r1, r0\n intrinsic r1, arrayReverse, 1")
        #expect(try run(source).returnValue == .array([.int(2), .int(1)]))
    }

    @Test("arraySlice returns a new array: the original is unchanged")
    func sliceCopies() throws {
        let source = body("newArray r0, 0\n loadI r2, 1\n push r0, r2\n move r1, r0\n loadI r2, 0\n loadNull r3\n"
            + " intrinsic r1, arraySlice, 3\n loadI r2, 9\n push r1, r2\n eq r4, r0, r1\n jumpIf r4, bad\n ret r0\nbad:\n loadNull r0")
        #expect(try run(source).returnValue == .array([.int(1)]))
    }

    @Test("arrayIndexOf compares by the VM's ==: numbers and strings by value, arrays by identity")
    func indexOfIdentity() throws {
        let source = body("newArray r1, 0\n newArray r5, 0\n newArray r6, 0\n push r1, r5\n push r1, r6\n move r2, r6\n"
            + " intrinsic r1, arrayIndexOf, 2\n move r0, r1")
        #expect(try run(source).returnValue == .int(1))
    }

    @Test("intrinsics charge their base cost plus 1 gas per byte processed and allocations")
    func gas() throws {
        // 15 bytes of text + 1 of separator: 16 gas of work (1 byte per gas since schedule version 3);
        // 4 strings and the array allocated.
        let split = try runIntrinsic("stringSplit", [.k("\"aaa,bbb,ccc,ddd\""), .k("\",\"")], after: "loadNull r0")
        let empty = try runIntrinsic("stringSplit", [.k("\"\""), .k("\",\"")], after: "loadNull r0")
        #expect(split.returnValue == .null && empty.returnValue == .null)
        // Block: loadK, loadK, intrinsic (3), loadNull, ret = 7 base gas.
        // empty: work 1 + "" 2 gas + array(1) 6 gas = 9 -> 16.
        // split: work 16 + 4 × (3+16 → 3 gas) + array(4) 12 gas = 40 -> 47.
        #expect(empty.gasUsed == 16)
        #expect(split.gasUsed == 47)
        let power = try runIntrinsic("power", [.k("#3"), .k("#5")], after: "loadNull r0")
        // 5 = 0b101: 2 squarings + 2 multiplications = 4, at 4 gas each since schedule version 3.
        #expect(power.gasUsed == 7 + 4 * 4)
    }

    @Test("an intrinsic charges its work before doing it: too little gas traps out of gas")
    func chargedFirst() throws {
        let text = String(repeating: "ab,", count: 2_000)
        // The block costs 7; the work alone (6,001 bytes) costs 6,001.
        let outcome = try runIntrinsic("stringSplit", [.k("\"\(text)\""), .k("\",\"")], gas: 5_900)
        #expect(trapReason(outcome) == .outOfGas)
        #expect(outcome.gasUsed == 7)
    }

    @Test("a long indexOf search costs gas linear in its input and finds the match")
    func linearSearch() throws {
        let haystack = String(repeating: "a", count: 4_000) + "b"
        let needle = String(repeating: "a", count: 2_000) + "b"
        let outcome = try runIntrinsic("stringIndexOf", [.k("\"\(haystack)\""), .k("\"\(needle)\"")])
        #expect(outcome.returnValue == .int(2_000))
        // 6,002 bytes at 1 byte per gas, plus the block: linear, not 4,001 × 2,001 comparisons.
        #expect(outcome.gasUsed < 6_100)
    }
}

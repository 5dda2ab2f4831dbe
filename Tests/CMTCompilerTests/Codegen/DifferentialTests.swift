import CMTVM
import Testing

/// Random programs (seeded, so every run checks the same ones) compiled with and without the IR
/// passes must print the same lines and end the same way: the passes may only change gas.
@Suite struct DifferentialTests {
    /// A small deterministic generator (SplitMix64).
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    struct Generator {
        var random: Random
        let variables = ["a", "b", "c", "d"]

        mutating func number() -> String {
            random.pick(["0", "1", "2", "3", "7", "10", "-4", "0.5", "2.25", "1000", "65535", "40000", "-32769"])
        }

        mutating func expression(_ depth: Int) -> String {
            if depth == 0 || random.below(3) == 0 {
                return random.below(2) == 0 ? number() : random.pick(variables)
            }
            switch random.below(6) {
            case 0: return "(\(expression(depth - 1)) \(random.pick(["+", "-", "*"])) \(expression(depth - 1)))"
            case 1: return "(\(expression(depth - 1)) \(random.pick(["/", "%"])) \(expression(depth - 1)))"
            case 2: return "(\(condition(depth - 1)) ? \(expression(depth - 1)) : \(expression(depth - 1)))"
            case 3: return "Math.\(random.pick(["floor", "abs", "ceil"]))(\(expression(depth - 1)))"
            case 4: return "-\(random.pick(variables))"
            default: return "f(\(expression(depth - 1)), \(expression(depth - 1)))"
            }
        }

        mutating func condition(_ depth: Int) -> String {
            switch depth == 0 ? random.pick([0, 3]) : random.below(4) {
            case 0: return "\(expression(depth)) \(random.pick(["<", "<=", ">", ">=", "==", "!="])) \(expression(depth))"
            case 1: return "(\(condition(depth - 1)) && \(condition(depth - 1)))"
            case 2: return "(\(condition(depth - 1)) || \(condition(depth - 1)))"
            default: return "!(\(expression(depth)) < \(number()))"
            }
        }

        mutating func statement(_ depth: Int) -> String {
            let variable = random.pick(variables)
            switch depth == 0 ? random.below(3) : random.below(7) {
            case 0: return "\(variable) = \(expression(2));"
            case 1: return "\(variable) \(random.pick(["+=", "-=", "*="])) \(expression(1));"
            case 2: return "print(\"\(variable)=\" + \(variable));"
            case 3: return "if (\(condition(1))) { \(statement(depth - 1)) } else { \(statement(depth - 1)) }"
            case 4: return "for (let i = 0; i < \(random.below(4)); i++) { \(variable) = \(variable) + i; \(statement(depth - 1)) }"
            case 5: return "{ let t = \(expression(1)); \(variable) = t * 2; }"
            default: return "\(variable)\(random.pick(["++", "--"]));"
            }
        }

        mutating func program() -> String {
            var lines = ["function f(x: number, y: number): number { return x > y ? x - y : y + 1; }"]
            for variable in variables { lines.append("let \(variable) = \(number());") }
            for _ in 0..<(4 + random.below(8)) { lines.append(statement(2)) }
            lines.append("print(a + \" \" + b + \" \" + c + \" \" + d);")
            return lines.joined(separator: "\n")
        }
    }

    @Test("optimized and unoptimized code agree on 300 random programs")
    func optimizerAgrees() throws {
        var generator = Generator(random: Random(state: 20_261_201))
        for _ in 0..<300 {
            let source = generator.program()
            let optimized = try runScript(source, gas: 1_000_000)
            let plain = try runScript(source, gas: 1_000_000, optimize: false)
            #expect(optimized.output == plain.output, "\(source)")
            #expect(optimized.revertReason == plain.revertReason && optimized.trapReason == plain.trapReason, "\(source)")
            // Gas is charged per basic block on entry, so a trap inside a merged block may charge more;
            // a program that runs to the end never pays more for being optimized.
            if case .returned = optimized.status { #expect(optimized.gasUsed <= plain.gasUsed, "\(source)") }
        }
    }
}

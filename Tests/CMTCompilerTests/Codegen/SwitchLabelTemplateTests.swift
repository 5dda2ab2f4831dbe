import CMTBytecode
import CMTVM
import Testing

/// Run-time behaviour and gas of `switch`, `do … while`, labelled `break`/`continue` and template
/// literals, optimized and not.
@Suite struct SwitchLabelTemplateTests {
    @Test("switch picks the first equal case, else default, and empty cases share the next body", arguments: [true, false])
    func switchSelects(optimize: Bool) throws {
        let run = try runScript("""
            function name(n: number): string {
                let out = "";
                switch (n) {
                    case 1:
                    case 2:
                        out = "small";
                        break;
                    default:
                        out = "other";
                        break;
                    case 10:
                        out = "ten";
                }
                return out;
            }
            print(name(1) + " " + name(2) + " " + name(10) + " " + name(7));
            let word = "b";
            switch (word) {
                case "a":
                    print("A");
                    break;
                case "b":
                    print("B");
            }
            switch (word) {
                case "z":
                    print("never");
            }
            print("after");
            """, optimize: optimize)
        #expect(run.output == ["small small ten other", "B", "after"])
    }

    @Test("switch evaluates its value once and the case values in order until one matches")
    func switchEvaluationOrder() throws {
        let run = try runScript("""
            let calls = 0;
            function next(): number {
                calls++;
                return calls;
            }
            function probe(v: number): number {
                print("probe " + v);
                return v;
            }
            switch (next()) {
                case probe(5):
                    print("five");
                    break;
                case probe(1):
                    print("one");
                    break;
                case probe(2):
                    print("two");
                    break;
            }
            print("calls " + calls);
            """)
        #expect(run.output == ["probe 5", "probe 1", "one", "calls 1"])
    }

    @Test("break inside a switch leaves the switch; continue inside it goes to the loop's next round")
    func switchInsideLoop() throws {
        let run = try runScript("""
            let seen: string[] = [];
            for (let i = 0; i < 5; i++) {
                switch (i) {
                    case 1:
                        continue;
                    case 3:
                        seen.push("three");
                        break;
                    default:
                        seen.push("" + i);
                }
                seen.push(".");
            }
            print(seen.join(""));
            """)
        #expect(run.output == ["0.2.three.4."])
    }

    @Test("do-while runs its body before the first test, and continue goes to the test", arguments: [true, false])
    func doWhile(optimize: Bool) throws {
        let run = try runScript("""
            let n = 10;
            do {
                print("once " + n);
            } while (n < 5);
            let i = 0;
            let odd = 0;
            do {
                i++;
                if (i % 2 == 0) {
                    continue;
                }
                odd += i;
            } while (i < 9);
            print(odd);
            """, optimize: optimize)
        #expect(run.output == ["once 10", "25"])
    }

    @Test("labelled break and continue reach the named loop or block", arguments: [true, false])
    func labels(optimize: Bool) throws {
        let run = try runScript("""
            let pairs: string[] = [];
            outer: for (const a of [1, 2, 3]) {
                let b = 0;
                inner: while (true) {
                    b++;
                    if (b > a) {
                        continue outer;
                    }
                    if (a == 3) {
                        break outer;
                    }
                    pairs.push(a + ":" + b);
                    if (b == 5) {
                        break inner;
                    }
                }
            }
            print(pairs.join(" "));
            found: {
                for (const x of [4, 8, 15]) {
                    if (x > 5) {
                        print("first above 5: " + x);
                        break found;
                    }
                }
                print("none above 5");
            }
            count: do {
                break count;
            } while (true);
            print("done");
            """, optimize: optimize)
        #expect(run.output == ["1:1 2:1 2:2", "first above 5: 8", "done"])
    }

    @Test("template literals write values exactly as + does, and nest")
    func templates() throws {
        let run = try runScript("""
            let price = 0.1 + 0.2;
            let name = "tea";
            let qty = 3;
            print(`price ${price} for ${name}`);
            print(`${qty * price}` == "" + qty * price);
            print(`ok=${qty > 2}, ${`inner ${name}`}!`);
            print(`a\\`b\\${c} $ {d} \\u{41}`);
            print(`two
                lines`);
            print(`${-1.5}${""}${1e3}`);
            """)
        #expect(run.output == ["price 0.3 for tea", "true", "ok=true, inner tea!", "a`b${c} $ {d} A", "two\n    lines", "-1.51000"])
    }

    @Test("a template literal costs the same gas as the concatenation it stands for")
    func templateGas() throws {
        let template = try runScript("""
            let n = 42;
            let s = `n=${n}, twice ${n * 2}.`;
            print(s);
            """)
        let plus = try runScript("""
            let n = 42;
            let s = "n=" + n + ", twice " + n * 2 + ".";
            print(s);
            """)
        #expect(template.output == ["n=42, twice 84."])
        #expect(template.output == plus.output)
        #expect(template.gasUsed == plus.gasUsed)
    }

    @Test("a switch costs no more gas than the if-else chain it stands for, but for one jump in its first case")
    func switchGas() throws {
        func gas(_ value: Int, switch useSwitch: Bool) throws -> (Int64, [String]) {
            let body = useSwitch ? """
                switch (v) {
                    case 1:
                        r = 10;
                        break;
                    case 2:
                        r = 20;
                        break;
                    case 3:
                        r = 30;
                        break;
                    default:
                        r = -1;
                }
                """ : """
                if (v === 1) {
                    r = 10;
                } else if (v === 2) {
                    r = 20;
                } else if (v === 3) {
                    r = 30;
                } else {
                    r = -1;
                }
                """
            let run = try runScript("""
                function pick(v: number): number {
                    let r = 0;
                    \(body)
                    return r;
                }
                print(pick(\(value)));
                """)
            return (run.gasUsed, run.output)
        }
        for value in [1, 2, 3, 4] {
            let (switchGas, switchOutput) = try gas(value, switch: true)
            let (chainGas, chainOutput) = try gas(value, switch: false)
            #expect(switchOutput == chainOutput)
            // The tests sit together before the bodies, so only the first body pays one jump to
            // the end that the chain's layout saves.
            #expect(switchGas <= chainGas + (value == 1 ? 1 : 0), "case \(value)")
        }
    }

    @Test("spread copies an array's elements and a map's entries in order; later keys win", arguments: [true, false])
    func spread(optimize: Bool) throws {
        let run = try runScript("""
            let a = [1, 2];
            let b = [0, ...a, 3, ...[4, 5], ...[]];
            a.push(9);
            print(b.join(","));
            let defaults = { color: "red", size: "M" };
            let chosen = { ...defaults, size: "L", extra: "x" };
            let out: string[] = [];
            for (const k of chosen.keys()) {
                out.push(k + "=" + chosen[k]!);
            }
            print(out.join(" "));
            print(defaults["size"]!);
            let none: number[] = [];
            print([...none].length);
            """, optimize: optimize)
        #expect(run.output == ["0,1,2,3,4,5", "color=red size=L extra=x", "M", "0"])
    }

    @Test("a rest parameter gathers the remaining arguments, spread arrays included, in functions, methods and constructors", arguments: [true, false])
    func restParameters(optimize: Bool) throws {
        let run = try runScript("""
            function sum(label: string, ...xs: number[]): string {
                let total = 0;
                for (const x of xs) {
                    total += x;
                }
                return `${label}: ${total} from ${xs.length}`;
            }
            const more = [4, 5];
            print(sum("none"));
            print(sum("some", 1, 2, 3));
            print(sum("spread", ...more, 6, ...[]));
            class Log {
                lines: string[] = [];
                add(...parts: string[]): void {
                    this.lines.push(parts.join(" "));
                }
                constructor(...first: string[]) {
                    this.add(...first);
                }
            }
            const log = new Log("a", "b");
            log.add("c", ...["d", "e"]);
            print(log.lines.join(" | "));
            const f = sum;
            print(f("value", [7, 8]));
            """, optimize: optimize)
        #expect(run.output == ["none: 0 from 0", "some: 6 from 3", "spread: 15 from 3", "a b | c d e", "value: 15 from 2"])
    }

    @Test("spreading an array costs gas for every element it copies")
    func spreadGas() throws {
        func gas(_ count: Int, spread: Bool) throws -> Int64 {
            try runScript("""
                let xs: number[] = [];
                for (let i = 0; i < \(count); i++) {
                    xs.push(i);
                }
                let ys = \(spread ? "[...xs]" : "[0]");
                print(ys.length > 0);
                """).gasUsed
        }
        let ten = try gas(10, spread: true) - gas(10, spread: false)
        let twenty = try gas(20, spread: true) - gas(20, spread: false)
        let forty = try gas(40, spread: true) - gas(40, spread: false)
        #expect(ten > 0)
        #expect(twenty > ten)
        #expect(forty > twenty)
    }

    @Test("a loop that never ends runs out of gas, do-while included")
    func doWhileRunsOutOfGas() throws {
        let run = try runScript("""
            let i = 0;
            do {
                i++;
            } while (true);
            """, gas: 100_000)
        #expect(run.trapReason == .outOfGas)
    }
}

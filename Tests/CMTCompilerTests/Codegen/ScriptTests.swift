import CMTBytecode
import CMTVM
import Testing

/// Scripts compiled and run end to end: each checks the printed output of one language feature.
@Suite struct ScriptTests {
    @Test("numbers are exact decimals and print in their shortest form")
    func exactNumbers() throws {
        let run = try runScript("""
            print(0.1 + 0.2 == 0.3);
            print(100 * 0.8);
            print(1 / 3);
            print(-7 % 3);
            print(2 ** 10);
            print((6 & 3) + " " + (6 | 3) + " " + (6 ^ 3) + " " + ~0 + " " + (1 << 4) + " " + (256 >> 4));
            """)
        #expect(run.output == ["true", "80", "0.333333333333333333", "-1", "1024", "2 7 5 -1 16 16"])
    }

    @Test("Math.round sends halves away from zero; floor and ceil go down and up for negatives too", arguments: [true, false])
    func roundingHalvesAwayFromZero(optimize: Bool) throws {
        let run = try runScript("""
            print(Math.round(2.5) + " " + Math.round(-2.5) + " " + Math.round(0.5) + " " + Math.round(-0.5));
            print(Math.round(-2.4) + " " + Math.round(-2.6) + " " + Math.round(1.49));
            let x = -7.5;
            print(Math.round(x) + " " + Math.floor(x) + " " + Math.ceil(x) + " " + Math.floor(-7) + " " + Math.ceil(-7.2));
            """, optimize: optimize)
        #expect(run.output == ["3 -3 1 -1", "-2 -3 1", "-8 -8 -7 -7 -7"])
    }

    @Test("strings join with numbers, booleans and each other")
    func concatenation() throws {
        let run = try runScript("""
            let n = 5;
            let s = "n=" + n + ", ok=" + true;
            s += "!";
            print(s);
            print("abc".length + " " + "TEA-0042".slice(0, 3) + " " + "a,b".split(",").join("+"));
            """)
        #expect(run.output == ["n=5, ok=true!", "3 TEA a+b"])
    }

    @Test("a string extended in place stays intact for every value that shares its bytes")
    func concatenationSharesSafely() throws {
        let run = try runScript("""
            let a = "x" + 1;
            let b = a + "y" + 2;
            let c = a + "z";
            let d = b + "!";
            print(a + " " + b + " " + c + " " + d + " " + (-42 + "|" + 7));
            """)
        #expect(run.output == ["x1 x1y2 x1z x1y2! -42|7"])
        let kinds = try runScript("let o: string? = null; print(\"v=\" + true + \",\" + 1.5 + \",\" + (o ?? \"none\") + \",\" + false + 7);")
        #expect(kinds.output == ["v=true,1.5,none,false7"])
    }

    @Test("indexing a string gives its n-th character, and reverts outside it")
    func stringIndex() throws {
        let run = try runScript("""
            let s = "héllo";
            print(s[0] + s[1] + s[4]);
            print(s[5]);
            """)
        #expect(run.output == ["héo"])
        #expect(run.trapReason == .indexOutOfRange)
    }

    @Test("print shows arrays, maps and objects by their contents")
    func printContainers() throws {
        let run = try runScript("""
            class Point { x: number = 1; label: string = "p"; }
            let m: Map<string, number> = { a: 1 };
            print([1, 2.5]);
            print(m);
            print(new Point());
            print(["x"]);
            """)
        #expect(run.output == ["[1, 2.5]", "{\"a\": 1}", "Point {x: 1, label: \"p\"}", "[\"x\"]"])
    }

    @Test("if, while, for, for-of, break and continue")
    func controlFlow() throws {
        let run = try runScript("""
            let total = 0;
            for (let i = 0; i < 10; i++) {
                if (i % 2 == 0) { continue; }
                if (i > 7) { break; }
                total += i;
            }
            print(total);
            let j = 0;
            while (j < 3) { j = j + 1; }
            print(j);
            let xs: number[] = [3, 4, 5];
            let sum = 0;
            for (const x of xs) { sum += x; }
            print(sum);
            let letters = "";
            for (const c of "héllo") { letters = c + letters; }
            print(letters);
            """)
        #expect(run.output == ["16", "3", "12", "olléh"])
    }

    @Test("recursion, default and optional parameters")
    func functions() throws {
        let run = try runScript("""
            function fib(n: number): number {
                if (n < 2) { return n; }
                return fib(n - 1) + fib(n - 2);
            }
            function discounted(price: number, percent: number = 10): number {
                return price * (100 - percent) / 100;
            }
            function describe(item: string, note?: string): string {
                return item + (note ?? "");
            }
            print(fib(20));
            print(discounted(200) + " " + discounted(200, 25));
            print(describe("lamp") + "|" + describe("lamp", " (boxed)"));
            """)
        #expect(run.output == ["6765", "180 150", "lamp|lamp (boxed)"])
    }

    @Test("script globals assigned by functions keep their value")
    func globalsFromFunctions() throws {
        let run = try runScript("""
            let seed = 42;
            function rand(): number {
                seed = (seed * 48271) % 2147483647;
                return seed;
            }
            rand();
            print(rand() + " " + seed);
            """)
        #expect(run.output == ["1226992407 1226992407"])
    }

    @Test("closures capture values, and see later assignments of what they capture")
    func closures() throws {
        let run = try runScript("""
            function adder(k: number): (x: number) => number {
                return (x: number): number => x + k;
            }
            const add5 = adder(5);
            print(add5(10));
            function applyTo(values: number[], f: (x: number) => number): number[] {
                let out: number[] = [];
                for (const v of values) { out.push(f(v)); }
                return out;
            }
            let factor = 2;
            const scale = (x: number): number => x * factor;
            factor = 3;
            print(applyTo([1, 2, 3], scale).join(","));
            print(applyTo([1, 2], x => x * 10).join(","));
            function outer(): number {
                function fact(n: number): number {
                    return n <= 1 ? 1 : n * fact(n - 1);
                }
                return fact(5);
            }
            print(outer());
            """)
        #expect(run.output == ["15", "3,6,9", "10,20", "120"])
    }

    @Test("classes: constructor, field initializers, methods, statics, bare field names")
    func classes() throws {
        let run = try runScript("""
            class LineItem {
                static MAX_QUANTITY = 1000;
                sku: string = "";
                quantity: number = 0;
                unitPrice: number = 0;
                note: string? = null;
                constructor(sku: string, quantity: number, unitPrice: number) {
                    this.sku = sku;
                    this.quantity = quantity;
                    this.unitPrice = unitPrice;
                }
                total(): number { return quantity * unitPrice; }
                function describe(): string { return this.quantity + " x " + this.sku + " = " + this.total(); }
            }
            let line = new LineItem("TEA-01", 3, 4.5);
            line.note = "gift wrap";
            line.quantity += 1;
            print(line.describe());
            print("limit: " + LineItem.MAX_QUANTITY + " " + (line.note ?? "-"));
            """)
        #expect(run.output == ["4 x TEA-01 = 18", "limit: 1000 gift wrap"])
    }

    @Test("maps keep insertion order and give null for missing keys")
    func maps() throws {
        let run = try runScript("""
            let stock: Map<string, number> = { apples: 3, pears: 5 };
            stock.set("plums", 8);
            stock["apples"] = 4;
            let out = "";
            for (const name of stock.keys()) { out += name + "=" + (stock.get(name) ?? 0) + " "; }
            print(out + stock.size);
            print(stock.has("pears") + " " + stock.delete("pears") + " " + stock.has("pears") + " " + (stock["kiwi"] ?? -1));
            """)
        #expect(run.output == ["apples=4 pears=5 plums=8 3", "true true false -1"])
    }

    @Test("arrays: push, pop, slice, indexOf, includes, reverse")
    func arrays() throws {
        let run = try runScript("""
            let xs: number[] = [1, 2, 3];
            xs.push(4);
            let last = xs.pop() ?? 0;
            xs.reverse();
            print(last + " " + xs.join(",") + " " + xs.slice(1).join(",") + " " + xs.indexOf(1) + " " + xs.includes(9));
            let empty: number[] = [];
            print(empty.pop() ?? -1);
            xs[0] = 30;
            xs[1] += 5;
            print(xs.join(",") + " " + xs.length);
            """)
        #expect(run.output == ["4 3,2,1 2,1 2 false", "-1", "30,7,1 3"])
    }

    @Test("optional chaining, ?? and ! on null")
    func optionals() throws {
        let run = try runScript("""
            function nicknameOf(id: number): string? {
                if (id == 1) { return "Ada"; }
                return null;
            }
            let a = nicknameOf(1);
            let b = nicknameOf(2);
            print((a?.length ?? 0) + " " + (b?.length ?? 0));
            if (a) { print("dear " + a); }
            if (!b) { print("no b"); }
            print(b!);
            """)
        #expect(run.output == ["3 0", "dear Ada", "no b"])
        #expect(run.trapReason == .nullUnwrap)
    }

    @Test("?.( ) and ?.[ ] give null on a null base and call or index otherwise")
    func optionalCallAndIndex() throws {
        let run = try runScript("""
            let f: ((x: number) => number)? = (x: number): number => x * 2;
            let g: ((x: number) => number)? = null;
            let xs: number[]? = [5, 6];
            let ys: number[]? = null;
            print((f?.(21) ?? 0) + " " + (g?.(1) ?? -1) + " " + (xs?.[1] ?? 0) + " " + (ys?.[0] ?? -2));
            """)
        #expect(run.output == ["42 -1 6 -2"])
    }

    @Test("&& and || short-circuit; ?: picks one side")
    func shortCircuit() throws {
        let run = try runScript("""
            let calls = 0;
            function touch(result: boolean): boolean { calls += 1; return result; }
            let x = touch(false) && touch(true);
            let y = touch(true) || touch(false);
            print(x + " " + y + " " + calls + " " + (calls > 1 ? "many" : "one"));
            """)
        #expect(run.output == ["false true 2 many"])
    }

    @Test("prefix and postfix increments give the new and the old value")
    func increments() throws {
        let run = try runScript("""
            let i = 5;
            let a = i++;
            let b = ++i;
            let xs: number[] = [1];
            let c = xs[0]++;
            print(a + " " + b + " " + i + " " + c + " " + xs[0]);
            """)
        #expect(run.output == ["5 7 7 1 2"])
    }

    @Test("require and revert stop the script with their reason")
    func reverts() throws {
        #expect(try runScript("require(1 > 2, \"too small\");").revertReason == "too small")
        #expect(try runScript("print(\"a\"); revert(\"stop\"); ").revertReason == "stop")
    }

    @Test("overflow, division by zero and a bad index trap")
    func traps() throws {
        #expect(try runScript("let z = 0; print(1 / z);").trapReason == .divisionByZero)
        #expect(try runScript("let big = 100000000000000000000; print(big * big);").trapReason == .overflow)
        #expect(try runScript("let xs: number[] = [1]; print(xs[3]);").trapReason == .indexOutOfRange)
    }

    @Test("an endless loop runs out of gas")
    func outOfGas() throws {
        let run = try runScript("let i = 0; while (true) { i++; }", gas: 10_000)
        #expect(run.trapReason == .outOfGas)
        #expect(run.gasUsed <= 10_000)
    }

    @Test("runaway recursion ends at the depth limit and a memory bomb at the heap limit or out of gas")
    func limits() throws {
        let recursion = try runScript("function down(n: number): number { return down(n + 1) + 1; } print(down(0));")
        #expect(recursion.trapReason == .stackDepth)
        let bomb = try runScript("let s = \"x\"; while (true) { s = s + s; }", gas: 1_000_000_000)
        #expect(bomb.trapReason == .heapLimit || bomb.trapReason == .outOfGas)
        let arrays = try runScript("let xs: number[] = []; while (true) { xs.push(1); }", gas: 1_000_000_000)
        #expect(arrays.trapReason == .heapLimit || arrays.trapReason == .outOfGas)
    }

    @Test("the same program uses the same gas and prints the same output every time")
    func determinism() throws {
        let source = "let m: Map<string, number> = {}; for (let i = 0; i < 50; i++) { m[\"k\" + i] = i * i; } print(m.size + \" \" + (m[\"k7\"] ?? 0));"
        let first = try runScript(source)
        let second = try runScript(source)
        #expect(first.output == ["50 49"])
        #expect(first.output == second.output && first.gasUsed == second.gasUsed)
    }

    @Test("optimized and unoptimized code print the same")
    func optimizerPreservesBehaviour() throws {
        let source = """
            let s = 0;
            for (let i = 0; i < 100; i++) { s = s + i * 2 - 1; if (s > 1000) { s = s % 97; } }
            const k = 3 * 4 + 1;
            print(s + " " + k + " " + (k > 12) + " " + (2 < 1));
            """
        let optimized = try runScript(source)
        let plain = try runScript(source, optimize: false)
        #expect(optimized.output == plain.output)
        #expect(optimized.gasUsed < plain.gasUsed)
    }
}

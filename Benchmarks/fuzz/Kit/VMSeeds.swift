import Foundation
import CMTBytecode
import CMTCompiler
import CMTSource

/// Seed modules for the VM fuzzers, written in the assembler (docs/bytecode.md) so that together
/// they use every opcode, every table (constants of each kind, classes, state, entry points with
/// typed parameters, debug info) and loops, recursion, host calls and calls back into the contract.
public enum VMSeeds {
    /// The address the fuzzed contract is deployed at (it may call itself through the host).
    public static let contractText = Address.named("fuzz").text

    static let sources: [String] = [
        """
        .class Point x y
        .state total number
        .state names string[]
        .func main 0 12
        .entry main
            loadI r0, 0
            loadK r1, #0.5
        loop:
            addK r0, r0, #1.5
            mulI r2, r0, 3
            mulK r2, r2, #1.25
            nop
            subK r2, r2, #0.25
            divK r3, r2, #4
            modK r4, r3, #2
            div r5, r2, r1
            mod r6, r5, r1
            sub r7, r6, r5
            mul r7, r7, r1
            neg r7, r7
            numOp r8, r7, floor
            numOp r8, r8, round
            jumpGeI r0, 20, after
            jump loop
        after:
            sload r9, total
            add r9, r9, r0
            sstore r9, total
            ret r9
        """,
        """
        .class Point x y
        .func main 0 12
        .entry main
            newArray r1, 4
            loadI r2, 0
        fill:
            push r1, r2
            addI r2, r2, 1
            jumpLeI r2, 9, fill
            pop r3, r1
            len r4, r1
            loadI r5, 2
            getIndex r6, r1, r5
            setIndex r1, r5, r3
            newMap r7
            loadK r8, "k"
            setIndex r7, r8, r6
            setIndex r7, r5, r8
            mapHas r9, r7, r8
            mapDelete r9, r7, r5
            mapKeys r10, r7
            mapValues r11, r7
            newObject r0, Point
            setField r0, 1, r10
            getField r2, r0, 1
            isNull r3, r2
            not r3, r3
            unwrap r2, r2
            ret r0
        """,
        """
        .func main 0 10
        .entry main
            loadK r1, "héllo"
            loadK r2, bytes"00ff10"
            loadK r3, addr"\(contractText)"
            concat r0, r1, r2
            toStr r4, r3
            concat r0, r0, r4
            len r5, r0
            lt r6, r1, r0
            le r6, r0, r1
            eq r7, r1, r1
            ne r7, r7, r6
            loadBool r8, 1
            jumpIf r8, skip
            loadNull r0
        skip:
            jumpIfNot r7, done
            loadK r9, ""
            host r9, sha256, 1
        done:
            ret r0
        """,
        """
        .func fib 1 4
        .entry fib n:number -> number
            jumpLtI r0, 2, base
            addI r1, r0, -1
            call r1, fib, 1
            addI r2, r0, -2
            call r2, fib, 1
            add r0, r1, r2
        base:
            ret r0
        .func apply 2 5
        .entry apply f:function x:number -> any
            move r2, r1
            callRef r2, r0, 1
            ret r2
        .func main 0 6
        .entry main
            loadFunc r1, fib
            loadI r2, 12
            call r2, apply, 2
            ret r2
        """,
        """
        .state count number
        .state owner address
        .state book any
        .func bump 1 8
        .entry bump by:number -> number
            sload r1, count
            add r1, r1, r0
            sstore r1, count
            loadK r2, "Bumped"
            move r3, r1
            host r2, emit, 3
            host r4, sender, 0
            host r5, value, 0
            host r6, blockHeight, 0
            host r6, blockTime, 0
            host r7, selfAddress, 0
            sstore r7, owner
            jumpGeI r1, 100, fail
            ret r1
        fail:
            loadK r2, "too big"
            revert r2
        .func pay 2 6
        .entry pay to:address amount:number -> boolean
            move r2, r0
            move r3, r1
            host r2, transfer, 2
            move r4, r0
            host r4, balance, 1
            loadBool r5, 1
            loadK r3, "no"
            require r5, r3
            ret r5
        .func again 0 6
        .entry again
            loadK r1, addr"\(contractText)"
            loadK r2, "bump"
            newArray r3, 1
            loadI r4, 1
            push r3, r4
            host r1, callContract, 3
            host r1, print, 1
            retNull
        """,
        """
        .class Node value next
        .func main 0 8
        .entry main
            loadNull r1
            loadI r2, 0
        build:
            newObject r3, Node
            setField r3, 0, r2
            setField r3, 1, r1
            move r1, r3
            addI r2, r2, 1
            jumpLtI r2, 50, build
            loadI r0, 0
        walk:
            isNull r4, r1
            jumpIf r4, end
            getField r5, r1, 0
            add r0, r0, r5
            getField r1, r1, 1
            jumpEqI r4, 0, walk
        end:
            jumpNe r0, r2, out
            jumpEq r0, r0, out
            jumpLe r0, r2, out
            jumpLt r0, r2, out
            jumpGtI r0, 1, out
            jumpNeI r0, 1, out
        out:
            ret r0
        """,
    ]

    /// CMT programs compiled by the real compiler, so the seeds hold what `cmtc` emits: closures and
    /// cells, globals, intrinsics, maps, strings, objects, contract state and events.
    static let programs: [String] = [
        """
        let seed = 7;
        function rand(): number { seed = (seed * 48271) % 2147483647; return seed; }
        let m: Map<string, number> = {};
        for (let i = 0; i < 20; i++) { m["k" + (rand() % 5)] = i; }
        let parts: string[] = [];
        for (const k of m.keys()) { parts.push(k + "=" + (m.get(k) ?? 0)); }
        print(parts.join(",").toUpperCase().slice(1, 9) + " " + "a b".split(" ").length + " " + (2 ** 5) + " " + (6 ^ 3));
        """,
        """
        class Point { x: number = 0; y: number = 0; constructor(x: number, y: number) { this.x = x; this.y = y; } norm(): number { return Math.abs(x) + Math.abs(y); } }
        function adder(k: number): (v: number) => number { return (v: number): number => v + k; }
        let total = 0;
        const f = adder(3);
        let counter = 0;
        const bump = (): number => counter + 1;
        counter = 5;
        for (const p of [new Point(1, -2), new Point(-3, 4)]) { total += f(p.norm()); }
        let s = "héllo";
        print(total + " " + bump() + " " + s[1] + s.charAt(4) + " " + (1.255).toFixed(2) + " " + [3, 1, 2].indexOf(2));
        """,
        """
        contract Counter {
            count: number = 1;
            log: string[] = [];
            event Bumped(by: address, count: number);
            public function bump(step: number): number {
                require(step > 0, "positive");
                count += step;
                log.push("+" + step);
                emit Bumped(msg.sender, count);
                return count;
            }
            public function history(): string { return log.join(" ") + " at " + block.height; }
        }
        """,
    ]

    /// The seed modules, serialized. Each is also stored with debug information.
    public static func modules() -> [[UInt8]] {
        var result: [[UInt8]] = []
        for program in programs {
            let sources = SourceManager()
            let output = Compiler.compile([sources.add(path: "seed.cmt", text: program)], sources: sources)
            if let module = output.module { result.append(module.serialized()) }
        }
        for source in sources {
            guard var module = try? Assembler.assemble(source) else { continue }
            result.append(module.serialized())
            let locations = module.functions.indices.flatMap { function in
                module.functions[function].code.indices.map {
                    DebugLocation(function: UInt16(function), instruction: UInt16($0), file: 0, start: UInt32($0), end: UInt32($0 + 1))
                }
            }
            module.debugInfo = DebugInfo(files: ["seed.cmt"], locations: locations)
            result.append(module.serialized())
        }
        return result
    }
}

extension VMSeeds {
    /// Writes each seed module to `directory` as `seed<N>.cmtb`, creating it if needed.
    /// - Returns: The number of files written, or nil when one could not be written.
    public static func write(to directory: String) -> Int? {
        let url = URL(fileURLWithPath: directory)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let seeds = modules()
        for (index, seed) in seeds.enumerated() {
            let path = url.appendingPathComponent("seed\(index).cmtb").path
            guard FileManager.default.createFile(atPath: path, contents: Data(seed)) else { return nil }
        }
        return seeds.count
    }
}

import CMTBytecode
import CMTVM
import Testing

/// Run-time behaviour and gas of destructuring declarations and `for … of` patterns.
@Suite struct DestructuringTests {
    static let point = """
        class Point {
            x: number = 0;
            y: number = 0;
            label?: string;
            constructor(x: number, y: number) {
                this.x = x;
                this.y = y;
            }
        }

        """

    @Test("array patterns take elements in order, skip holes, use defaults past the end and collect the rest", arguments: [true, false])
    func arrayPatterns(optimize: Bool) throws {
        let run = try runScript("""
            const [a, , b = 9, ...rest] = [1, 2];
            print(`${a} ${b} ${rest.length}`);
            const [first, ...others] = [10, 20, 30];
            print(`${first} ${others.join("+")}`);
            const [[n1, n2], [n3]] = [[1, 2], [3]];
            print(n1 + n2 + n3);
            function sum(): number {
                return a + first;
            }
            print(sum());
            """, optimize: optimize)
        #expect(run.output == ["1 9 0", "10 20+30", "6", "11"])
    }

    @Test("an array element past the end without a default reverts, as xs[i] does")
    func missingElementReverts() throws {
        let run = try runScript("""
            const [a, b] = [1];
            print(a + b);
            """)
        #expect(run.output.isEmpty)
        #expect(run.trapReason != nil || run.revertReason != nil)
    }

    @Test("object patterns read fields of class instances and entries of maps, with defaults for null and missing", arguments: [true, false])
    func objectPatterns(optimize: Bool) throws {
        let run = try runScript(Self.point + """
            const { x, y: why, label = "none" } = new Point(3, 4);
            print(`${x} ${why} ${label}`);
            const { gold, silver = 0, bronze } = { gold: 5, bronze: 1 };
            print(`${gold ?? -1} ${silver} ${bronze ?? -1}`);
            """, optimize: optimize)
        #expect(run.output == ["3 4 none", "5 0 1"])
    }

    @Test("for-of destructures each element; let makes the variables assignable")
    func forOfPatterns() throws {
        let run = try runScript(Self.point + """
            function total(points: Point[]): number {
                let sum = 0;
                for (const { x, y } of points) {
                    sum += x * y;
                }
                return sum;
            }
            print(total([new Point(1, 2), new Point(3, 4)]));
            let pairs: number[][] = [[1, 2], [3]];
            for (let [l, r = 0] of pairs) {
                l += 1;
                print(l + r);
            }
            """)
        #expect(run.output == ["14", "4", "4"])
    }

    @Test("parameters can be patterns, in functions, methods and arrow functions, with defaults", arguments: [true, false])
    func parameterPatterns(optimize: Bool) throws {
        let run = try runScript(Self.point + """
            function area({ x, y }: Point): number {
                return x * y;
            }
            function range([low, high = low]: number[], scale: number = 1): number {
                return (high - low) * scale;
            }
            class Box {
                function corner({ x }: Point, [dx = 0]: number[] = []): number {
                    return x + dx;
                }
            }
            const half = ({ label = "?" }: Point): string => label;
            const sumPair = ([a, b]: number[]): number => a + b;
            const p = new Point(3, 4);
            print(`${area(p)} ${range([2, 7])} ${range([5], 2)} ${new Box().corner(p)} ${new Box().corner(p, [2])}`);
            print(`${half(p)} ${sumPair([4, 5])}`);
            """, optimize: optimize)
        #expect(run.output == ["12 5 0 3 5", "? 9"])
    }

    @Test("a default is computed only when it is used")
    func defaultsAreLazy() throws {
        let run = try runScript("""
            let calls = 0;
            function fallback(): number {
                calls++;
                return 7;
            }
            const [a = fallback(), b = fallback()] = [1];
            print(`${a} ${b} ${calls}`);
            """)
        #expect(run.output == ["1 7 1"])
    }

    @Test("destructuring costs no more gas than the element and field reads it stands for")
    func destructuringGas() throws {
        let pattern = try runScript(Self.point + """
            const p = new Point(1, 2);
            const { x, y } = p;
            const xs = [5, 6];
            const [a, b] = xs;
            print(x + y + a + b);
            """)
        let plain = try runScript(Self.point + """
            const p = new Point(1, 2);
            const x = p.x;
            const y = p.y;
            const xs = [5, 6];
            const a = xs[0];
            const b = xs[1];
            print(x + y + a + b);
            """)
        #expect(pattern.output == ["14"])
        #expect(pattern.output == plain.output)
        #expect(pattern.gasUsed <= plain.gasUsed)
    }
}

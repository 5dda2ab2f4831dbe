import CMTSource
import Testing
@testable import CMTCompiler

/// Flow analysis through `switch`, `do … while` and labelled statements: definite assignment,
/// missing returns and unreachable code, asserted by diagnostic codes.
@Suite("Control flow checks")
struct ControlFlowCheckTests {
    func codes(_ text: String) -> [String] {
        Frontend.check(text: text).0.diagnostics.map(\.code)
    }

    @Test("a switch with a default whose cases all return needs no return after it; without a default it does")
    func switchReturns() {
        #expect(codes("""
            function f(x: number): number {
                switch (x) {
                    case 1:
                        return 1;
                    default:
                        return 2;
                }
            }
            """) == [])
        #expect(codes("""
            function f(x: number): number {
                switch (x) {
                    case 1:
                        return 1;
                    case 2:
                        return 2;
                }
            }
            """) == ["E0213"])
    }

    @Test("a variable assigned in every case of a switch with a default is assigned after it")
    func switchDefiniteAssignment() {
        let body = """
                    case 1:
                        y = 1;
                        break;
                    case 2:
                        y = 2;
                        break;
            """
        #expect(codes("""
            function f(x: number): number {
                let y: number;
                switch (x) {
            \(body)
                    default:
                        y = 3;
                }
                return y;
            }
            """) == [])
        #expect(codes("""
            function f(x: number): number {
                let y: number;
                switch (x) {
            \(body)
                }
                return y;
            }
            """) == ["E0214"])
    }

    @Test("the last case may end without break; a case with only a block that breaks is fine")
    func fallthroughRules() {
        #expect(codes("""
            function f(x: string): number {
                let n = 0;
                switch (x) {
                    case "a": {
                        n = 1;
                        break;
                    }
                    case "b":
                    case "c":
                        n = 2;
                        break;
                    default:
                        n = 3;
                }
                return n;
            }
            """) == [])
    }

    @Test("a do-while body always runs, so what it assigns is assigned after the loop")
    func doWhileAssigns() {
        #expect(codes("""
            function f(x: number): number {
                let y: number;
                do {
                    y = x;
                } while (y > 10);
                return y;
            }
            """) == [])
        #expect(codes("""
            function f(x: number): number {
                do {
                    return x;
                } while (x > 0);
            }
            """) == [])
    }

    @Test("code after a labelled break is unreachable, and the labelled statement's end is reachable again")
    func labelledBreakFlow() {
        #expect(codes("""
            function f(x: number): number {
                done: {
                    if (x > 1) {
                        break done;
                    }
                    return 1;
                }
                return 2;
            }
            """) == [])
        #expect(codes("""
            function f(x: number): number {
                outer: while (x > 0) {
                    break outer;
                    x--;
                }
                return x;
            }
            """) == ["W0002"])
    }

    @Test("break and continue do not reach labels outside an arrow function")
    func labelsStopAtFunctions() {
        #expect(codes("""
            function f(xs: number[]): void {
                outer: for (const _x of xs) {
                    const g = (): void => {
                        while (true) {
                            break outer;
                        }
                    };
                    g();
                }
            }
            """) == ["E0282"])
    }

    @Test("case and default outside a switch are syntax errors")
    func caseOutsideSwitch() {
        #expect(codes("""
            function f(x: number): void {
                case 1:
                    print(x);
            }
            """).first == "E0104")
    }
}

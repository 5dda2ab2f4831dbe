import Testing
@testable import CMTCompiler
import CMTSource

/// Behaviour of the type checker, asserted by diagnostic codes; the rendered text of each message is
/// pinned by the golden tests.
@Suite("Type checker")
struct CheckerTests {
    func codes(_ text: String) -> [String] {
        Frontend.check(text: text).0.diagnostics.map(\.code)
    }

    static let message = """
        class Message {
          static GET_PRICE = 1;
          status: number = 0;
          fico_score: number = 0;
          listed_price: number = 0;
          price: number = 0;
        }

        """

    @Test("the white paper's pricing call checks as a contract function")
    func whitePaperPricing() {
        #expect(codes(CheckerTests.message + """
            contract Pricing {
              public function quote(fico: number, listed: number): number {
                engine = load_rules("pricing.rl");

                m = new Message ();
                m.status = Message.GET_PRICE;
                m.fico_score = 741; // Get from profile DB
                m.listed_price = 100; // Get from product DB
                engine.send(m);
                return m.price; // Returns 80 to Dapp caller
              }
            }
            """) == [])
    }

    @Test("the white paper's purchase loop checks with a stored optional process id")
    func whitePaperPurchase() {
        #expect(codes("""
            contract Purchase {
              pid: number? = null;
              public function run(): void {
                if (pid) {
                  process = load_process (pid);
                } else {
                  process = start_process("purchase.bpm");
                  pid = process.id;
                }
                while (process.next()) {
                  if (process.state == "credit seller") {
                  }
                  if (process.state=="deduct from buyer") {
                  }
                }
              }
            }
            """) == [])
    }

    @Test("the prelude itself checks without diagnostics")
    func preludeIsClean() {
        #expect(codes("") == [])
    }

    @Test("assignment to a new name declares a function-level variable")
    func declarationByAssignment() {
        #expect(codes("""
            function f(c: boolean): number {
              if (c) { x = 1; } else { x = 2; }
              return x;
            }
            print(f(true));
            """) == [])
        #expect(codes("""
            function f(c: boolean): number {
              if (c) { x = 1; }
              return x;
            }
            print(f(true));
            """) == ["E0214"])
    }

    @Test("return types are inferred, including through recursion after a base case")
    func returnInference() {
        #expect(codes("""
            function fib(n: number) { if (n < 2) return n; return fib(n - 1) + fib(n - 2); }
            let s: string = fib(3);
            print(s);
            """) == ["E0203"])
        #expect(codes("function loop(n: number) { return loop(n); }\nprint(loop(1));") == ["E0229"])
    }

    @Test("optionals must be unwrapped, and null checks narrow them")
    func optionalNarrowing() {
        #expect(codes("""
            function f(m: Map<string, number>): number {
              const v = m["a"];
              if (v != null) { return v + 1; }
              const w = m["b"];
              if (!w) { return 0; }
              return w * 2;
            }
            print(f({}));
            """) == [])
        #expect(codes("""
            function f(m: Map<string, number>): number { return m["a"] + 1; }
            print(f({}));
            """) == ["E0207"])
    }

    @Test("a loop that assigns a narrowed variable undoes the narrowing")
    func loopForgetsNarrowing() {
        #expect(codes("""
            function f(xs: number?[]): number {
              let x: number? = 1;
              let total = 0;
              if (x != null) {
                for (const y of xs) {
                  total += x;
                  x = y;
                }
              }
              return total;
            }
            print(f([]));
            """) == ["E0207"])
    }

    @Test("conditions must be boolean or optional")
    func truthiness() {
        #expect(codes("let n = 1;\nif (n) { print(n); }") == ["E0206"])
    }

    @Test("missing returns, unreachable code and unused variables are found")
    func flowChecks() {
        #expect(codes("function f(c: boolean): number { if (c) { return 1; } }\nprint(f(true));") == ["E0213"])
        #expect(codes("function f(): number { return 1; print(2); }\nprint(f());") == ["W0002"])
        #expect(codes("function f(): void { let unused = 1; }\nf();") == ["W0001"])
        #expect(codes("function f(): number { while (true) { } }\nprint(f());") == [])
        #expect(codes("function f(): number { revert(\"no\"); }\nprint(f());") == [])
    }

    @Test("contract state must be storable and public signatures ABI types")
    func contractRules() {
        #expect(codes("""
            contract C {
              callback: (x: number) => number = (x: number) => x;
              public function f(g: (n: number) => number): number { return g(1); }
            }
            """) == ["E0400", "E0401"])
    }

    @Test("events are checked at emit")
    func events() {
        #expect(codes("""
            contract C {
              event Paid(to: address, amount: number);
              public function pay(): void {
                emit Paid(msg.sender, 5);
                emit Paid(5, msg.sender);
                emit Payed(msg.sender, 5);
              }
            }
            """) == ["E0204", "E0204", "E0234"])
    }

    @Test("number literals must fit the exact decimal type")
    func numberLiterals() {
        #expect(codes("let a = 170141183460469231731;\nprint(a);") == [])
        #expect(codes("let a = 170141183460469231732;\nprint(a);") == ["E0230"])
        #expect(codes("let a = 0.000000000000000001;\nprint(a);") == [])
        #expect(codes("let a = 0.0000000000000000001;\nprint(a);") == ["E0231"])
        #expect(codes("let a = 1.5e3 + 0x1F + 2_000;\nprint(a);") == [])
    }

    @Test("classes: constructors, methods, statics, and this")
    func classes() {
        #expect(codes("""
            class Counter {
              static START = 10;
              count: number;
              constructor(start: number) { this.count = start; }
              bump(by: number = 1): number { count += by; return this.count; }
              static make(): Counter { return new Counter(Counter.START); }
            }
            const c = Counter.make();
            print(c.bump() + c.bump(2));
            """) == [])
        #expect(codes("class A { x: number; }\nprint(new A().x);") == ["E0236"])
        #expect(codes("class A { static K = 1; }\nprint(new A().K);") == ["E0271"])
    }

    @Test("generic classes and functions are instantiated from their arguments")
    func generics() {
        #expect(codes("""
            class Box<T> { value: T; constructor(v: T) { this.value = v; } get(): T { return this.value; } }
            function first<T>(xs: T[]): T? { return xs.length > 0 ? xs[0] : null; }
            const b = new Box<string>("x");
            const s: string = b.get();
            const n: number? = first([1, 2]);
            print(s + n);
            """) == ["E0207"])
    }

    @Test("arrow functions take their parameter types from the context")
    func arrows() {
        #expect(codes("""
            function apply(f: (n: number) => number, x: number): number { return f(x); }
            print(apply(n => n * 2, 3));
            print(apply((n: number): number => n + 1, 3));
            """) == [])
    }
}

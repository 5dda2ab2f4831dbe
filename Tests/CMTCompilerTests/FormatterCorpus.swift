/// Varied CMT inputs, each free of syntax errors, that the formatter's properties are checked on:
/// every construct of the language, odd layout, and comments in every kind of place.
enum FormatterCorpus {
    static let inputs: [(name: String, source: String)] = [
        ("contract with state, events, constructor, functions and webhooks", """
        /// Pricing for car loans.
        contract Pricing {
          // state
          owner: address;
          private static readonly rates: Map<string, number> = new Map<string, number>();
          public quotes: number[] = [];
          event Quoted(who: address, price: number);
          constructor(owner: address) { this.owner = owner }
          /// The price for one applicant.
          public function quote(fico: number, listed: number): number {
            engine = load_rules("pricing.rl");
            m = new Message();
            m.status = Message.GET_PRICE; m.fico_score = fico
            engine.send(m);
            emit Quoted(msg.sender, m.price);
            return m.price;
          }
          private helper(x?: number, y: number = 2): number? { return x ?? y }
          webhook paid(amount: number, ref: string) { require(amount > 0, 'no "money"'); }
        }
        """),
        ("class hierarchies, interfaces, abstract classes and parameter properties", """
        interface Named { name: string; label(prefix: string): string }
        interface Titled extends Named , Comparable{ title?: string; }
        /// A shape.
        abstract class Shape implements Named{
          constructor(public name: string, protected readonly sides: number, private id = 0) {}
          abstract area(): number;
          protected abstract scale(by: number): Shape;
          label(prefix: string): string { return prefix + this.name }
        }
        class Square extends Shape implements Named , Other {
          constructor(private side: number) { super("square", 4) } // base first
          area(): number { return this.side * this.side }
          protected scale(by: number): Shape { return new Square(this.side * by) }
          label(prefix: string): string { return super.label(prefix) + "!" }
        }
        """),
        ("classes, generics and declarations", """
        class Message {
          static GET_PRICE = 1;
          status: number = 0;
          fico_score: number = 0
          listed_price: number = 0;
          price?: number;
        }
        declare function load_rules(path: string): RuleSession;
        class Box<T> { value: T; constructor(value: T) { this.value = value; } get(): T { return this.value; } map<U>(f: (value: T) => U): Box<U> { return new Box<U>(f(this.value)); } }
        declare class Host { declare static now(): number; }
        """),
        ("statements of every kind", """
        let a = 1, b: number = 2, c;
        const d = "x";
        if (a < b) { a = b } else if (a > b) { b = a } else { a = 0 }
        if (a) a++; else a--;
        while (a < 10) a += 1;
        for (let i = 0; i < 10; i++) { if (i == 3) continue; if (i == 8) break; }
        for (;;) { break; }
        for (i = 0; ; ) break;
        for (const x of [1, 2, 3]) total += x;
        for (y of ys) { }
        for (let z: number of zs) {}
        function inner(): number { function nested() { return; } return 1; }
        { let scoped = 1; }
        ;;
        if (a) ;
        while (b);
        """),
        ("switch, do-while, labels and template literals", """
        switch (x) { case 1: case 2: a++; break; // two
        case "three": { b--; } break
        default: /* none */ ; }
        switch (y) {}
        do a++; while (a < 3)
        do { a--; } while (a > 0);
        outer: for (const r of rows) { inner: for (;;) { if (r) continue outer; break inner; } }
        done: { if (a) break done; a = 1; }
        all = [...xs, 1, ... ys,]; merged = { ...base, k: 1, ...more };
        const [a1, , b1 = 2, ...r1] = xs; let {p1, q1: [q2, q3], if: s1 = 0,}: Pt = pt
        const [ , h1] = xs; const [h2, ,] = xs; let [] = xs; let {} = m;
        for (const [k2, v2 = 1] of pairs) {} for (let { x2 } of pts) x2++;
        function dist({ x, y: [y1, y2] }: P, [a3, b3 = 1]: number[] = [], c3?: number): number { return x; }
        f3 = ({ w }: Q) => w; g3 = ([h]) => h; r3 = (...xs: number[]) => xs; sum(1, ...xs, ... [2]);
        function rest(a: number, ... more: string[]) {}
        t = `plain`; u = `a ${b} c ${`nested ${d}`} \\` \\${ $ {}`;
        v = `line one
        line two`;
        """),
        ("expressions of every kind", """
        x = (a + b) * c - d / e % f ** g ** h;
        y = a ? b : c ? d : e;
        z = !a && (b || c) ?? d;
        q ??= r; q += 1; q -= 1; q *= 2; q /= 2; q %= 3;
        v = a?.b?.[i]?.(1, 2,)!.c;
        w = -x + +y - -z + - -z + ~w + !!w;
        u = - --u + + ++u;
        n = [1_000.50, 0x1F, 2e3, .5, 1.0e-7,];
        m = { a: 1, "b c": 2, 'd': 3, 4: 5, [k]: 6, if: 7, };
        e = {};
        f = (x: number): number => x * 2;
        g = x => { return x + 1; };
        h = () => ({ a: 1 });
        i = (a, b?: number, c = 3) => a;
        s = "tab\\t quote\\" unicode\\u{1F600} \\x41";
        t = 'it\\'s "quoted"';
        o = new Box<Map<string, number[]>>(1, [2]);
        p = new Plain;
        r = ((((a))));
        k = a & b | c ^ d << 1 >> 2;
        l = a === b && c !== d && e != f && g <= h && i >= j;
        fnType = (cb: (amount: number, note?: string) => boolean[]) => cb;
        arr = (cb: ((n: number) => string)[], o: (() => number)?) => 0;
        a.b.c = process.new(1).of;
        """),
        ("comments everywhere", """
        // header comment

        /* block header */
        contract C { // after brace
          /// doc for x
          x: number = 1; // trailing on field
          /* before y */ y: number = 2;

          // before f


          // second before f
          public function f(a: number /* after a */, b: number): number {
            // first
            let v = a + /* inline */ b; // trailing
            if (v > 1) { // after if brace
              return v; /* trailing block */ /* two */
            } // after if
            else {
              v = 0;
              // before else close
            }
            f(1, // after first argument
              2);
            v = a // before plus
              + b;
            return v
            // before function close
          }
          // before contract close
        }
        /** doc block
         *  with lines
         */
        function g() {}
        // end of file
        """),
        ("script with blank lines and doc comments on the same line", """
        let a = 1;


        let b = 2; /// not a doc
        function h() {} /// doc for k
        function k() {}
        class W { x = 1; /// doc for y
          y = 2; }
        """),
        ("edge cases: nesting, arrows in arguments, comments in odd places", """
        function outer() {
          /// doc for the inner function
          let before = 1; /// doc stays with inner
          function inner() { return (((1 + 2) * (3 - (4 / (5 % 6))))) }
          xs.forEach(x => {
            // inside the arrow
            total += x
          }, /* second */ 2);
          return /* nothing much */ before
        }
        if (a) { } else { /* only a comment */ }
        let m = { // opening a map
          a: 1, // first
          b: 2
        };
        call(
          // own-line comment before an argument
          a,
          b, // trailing after b
        );
        x = a /* before the operator */ + b;
        y = cond /* c1 */ ? yes /* c2 */ : no;
        """),
        ("a file that is only comments", """
        // just a note

        /* and a block */
        """),
        ("windows line endings", "let a = 1;\r\n// note\r\nfunction f() {\r\n  return a;\r\n}\r\n"),
    ]
}

import CMTCompiler
import CMTSource
import Testing

@Suite("Formatter canonical style")
struct FormatterTests {
    /// Formats `input` and expects exactly `expected`.
    func expectFormat(_ input: String, _ expected: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        switch FormatterTestSupport.format(input) {
        case .success(let output):
            #expect(output == expected, sourceLocation: sourceLocation)
        case .failure(let failure):
            Issue.record("not formatted: \(failure)", sourceLocation: sourceLocation)
        }
    }

    @Test("statements get 4-space indentation, braces on the same line and semicolons")
    func statementLayout() {
        expectFormat("""
        function f(n:number){
        let total=0
          for(let i=0;i<n;i++){ if(i%2==0){total+=i}else{total-=1} }
        while(total>100)total--
        return total}
        """, """
        function f(n: number) {
            let total = 0;
            for (let i = 0; i < n; i++) {
                if (i % 2 == 0) {
                    total += i;
                } else {
                    total -= 1;
                }
            }
            while (total > 100) total--;
            return total;
        }

        """)
    }

    @Test("class headers keep extends and implements, interfaces list signatures without 'function', modifiers in canonical order")
    func classHierarchyLayout() {
        expectFormat("""
        interface Named extends A,B{name:string
        label(p:string):string}
        abstract class Shape implements Named{constructor(readonly public name:string){}
        abstract protected area():number
        }
        class Square extends Shape{constructor(private side:number){super("sq")}
        area():number{return super.area()}}
        """, """
        interface Named extends A, B {
            name: string;

            label(p: string): string;
        }

        abstract class Shape implements Named {
            constructor(public readonly name: string) {}

            protected abstract function area(): number;
        }

        class Square extends Shape {
            constructor(private side: number) {
                super("sq");
            }

            function area(): number {
                return super.area();
            }
        }

        """)
    }

    @Test("switch clauses indent one level inside the braces and their statements one more")
    func switchLayout() {
        expectFormat("""
        function f(x:number):string{switch(x){case 1:case 2:return "small"
        case 3: {return "three"} default: // anything else
        return "big"}}
        let n = 0
        do n++; while(n<3)
        top: while(true){break top}
        let s=`n = ${n+1}!`
        """, """
        function f(x: number): string {
            switch (x) {
                case 1:
                case 2:
                    return "small";
                case 3:
                    {
                        return "three";
                    }
                default: // anything else
                    return "big";
            }
        }

        let n = 0;
        do n++; while (n < 3);
        top: while (true) {
            break top;
        }
        let s = `n = ${n + 1}!`;

        """)
    }

    @Test("literals: double quotes, number text kept, trailing commas removed, short maps on one line")
    func literals() {
        expectFormat("""
        s = 'it\\'s';
        n = [1_000.50,0x1F,2e3,];
        m = {a:1,'b c':2,};
        """, """
        s = "it's";
        n = [1_000.50, 0x1F, 2e3];
        m = { a: 1, "b c": 2 };

        """)
    }

    @Test("expressions: operators spaced, calls tight, parentheses kept where written")
    func expressions() {
        expectFormat("""
        x=a?b:c
        y=f ( (a+b) )*-c
        z=a?.b?.[i]?.( )!
        w=- -a
        q??=(r)
        """, """
        x = a ? b : c;
        y = f((a + b)) * -c;
        z = a?.b?.[i]?.()!;
        w = - -a;
        q ??= (r);

        """)
    }

    @Test("declarations are separated by one blank line and modifiers are put in canonical order")
    func declarations() {
        expectFormat("""
        contract Token {
        readonly static public supply: number = 0
        event Sent(to: address, amount: number)
        constructor() { }
        public function send(to: address, amount: number) { emit Sent(to, amount) }
        webhook paid(ref: string) { }
        }
        class Box<T> { value: T; get(): T { return this.value } }
        declare function now(): number
        """, """
        contract Token {
            public static readonly supply: number = 0;
            event Sent(to: address, amount: number);

            constructor() {}

            public function send(to: address, amount: number) {
                emit Sent(to, amount);
            }

            webhook paid(ref: string) {}
        }

        class Box<T> {
            value: T;

            function get(): T {
                return this.value;
            }
        }

        declare function now(): number;

        """)
    }

    @Test("types print canonically and function types keep their parameter names")
    func types() {
        expectFormat("""
        function f(a: number [], b: Map< string,number >, c: T ?, d: ( x: number ) => string, e: ((n: number) => string)[]) {}
        """, """
        function f(a: number[], b: Map<string, number>, c: T?, d: (x: number) => string, e: ((n: number) => string)[]) {}

        """)
    }

    @Test("comments stay before, beside or inside the code they were written at")
    func comments() {
        expectFormat("""
        // header
        let a = 1 // trailing
        if (a) { // after the brace
          a = 2;
          // before the closing brace
        }
        """, """
        // header
        let a = 1; // trailing
        if (a) { // after the brace
            a = 2;
            // before the closing brace
        }

        """)
    }

    @Test("blank lines: at most one kept inside blocks, none after an opening brace")
    func blankLines() {
        expectFormat("""
        function f() {

          a();



          b();

        }
        """, """
        function f() {
            a();

            b();
        }

        """)
    }

    @Test("a file with syntax errors is formatted only where it parses, and its diagnostics come back")
    func syntaxErrors() {
        let result = Formatter.format(FormatterTestSupport.sourceFile("let x = ;\nfunction f( {"))
        #expect(result.text == nil)
        #expect(!result.diagnostics.isEmpty)
        #expect(result.diagnostics.allSatisfy { $0.span.file == FileID(0) })
        #expect(result.diagnostics.contains { $0.severity == .error })
        #expect(String(decoding: result.output, as: UTF8.self) == "let x = ;\nfunction f( {\n")
    }

    @Test("an empty file formats to an empty file")
    func emptyFile() {
        expectFormat("", "")
        expectFormat("\n\n  \n", "")
    }
}

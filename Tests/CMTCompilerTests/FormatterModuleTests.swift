import CMTCompiler
import Testing

/// `cmtc fmt` on imports, exports, declared contracts and `try`/`catch`.
@Suite struct FormatterModuleTests {
    func expectFormat(_ input: String, _ expected: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        switch FormatterTestSupport.format(input) {
        case .success(let output):
            #expect(output == expected, sourceLocation: sourceLocation)
            // Formatting again changes nothing, and the tree is the one read from the input.
            #expect((try? FormatterTestSupport.format(output).get()) == output, sourceLocation: sourceLocation)
            #expect(FormatterTestSupport.dump(output) == FormatterTestSupport.dump(input), sourceLocation: sourceLocation)
        case .failure(let failure):
            Issue.record("not formatted: \(failure)", sourceLocation: sourceLocation)
        }
    }

    @Test("imports print on one line with double quotes, exports stay before their declarations")
    func importsAndExports() {
        expectFormat("""
        import {a,b as c} from './lib/x'
        import {d} from "std/money"  // money helpers
        export const LIMIT=3
        export function f(n:number):number{return a(n)+c(n)+d(LIMIT)}
        export class Box{n:number=0}
        """, """
        import { a, b as c } from "./lib/x";
        import { d } from "std/money"; // money helpers
        export const LIMIT = 3;

        export function f(n: number): number {
            return a(n) + c(n) + d(LIMIT);
        }

        export class Box {
            n: number = 0;
        }

        """)
    }

    @Test("try/catch prints as in TypeScript; a declared contract keeps its bodiless functions")
    func tryCatchAndDeclaredContract() {
        expectFormat("""
        export declare contract Bank{public function pay(to:address,amount:number):boolean}
        function use(bank:Bank,to:address):string{try{bank.pay(to,1);return "ok"}catch(e:string){return e}}
        function quiet(bank:Bank,to:address):void{try{bank.pay(to,1)}catch{}}
        """, """
        export declare contract Bank {
            public function pay(to: address, amount: number): boolean;
        }

        function use(bank: Bank, to: address): string {
            try {
                bank.pay(to, 1);
                return "ok";
            } catch (e: string) {
                return e;
            }
        }

        function quiet(bank: Bank, to: address): void {
            try {
                bank.pay(to, 1);
            } catch {}
        }

        """)
    }
}

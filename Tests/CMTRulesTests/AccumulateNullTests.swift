import CMTRules
import CMTSource
import CMTVM
import Testing

/// `min` and `max` over no value are null, as in Drools: bound by an accumulate the result is
/// `number?`, so a rule has to handle it; as the value of a `from accumulate` pattern there is no
/// match (Drools' `from` of null gives nothing).
@Suite struct AccumulateNullTests {
    @Test("min and max of no fact are null, and the rule sees null; with facts, the extremes")
    func minMaxOfNothingIsNull() throws {
        let program = try DroolsProgram("""
            declare Order
                total : number
            end
            rule "extremes"
            when
                accumulate( Order($t : total); $lo : min($t), $hi : max($t), $n : count() )
            then
                print("n=" + $n + " min=" + ($lo == null ? "null" : "" + $lo) + " max=" + ($hi ?? -1));
            end
            """)
        try program.fire()
        #expect(program.output == ["n=0 min=null max=-1"])
        try program.insert("Order", ["total": .int(30)])
        try program.insert("Order", ["total": .int(10)])
        try program.fire()
        #expect(program.output.last == "n=2 min=10 max=30")
    }

    @Test("a rule that uses min's result as a number without handling null is a compile error")
    func nullMustBeHandled() {
        #expect(throws: (any Error).self) {
            _ = try DroolsProgram("""
                declare Order
                    total : number
                end
                rule "low"
                when
                    accumulate( Order($t : total); $lo : min($t); $lo > 5 )
                then
                    print("low");
                end
                """)
        }
        // Handled: compiles.
        #expect(throws: Never.self) {
            _ = try DroolsProgram("""
                declare Order
                    total : number
                end
                rule "low"
                when
                    accumulate( Order($t : total); $lo : min($t); $lo != null && $lo! > 5 )
                then
                    print("low");
                end
                """)
        }
    }

    @Test("Number() from accumulate(…, min(…)) over no fact is no match, as Drools' from of null")
    func fromAccumulateOfNothingDoesNotMatch() throws {
        let program = try DroolsProgram("""
            declare Order
                total : number
            end
            rule "least"
            when
                $m : Number() from accumulate( Order($t : total), min($t) )
            then
                print("least " + $m);
            end
            """)
        try program.fire()
        #expect(program.output.isEmpty)
        try program.insert("Order", ["total": .int(7)])
        try program.fire()
        #expect(program.output == ["least 7"])
    }
}

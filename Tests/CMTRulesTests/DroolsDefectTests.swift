import CMTRules
import CMTVM
import Testing

/// The defects of issue 14, each pinned by what Drools does with the same rules.
@Suite struct DroolsDefectTests {
    static let hope = """
        declare Hope
            x : number
        end
        rule "dead"  when not( Hope() )    then print("dead");  end
        rule "lives" when exists( Hope() ) then print("lives"); end
        """

    @Test("rules that start with 'not' and 'exists' keep their own state: inserting the fact swaps them")
    func rootNotAndExistsDoNotInterfere() throws {
        let program = try DroolsProgram(Self.hope)
        #expect(program.agenda == ["dead"])
        let hope = try program.insert("Hope", ["x": .int(1)])
        #expect(program.agenda == ["lives"])
        try program.fire()
        #expect(program.output == ["lives"])
        try program.driver.retract(hope)
        #expect(program.agenda == ["dead"])
        try program.fire()
        #expect(program.output == ["lives", "dead"])
    }

    @Test("two rules starting with 'not' over the same type both pass, and both stop when a fact arrives")
    func twoRootNots() throws {
        let program = try DroolsProgram("""
            declare Hope
                x : number
            end
            rule "a" when not Hope() then print("a"); end
            rule "b" when not Hope(x > 0) then print("b"); end
            rule "c" when exists Hope(x > 5) then print("c"); end
            """)
        #expect(Set(program.agenda) == ["a", "b"])
        try program.insert("Hope", ["x": .int(7)])
        #expect(program.agenda == ["c"])
    }

    @Test("a self-join over one fact type fires once per ordered pair, as in Drools")
    func selfJoinHasNoDuplicates() throws {
        let program = try DroolsProgram("""
            declare G
                x : number
            end
            rule "cross" when $a : G() $b : G() then print("" + $a.x + "," + $b.x); end
            """)
        try program.insert("G", ["x": .int(1)])
        try program.insert("G", ["x": .int(2)])
        #expect(try program.fire() == 4)
        #expect(program.output.sorted() == ["1,1", "1,2", "2,1", "2,2"])
    }

    @Test("a three-way self-join gives n³ matches, and a retract removes exactly the pairs of the fact")
    func selfJoinThreeWay() throws {
        let program = try DroolsProgram("""
            declare G
                x : number
            end
            rule "triple" when G() G() G() then print("t"); end
            """)
        let first = try program.insert("G", ["x": .int(1)])
        try program.insert("G", ["x": .int(2)])
        try program.insert("G", ["x": .int(3)])
        #expect(program.agenda.count == 27)
        try program.driver.retract(first)
        #expect(program.agenda.count == 8)
    }

    @Test("an 'auto-focus' rule in another agenda group takes the focus when it activates")
    func autoFocus() throws {
        let program = try DroolsProgram("""
            declare G
                x : number
            end
            rule "main" when G() then print("main"); end
            rule "other" agenda-group "other" auto-focus true when G(x == 1) then print("other"); end
            rule "quiet" agenda-group "quiet" when G() then print("quiet"); end
            """)
        try program.insert("G", ["x": .int(1)])
        try program.fire()
        #expect(program.output == ["other", "main"])
    }
}

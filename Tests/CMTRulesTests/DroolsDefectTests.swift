import CMTRules
import CMTSource
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

    static let lines = """
        declare Product
            price : number
        end
        declare Line
            product : Product
            sequence : number
        end

        """

    @Test("a binding on a nested accessor binds the nested field's value")
    func bindingOnNestedAccessor() throws {
        let program = try DroolsProgram(Self.lines + """
            rule "nested" when Line($price : product.price, sequence > 1) then print("price " + $price); end
            """)
        try program.insert("Line", ["product": program.object("Product", ["price": .int(7)]), "sequence": .int(1)])
        try program.insert("Line", ["product": program.object("Product", ["price": .int(3)]), "sequence": .int(2)])
        try program.fire()
        #expect(program.output == ["price 3"])
    }

    @Test("a binding on a constraint binds its field, and later patterns and the consequence see it")
    func bindingOnConstraint() throws {
        let program = try DroolsProgram(Self.lines + """
            rule "seq" when f2 : Line() Line(s3 : sequence == (f2.sequence + 1)) then print("s3 " + s3); end
            """)
        try program.insert("Line", ["sequence": .int(1)])
        try program.insert("Line", ["sequence": .int(2)])
        try program.fire()
        #expect(program.output == ["s3 2"])
    }

    @Test("'cmtc check' reports what only lowering to the network finds, with a span in the rule file")
    func checkReportsUnsupportedConstructs() throws {
        let (result, sources) = RuleFrontend.check(rules: Self.lines + """
            rule "odd" when exists( Line() or Product() ) then print("x"); end
            """)
        #expect(!result.diagnostics.contains { $0.severity == .error })
        let file = try #require(sources.allFiles.first { $0.path == "rules.drl" })
        let lowering = RuleFrontend.loweringDiagnostics(result, rules: [file], sources: sources)
        #expect(lowering.map(\.message.id.code) == ["E0769"])
        #expect(lowering.first?.span.file == file.id)
    }

    /// The errors of a DRL text (with no CMT), rendered plainly, one per line: `line:col code text`.
    static func errors(_ rules: String) -> [String] {
        let (result, sources) = RuleFrontend.check(rules: rules)
        return result.diagnostics.map { diagnostic in
            let location = sources.file(diagnostic.span.file)?.location(of: diagnostic.span.start)
            let (line, column) = (location?.line ?? 0, location?.column ?? 0)
            return "\(line):\(column) \(diagnostic.message.id.code) \(diagnostic.message.text)"
        }
    }

    @Test("an unknown type in a global is one error at the global, none at the rules that use it")
    func unknownGlobalTypeOnce() {
        let errors = Self.errors("""
            declare Cheese
                price : number
            end
            global List list;
            rule "a" when Cheese() then list.add(1); end
            rule "b" when Cheese() then list.add(2); end
            """)
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("4:8 E0770 unknown type 'List' for global 'list'") == true)
    }

    @Test("a custom accumulate (init, action, reverse, result) computes its result, and follows retracts")
    func customAccumulate() throws {
        let program = try DroolsProgram("""
            declare Cheese
                price : number
            end
            rule "c" when $t : Number(intValue > 5) from accumulate( Cheese($p : price), init( double total = 0; ), action( total += $p; ),
                                                         reverse( total -= $p; ), result( total ) )
            then print("" + $t); end
            """)
        try program.insert("Cheese", ["price": .int(4)])
        try program.fire()
        let second = try program.insert("Cheese", ["price": .int(3)])
        try program.fire()
        try program.driver.retract(second)
        try program.insert("Cheese", ["price": .int(9)])
        try program.fire()
        #expect(program.output == ["7", "13"])
    }

    @Test("a custom accumulate without a result pattern is one clear error, not a cascade")
    func customAccumulateNeedsPattern() {
        let errors = Self.errors("""
            declare Cheese
                price : number
            end
            rule "c" when accumulate( Cheese($p : price); init( total = 0; ), action( total += $p; ), result( total ) )
            then print("x"); end
            """)
        #expect(errors.count == 1)
        #expect(errors.first?.contains("E0713") == true)
    }

    @Test("annotations: inert ones warn, ones that change matching are errors, one message each")
    func annotationsInDeclare() {
        let errors = Self.errors("""
            declare Cheese
                @propertyChangeSupport
                price : number @key
                name : string
            end
            rule "c" when Cheese() then print("x"); end
            """)
        #expect(errors == [
            "2:5 W0702 annotation '@propertyChangeSupport' has no meaning on a chain and is ignored",
            "3:20 E0772 annotation '@key' is not supported: facts compare by identity; equality by key fields is not built",
        ])
    }

    @Test("an unknown member of 'drools' is reported without naming an internal type")
    func unknownContextMember() {
        let errors = Self.errors("""
            declare Cheese
                price : number
            end
            rule "c" when Cheese() then drools.getKnowledgeRuntime(); end
            """)
        #expect(errors.count == 1)
        #expect(errors.first?.contains("E0771") == true)
        #expect(errors.first?.contains("__") == false)
    }

    @Test("drools.getRule().getName(), kcontext and drools.halt() work in a consequence")
    func ruleContextBasics() throws {
        let program = try DroolsProgram("""
            declare Cheese
                price : number
            end
            rule "first" salience 10 when Cheese() then print(drools.getRule().getName()); print(kcontext.getRule().getName()); drools.halt(); end
            rule "second" when Cheese() then print("never"); end
            """)
        try program.insert("Cheese", ["price": .int(1)])
        try program.fire()
        #expect(program.output == ["first", "first"])
    }

    @Test("comparing an object-valued field with a fact compiles (it is an identity test, FactReferenceTests): E0774 is gone")
    func objectComparisonCompiles() {
        let errors = Self.errors("""
            declare Customer
                name : string
            end
            declare Purchase
                customer : Customer
                total : number
            end
            rule "bought" when $c : Customer() $p : Purchase(customer == $c) then print("x"); end
            rule "by key" when $c : Customer() $p : Purchase(customer.name == $c.name) then print("x"); end
            rule "same" when $c : Customer() $d : Customer(this == $c) then print("x"); end
            rule "shared" when $p : Purchase() $q : Purchase(this != $p, customer == $p.customer) then print("x"); end
            """)
        #expect(errors.isEmpty, "\(errors)")
    }

    @Test("a nested accessor through an optional field is null-safe in a constraint: joining by a key field works")
    func joinByNestedKeyField() throws {
        let program = try DroolsProgram("""
            declare Customer
                name : string
            end
            declare Purchase
                customer : Customer
                total : number
            end
            rule "by key" when $c : Customer() $p : Purchase(customer.name == $c.name) then print($c.name + " " + $p.total); end
            """)
        try program.insert("Customer", ["name": .string("ann")])
        try program.insert("Purchase", ["customer": program.object("Customer", ["name": .string("ann")]), "total": .int(5)])
        try program.insert("Purchase", ["customer": program.object("Customer", ["name": .string("bob")]), "total": .int(6)])
        try program.insert("Purchase", ["total": .int(7)])
        try program.fire()
        #expect(program.output == ["ann 5"])
    }

    @Test("a forall that stays true when a matching fact arrives does not fire again")
    func forallStaysTrue() throws {
        let program = try DroolsProgram("""
            declare Bus
                type : string
                color : string
            end
            rule "red" when forall($b : Bus(type == "english") Bus(this == $b, color == "red")) then print("all red"); end
            """)
        try program.fire()
        try program.insert("Bus", ["type": .string("english"), "color": .string("red")])
        try program.fire()
        #expect(program.output == ["all red"])
    }

    @Test("eval($a == $b) and this in ($a, $b) compare facts by identity, not contents")
    func identityTests() throws {
        let program = try DroolsProgram("""
            declare P
                x : number
            end
            rule "eval" when $a : P() $b : P() eval($a == $b) then print("eval"); end
            rule "in" when $a : P() $b : P(this in ($a)) then print("in"); end
            """)
        try program.insert("P", ["x": .int(1)])
        try program.insert("P", ["x": .int(1)])
        try program.fire()
        #expect(program.output.sorted() == ["eval", "eval", "in", "in"])
    }
}


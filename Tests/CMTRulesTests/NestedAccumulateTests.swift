import CMTRules
import CMTVM
import Testing

/// `collect` and `accumulate` inside `not`, `exists`, `forall` and another `accumulate`, as Drools
/// runs them: the inner accumulate is computed for each partial match of the group and its result
/// tested like a pattern's (Drools 7 docs, "Conditional elements in DRL rule conditions":
/// `accumulate` and `collect` may be used in any CE where a pattern may).
@Suite struct NestedAccumulateTests {
    static let shop = """
        declare Customer
            name : string
        end
        declare Order
            customer : string
            total : number
        end
        declare Line
            orderId : string
        end

        """

    @Test("not(Number(…) from accumulate(…)): a customer whose orders sum to 100 or less, again when an order goes")
    func notOverAccumulate() throws {
        let program = try DroolsProgram(Self.shop + """
            rule "small customer"
            when
                Customer($name : name)
                not ( Number(intValue > 100) from accumulate( Order(customer == $name, $t : total), sum($t) ) )
            then
                print("small " + $name);
            end
            """)
        try program.insert("Customer", ["name": .string("ann")])
        try program.insert("Customer", ["name": .string("bob")])
        let big = try program.insert("Order", ["customer": .string("ann"), "total": .int(150)])
        try program.insert("Order", ["customer": .string("bob"), "total": .int(30)])
        try program.fire()
        #expect(program.output == ["small bob"])
        try program.driver.retract(big)
        try program.fire()
        #expect(program.output == ["small bob", "small ann"])
    }

    @Test("exists(List(…) from collect(…)) fires once when two matching facts exist, not per fact")
    func existsOverCollect() throws {
        let program = try DroolsProgram(Self.shop + """
            rule "busy"
            when
                exists ( $l : List(this.length >= 2) from collect( Order(total > 10) ) )
            then
                print("busy");
            end
            """)
        try program.insert("Order", ["customer": .string("a"), "total": .int(20)])
        try program.fire()
        #expect(program.output.isEmpty)
        try program.insert("Order", ["customer": .string("b"), "total": .int(30)])
        try program.insert("Order", ["customer": .string("c"), "total": .int(40)])
        try program.fire()
        #expect(program.output == ["busy"])
    }

    @Test("forall with an accumulate inside: every customer has at least one order")
    func forallOverAccumulate() throws {
        let program = try DroolsProgram(Self.shop + """
            rule "everyone ordered"
            when
                exists Customer()
                forall ( $c : Customer() Number(intValue >= 1) from accumulate( Order(customer == $c.name), count() ) )
            then
                print("everyone ordered");
            end
            """)
        try program.insert("Customer", ["name": .string("ann")])
        try program.insert("Customer", ["name": .string("bob")])
        try program.insert("Order", ["customer": .string("ann"), "total": .int(5)])
        try program.fire()
        #expect(program.output.isEmpty)
        try program.insert("Order", ["customer": .string("bob"), "total": .int(5)])
        try program.fire()
        #expect(program.output == ["everyone ordered"])
    }

    @Test("an accumulate over the results of another: the largest number of orders of one customer")
    func accumulateOverAccumulate() throws {
        let program = try DroolsProgram(Self.shop + """
            rule "most orders"
            when
                accumulate( Customer($n : name) and $k : Number() from accumulate( Order(customer == $n), count() );
                            $most : max($k), $people : count() )
            then
                print("most " + ($most ?? -1) + " of " + $people);
            end
            """)
        try program.insert("Customer", ["name": .string("ann")])
        try program.insert("Customer", ["name": .string("bob")])
        try program.insert("Order", ["customer": .string("ann"), "total": .int(1)])
        try program.insert("Order", ["customer": .string("ann"), "total": .int(2)])
        try program.insert("Order", ["customer": .string("bob"), "total": .int(3)])
        try program.fire()
        #expect(program.output == ["most 2 of 2"])
    }
}

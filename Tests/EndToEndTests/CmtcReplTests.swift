import Foundation
import Testing

/// Drives `cmtc repl` with scripted sessions on standard input (not a terminal: no prompts).
@Suite("cmtc repl", .serialized)
struct CmtcReplTests {
    static let pricing = CmtcCheckTests.packageRoot.appendingPathComponent("Examples/pricing").path

    @Test("the white paper's pricing rule: insert, fire, facts, why, errors, retract, reload")
    func pricingSession() throws {
        let script = """
            insert Message(status: Message.GET_PRICE, fico_score: 741, listed_price: 100, price: 100)
            agenda
            FIRE
            facts
            why Pricing
            this is not a command
            insert Message(status: 2, fico_score: 700, listed_price: 50, price: 50)
            fire
            why Pricing
            retract f-1
            facts Message
            reload
            facts
            fired
            rules
            :quit
            facts
            """
        let run = try CmtcCheckTests.cmtc(["repl", Self.pricing], stdin: script)
        #expect(run.status == 0)
        #expect(run.stdout == """
            f-1 inserted
            Pricing (f-1)
            fired Pricing (f-1)
            1 rule fired
            f-1 Message {status: 1, fico_score: 741, listed_price: 100, price: 80}
            Pricing has fired 1 time: (f-1)
            f-2 inserted
            0 rules fired
            Pricing has fired 1 time: (f-1)
            f-1 retracted
            f-2 Message {status: 2, fico_score: 700, listed_price: 50, price: 50}
            reloaded 1 rule file (1 rule); 1 fact kept
            f-1 Message {status: 2, fico_score: 700, listed_price: 50, price: 50}
            no rule has fired
            Pricing (salience 0)

            """)
        #expect(run.stderr == """
            error: unknown command 'this'; type :help for the list
            note: f-2 is now f-1

            """)
    }

    @Test("errors are reported on stderr and the session goes on")
    func errorsDoNotEndTheSession() throws {
        let script = """
            insert Nope()
            insert Message(colour: 1)
            insert Message(price: "cheap")
            insert Message(price: 1.2.3)
            insert Message(price: "open
            retract f-9
            modify f-9 price: 1
            why Nobody
            fire 0
            query cheap
            use other.rl
            insert Message(price: [1, [2]])
            facts
            """
        let run = try CmtcCheckTests.cmtc(["repl", Self.pricing], stdin: script)
        #expect(run.status == 0)
        #expect(run.stdout == "no facts\n")
        let errors = run.stderr.split(separator: "\n").map(String.init)
        #expect(errors == [
            "error: there is no type 'Nope'; the types are Message",
            "error: 'Message' has no field 'colour'; its fields are status, fico_score, listed_price, price",
            "error: field 'price' of Message is a number; \"cheap\" is not one",
            "error: '1.2.3' is not a number (numbers are exact decimals with up to 18 places)",
            "error: unterminated string: add the closing \"",
            "error: there is no fact f-9",
            "error: there is no fact f-9",
            "error: there is no rule 'Nobody' in pricing.rl; its rules are Pricing",
            "error: 'fire' takes a positive number of firings, not '0'",
            "error: there is no query 'cheap' in pricing.rl",
            "error: there is no rule file 'other.rl'; the rule files are pricing.rl",
            "error: field 'price' of Message is a number; [1, [2]] is not one",
        ])
    }

    @Test("a DRL-only program: declared types, salience order, why a rule did not fire, modify")
    func declaredTypesAndSalience() throws {
        let dir = try CmtcCheckTests.temporaryDirectory()
        let rules = """
            declare Order
                total : number
                status : string = "new"
            end

            rule "low"
                salience 1
            when
                $o : Order(total > 10)
            then
                $o.status = $o.status + ",low";
            end

            rule "high"
                salience 10
            when
                $o : Order(total > 10)
            then
                $o.status = $o.status + ",high";
            end

            rule "vip"
            when
                $o : Order(total > 1000)
            then
                $o.status = "vip";
            end
            """
        try rules.write(to: dir.appendingPathComponent("orders.drl"), atomically: true, encoding: .utf8)
        let script = """
            insert Order(total: 50)
            agenda
            fire
            facts
            why vip
            modify f-1 total: 2000
            fire
            facts Order
            """
        let run = try CmtcCheckTests.cmtc(["repl", dir.path], stdin: script)
        #expect(run.status == 0)
        #expect(run.stderr == "")
        #expect(run.stdout == """
            f-1 inserted
            high (f-1)
            low (f-1)
            fired high (f-1)
            fired low (f-1)
            2 rules fired
            f-1 Order {total: 50, status: "new,high,low"}
            vip has not fired: condition 1 of 'vip': no Order fact passes its constant tests
            f-1 modified
            fired high (f-1)
            fired low (f-1)
            fired vip (f-1)
            3 rules fired
            f-1 Order {total: 2000, status: "vip"}

            """)
    }

    @Test("a reverting consequence and a rule that keeps re-activating itself are reported; the session goes on")
    func failingRules() throws {
        let dir = try CmtcCheckTests.temporaryDirectory()
        let rules = """
            declare Counter
                n : number
            end

            rule "count"
            when
                $c : Counter(n < 1000000)
            then
                modify($c) { n = $c.n + 1 }
            end

            rule "negative"
                salience 10
            when
                $c : Counter(n < 0)
            then
                require(false, "negative counter");
            end
            """
        try rules.write(to: dir.appendingPathComponent("loop.drl"), atomically: true, encoding: .utf8)
        let run = try CmtcCheckTests.cmtc(["repl", "--fire-limit", "3", dir.path], stdin: "insert Counter(n: -1)\nfire\nretract f-1\ninsert Counter(n: 7)\nfire\nfacts\n")
        #expect(run.status == 0)
        #expect(run.stdout == """
            f-1 inserted
            fired negative (f-1)
            f-1 retracted
            f-2 inserted
            fired count (f-2)
            fired count (f-2)
            fired count (f-2)
            3 rules fired
            f-2 Counter {n: 10}

            """)
        #expect(run.stderr == """
            error: rule 'negative' failed: negative counter
            note: stopped after 3 firings with 1 activation left; a rule may be re-activating itself (no-loop?); 'fire' goes on

            """)
    }

    @Test("reload keeps the old rules when the new ones do not compile")
    func reloadWithErrors() throws {
        let dir = try CmtcCheckTests.temporaryDirectory()
        let file = dir.appendingPathComponent("a.drl")
        let good = "declare Item\n    n : number\nend\n\nrule \"one\"\nwhen\n    Item(n > 0)\nthen\nend\n"
        try good.write(to: file, atomically: true, encoding: .utf8)
        let process = try LiveCmtc(["repl", dir.path])
        try process.send("insert Item(n: 1)\n")
        try process.waitForOutput("f-1 inserted\n")
        try "rule \"one\"\nwhen\n    Item(m > 0)\nthen\nend\n".write(to: file, atomically: true, encoding: .utf8)
        try process.send("reload\nfacts\nfire\n")
        let run = try process.finish()
        #expect(run.status == 0)
        #expect(run.stdout == "f-1 inserted\nf-1 Item {n: 1}\nfired one (f-1)\n1 rule fired\n")
        #expect(run.stderr.contains("a.drl:"))
        #expect(run.stderr.contains("error: reload failed; the previous rules and facts are kept"))
    }

    /// A `cmtc` process fed line by line, for sessions that change files between commands.
    final class LiveCmtc {
        let process = Process()
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        var received = Data()

        init(_ arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: CmtcCheckTests.cmtcPath)
            process.arguments = arguments
            process.standardInput = input
            process.standardOutput = output
            process.standardError = errors
            try process.run()
        }

        func send(_ text: String) throws { try input.fileHandleForWriting.write(contentsOf: Data(text.utf8)) }

        /// Reads standard output until it holds `text` (the REPL flushes after every command).
        func waitForOutput(_ text: String) throws {
            while !String(decoding: received, as: UTF8.self).contains(text) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { throw CocoaError(.fileReadUnknown) }
                received.append(chunk)
            }
        }

        func finish() throws -> CmtcCheckTests.Run {
            try input.fileHandleForWriting.close()
            received.append(output.fileHandleForReading.readDataToEndOfFile())
            let errorData = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return CmtcCheckTests.Run(status: process.terminationStatus, stdout: String(decoding: received, as: UTF8.self),
                                      stderr: String(decoding: errorData, as: UTF8.self))
        }
    }

    @Test("queries with arguments list each match's facts; globals are set and checked; logical facts follow their justification")
    func queriesAndGlobals() throws {
        let dir = try CmtcCheckTests.temporaryDirectory()
        let rules = """
            global number threshold;

            declare Invoice
                id : number
                amount : number
                paid : boolean = false
                customer : string = ""
            end

            declare Customer
                name : string
            end

            declare Reminder
                invoice : number
            end

            rule "remind"
                lock-on-active
                salience ($i.amount)
            when
                $i : Invoice(paid == false, amount > threshold)
            then
                const r = new Reminder();
                r.invoice = $i.id;
                insertLogical(r);
            end

            query "overdue" (number $limit)
                $i : Invoice(amount > $limit, paid == false)
            end

            query "of customer" (string $name)
                $c : Customer(name == $name)
                $i : Invoice(customer == $name)
            end
            """
        try rules.write(to: dir.appendingPathComponent("billing.drl"), atomically: true, encoding: .utf8)
        let script = """
            global threshold 100
            insert Invoice(id: 1, amount: 150, customer: "ann")
            insert Invoice(id: 2, amount: 90, customer: "bob")
            insert Invoice(id: 3, amount: 400, customer: "ann")
            insert Customer(name: "ann")
            rules
            fire
            facts Reminder
            query overdue 100
            query "of customer" "ann"
            modify f-3 paid: true
            facts Reminder
            query overdue(100)
            query overdue
            query overdue "x"
            query nope
            global threshold "x"
            global limit 1
            reload
            fire
            facts Reminder
            """
        let run = try CmtcCheckTests.cmtc(["repl", dir.path], stdin: script)
        #expect(run.status == 0)
        #expect(run.stdout == """
            threshold = 100
            f-1 inserted
            f-2 inserted
            f-3 inserted
            f-4 inserted
            remind (salience computed per activation, lock-on-active)
            fired remind (f-3)
            fired remind (f-1)
            2 rules fired
            f-5 Reminder {invoice: 3}
            f-6 Reminder {invoice: 1}
            f-1 Invoice {id: 1, amount: 150, paid: false, customer: "ann"}
            f-3 Invoice {id: 3, amount: 400, paid: false, customer: "ann"}
            2 results
            f-4 Customer {name: "ann"} | f-1 Invoice {id: 1, amount: 150, paid: false, customer: "ann"}
            f-4 Customer {name: "ann"} | f-3 Invoice {id: 3, amount: 400, paid: false, customer: "ann"}
            2 results
            f-3 modified
            f-6 Reminder {invoice: 1}
            f-1 Invoice {id: 1, amount: 150, paid: false, customer: "ann"}
            1 result
            reloaded 1 rule file (1 rule); 4 facts kept
            fired remind (f-1)
            1 rule fired
            f-5 Reminder {invoice: 1}

            """)
        #expect(run.stderr == """
            error: query 'overdue' takes 1 argument (number $limit), not 0
            error: query 'overdue': $limit is a number, not a string
            error: there is no query 'nope' in billing.drl; its queries are overdue, of customer
            error: global 'threshold' is a number, not a string
            error: the rule set has no global 'limit' (its globals: threshold)
            note: f-6 was inserted logically: it is dropped, and firing derives it again

            """)
    }

    @Test(":help lists every command")
    func help() throws {
        let run = try CmtcCheckTests.cmtc(["repl", Self.pricing], stdin: ":HELP\n")
        for command in ["insert", "fire", "facts", "agenda", "rules", "fired", "why", "retract", "modify", "reload", "use", "gas", "global", "query",
                        ":help", ":quit"] {
            #expect(run.stdout.contains("\n" + command) || run.stdout.hasPrefix(command), "\(command) is missing")
        }
    }
}

import Foundation
import Testing

/// `cmtc run` on a program whose contract sets a global, reads facts and runs a query; the
/// compiler checks those calls against the rule file.
@Suite("cmtc run with globals and queries")
struct CmtcRulesQueryTests {
    static let rules = """
        global number threshold;

        declare Invoice
            id : number
            amount : number
            paid : boolean = false
        end

        declare Reminder
            invoice : number
        end

        rule "remind"
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
        """

    static func program(_ body: String) throws -> String {
        let dir = try CmtcCheckTests.temporaryDirectory()
        try rules.write(to: dir.appendingPathComponent("billing.drl"), atomically: true, encoding: .utf8)
        try ("contract C {\n" + body + "\n}\n").write(to: dir.appendingPathComponent("c.cmt"), atomically: true, encoding: .utf8)
        return dir.path
    }

    @Test("the global decides which invoices get a logical reminder; facts and query give typed arrays")
    func run() throws {
        let dir = try Self.program("""
            public function run(limit: number): string {
                engine = load_rules("billing.drl");
                engine.setGlobal("threshold", limit);
                const invoice = new Invoice();
                invoice.id = 7;
                invoice.amount = 500;
                engine.send(invoice);
                let out = "";
                for (const r of engine.facts(Reminder)) { out += "R" + r.invoice + " "; }
                for (const o of engine.query(Invoice, "overdue", 100)) { out += "O" + o.id + " "; }
                invoice.paid = true;
                engine.update(invoice);
                return out + engine.facts(Reminder).length;
            }
            """)
        let low = try CmtcCheckTests.cmtc(["run", dir, "--entry", "run", "--arg", "100"])
        #expect(low.status == 0)
        #expect(low.stderr.contains("result: R7 O7 0"), "\(low.stderr)")
        let high = try CmtcCheckTests.cmtc(["run", dir, "--entry", "run", "--arg", "1000"])
        #expect(high.stderr.contains("result: O7 0"), "\(high.stderr)")
    }

    @Test("a global of the wrong type and a query with too few arguments are compile errors with carets")
    func compileErrors() throws {
        let dir = try Self.program("""
            public function bad(): void {
                engine = load_rules("billing.drl");
                engine.setGlobal("threshold", true);
                engine.query(Invoice, "overdue");
            }
            """)
        let run = try CmtcCheckTests.cmtc(["run", dir, "--entry", "bad"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("error[E0509]: global 'threshold' is declared 'number'; a value of type 'boolean' cannot be assigned to it"))
        #expect(run.stderr.contains("error[E0511]: query 'overdue' takes 1 argument (number $limit), not 0"))
        #expect(run.stderr.contains("^^^^"))
    }
}

import CMTRuleEngine
import CMTRules
import CMTVM

/// The commands that act on the current rule session's working memory and agenda.
extension ReplSession {
    var format: ReplFormat { loaded.format }

    func insert(_ type: String, _ fields: [ReplInput.FieldValue], in session: ReplRuleSession) throws(ReplError) {
        let (object, note) = try loaded.facts.object(type, fields)
        if let note { output.note(note) }
        let handle: FactHandle
        do {
            handle = try session.driver.insert(object)
        } catch {
            throw ReplError("cannot insert: \(error)")
        }
        output.line("\(handle) inserted")
    }

    func fire(_ limit: Int?, in session: ReplRuleSession) throws(ReplError) {
        let before = session.driver.history.count
        let printed = session.host.output.count
        let cap = limit ?? options.fireLimit
        var failure: String?
        var count = 0
        do {
            count = try session.driver.fire(limit: cap)
        } catch {
            failure = "\(error)"
        }
        for firing in session.driver.history.dropFirst(before) {
            output.line("fired \(firing.rule) \(format.facts(firing.facts))")
        }
        // What the consequences printed, after the firings.
        for line in session.host.output.dropFirst(printed) { output.line(line) }
        if let failure { throw ReplError(failure) }
        output.line(ReplFormat.plural(count, "rule") + " fired")
        if limit == nil, count == cap, !session.driver.agenda.isEmpty {
            output.note("stopped after \(cap) firings with \(ReplFormat.plural(session.driver.agenda.count, "activation")) left; "
                        + "a rule may be re-activating itself (no-loop?); 'fire' goes on")
        }
    }

    func facts(_ type: String?, in session: ReplRuleSession) throws(ReplError) {
        let classIndex = try type.map { name throws(ReplError) in try loaded.facts.classIndex(named: name) }
        var shown = 0
        for (handle, object) in session.driver.facts {
            if let classIndex, case .object(let index, _) = object, index != classIndex { continue }
            output.line(format.fact(handle, object))
            shown += 1
        }
        if shown == 0 { output.line(type.map { "no \($0) facts" } ?? "no facts") }
    }

    /// Runs a query and lists each match's facts (`f-2 Invoice {…} | f-5 Customer {…}`), then a count.
    func query(_ name: String, _ arguments: [ReplInput.FieldValue], in session: ReplRuleSession) throws(ReplError) {
        let names = session.driver.queries.map(\.name)
        guard names.contains(name) else {
            throw ReplError("there is no query '\(name)' in \(session.file)" + (names.isEmpty ? "" : "; its queries are \(names.joined(separator: ", "))"))
        }
        var values: [ContractValue] = []
        for argument in arguments {
            values.append(try argument.constant.map { constant throws(ReplError) in try loaded.facts.value(of: constant) } ?? argument.value)
        }
        let rows: [[(handle: FactHandle, object: ContractValue)]]
        do {
            rows = try session.driver.query(name, arguments: values)
        } catch {
            throw ReplError("\(error)")
        }
        for row in rows {
            output.line(row.isEmpty ? "(a match with no facts)" : row.map { format.fact($0.handle, $0.object) }.joined(separator: " | "))
        }
        output.line(rows.isEmpty ? "no results" : ReplFormat.plural(rows.count, "result"))
    }

    /// Sets a global; rules read the new value when their code runs next (existing matches stay).
    func global(_ name: String, _ value: ReplInput.FieldValue, in session: ReplRuleSession) throws(ReplError) {
        let given = try value.constant.map { constant throws(ReplError) in try loaded.facts.value(of: constant) } ?? value.value
        do {
            try session.driver.setGlobal(name, given)
        } catch {
            throw ReplError("\(error)")
        }
        output.line("\(name) = \(format.value(given))")
    }

    func agenda(_ session: ReplRuleSession) {
        let pending = session.driver.agenda
        if pending.isEmpty { output.line("the agenda is empty") }
        for activation in pending { output.line("\(activation.rule) \(format.facts(activation.facts))") }
    }

    func rules(_ session: ReplRuleSession) {
        if session.rules.isEmpty { output.line("\(session.file) has no rules") }
        for rule in session.rules { output.line(format.rule(rule)) }
    }

    func fired(_ session: ReplRuleSession) {
        let history = session.driver.history
        if history.isEmpty { output.line("no rule has fired") }
        for (number, firing) in history.enumerated() {
            output.line("\(number + 1). \(firing.rule) \(format.facts(firing.facts))")
        }
    }

    /// Whether the rule fired, is waiting, or which of its conditions no fact satisfies.
    func why(_ name: String, in session: ReplRuleSession) throws(ReplError) {
        guard session.rules.contains(where: { $0.name == name }) else {
            let names = session.rules.map(\.name)
            throw ReplError("there is no rule '\(name)' in \(session.file)" + (names.isEmpty ? "" : "; its rules are \(names.joined(separator: ", "))"))
        }
        let firings = session.driver.history.filter { $0.rule == name }
        let waiting = session.driver.agenda.filter { $0.rule == name }
        if !firings.isEmpty {
            output.line("\(name) has fired \(ReplFormat.plural(firings.count, "time")): " + tally(firings.map { format.facts($0.facts) }))
        }
        if !waiting.isEmpty {
            output.line("\(name) has \(ReplFormat.plural(waiting.count, "activation")) waiting to fire: "
                        + tally(waiting.map { format.facts($0.facts) }))
        }
        guard firings.isEmpty, waiting.isEmpty else { return }
        output.line("\(name) has not fired: " + (session.driver.whyNot(rule: name) ?? "every condition matches, but there is no activation"))
    }

    /// `(f-1), (f-2) ×3`: each match once, in first-seen order, with how often it occurs.
    private func tally(_ matches: [String]) -> String {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for match in matches {
            if counts[match] == nil { order.append(match) }
            counts[match, default: 0] += 1
        }
        return order.map { match in (counts[match] ?? 1) > 1 ? "\(match) ×\(counts[match] ?? 1)" : match }.joined(separator: ", ")
    }

    func retract(_ id: Int, in session: ReplRuleSession) throws(ReplError) {
        let handle = try existing(id, in: session)
        do {
            try session.driver.retract(handle)
        } catch {
            throw ReplError("cannot retract \(handle): \(error)")
        }
        output.line("\(handle) retracted")
    }

    func modify(_ id: Int, _ fields: [ReplInput.FieldValue], in session: ReplRuleSession) throws(ReplError) {
        let handle = try existing(id, in: session)
        guard let object = session.driver.facts.first(where: { $0.handle == handle })?.object else { throw ReplError("there is no fact \(handle)") }
        let changed = try loaded.facts.setting(fields, in: object)
        do {
            try session.driver.update(handle, changed)
        } catch {
            throw ReplError("cannot modify \(handle): \(error)")
        }
        output.line("\(handle) modified")
    }

    private func existing(_ id: Int, in session: ReplRuleSession) throws(ReplError) -> FactHandle {
        let handle = FactHandle(id)
        guard session.driver.facts.contains(where: { $0.handle == handle }) else {
            throw ReplError("there is no fact \(handle)" + (session.driver.facts.isEmpty ? "" : "; 'facts' lists them"))
        }
        return handle
    }
}

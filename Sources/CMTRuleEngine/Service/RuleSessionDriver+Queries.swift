public import CMTVM

/// Queries and globals of a directly driven session (the REPL).
extension RuleSessionDriver {
    /// The rule set's queries, in declaration order.
    public var queries: [CompiledQuery] { ruleSet.queries }

    /// Runs query `name` with `arguments` (checked against its parameters): for each match, in
    /// order, its facts with their objects (positions of `not`/`exists` are left out).
    public func query(_ name: String, arguments: [ContractValue]) throws -> [[(handle: FactHandle, object: ContractValue)]] {
        let rows = try state.queryRows(name, arguments: arguments)
        return rows.map { row in row.compactMap { handle in handle.flatMap { h in state.objects[h].map { (h, $0) } } } }
    }

    /// Whether a fact was inserted logically (and is still justified).
    public func isLogical(_ handle: FactHandle) -> Bool { state.session.isLogical(handle) }

    /// Sets global `name` (checked against its declared type).
    public func setGlobal(_ name: String, _ value: ContractValue) throws {
        _ = try state.runQueryCommand(.setGlobal, argument: .array([.string(name), value]))
    }

    /// The globals and their values (null until set), in declaration order.
    public var globals: [(name: String, value: ContractValue)] {
        zip(ruleSet.globals, state.globals).map { ($0.name, $1) }
    }
}

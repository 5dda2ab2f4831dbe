import CMTBytecode
import CMTCompiler
import CMTRuleEngine
import CMTRules
import CMTSource
import CMTVM

/// One DRL program (optionally with CMT classes) compiled and driven as a Drools user drives a
/// session: insert objects built by class and field name, fire, and read what the consequences
/// printed and which rules fired.
final class DroolsProgram {
    let set: CompiledRuleSet
    let program: Program
    let host = InMemoryHost()
    let driver: RuleSessionDriver

    /// Compiles `rules` (and `cmt`, if any); throws the rendered diagnostics when there are errors.
    init(_ rules: String, cmt: String? = nil) throws {
        let sources = SourceManager()
        let file = sources.add(path: "rules.drl", text: rules)
        let cmtFiles = cmt.map { [sources.add(path: "facts.cmt", text: $0)] } ?? []
        let checked = RuleFrontend.check(cmt: cmtFiles, rules: [file], sources: sources)
        let render = { (diagnostics: [Diagnostic]) in DiagnosticRenderer(sources: sources, decorator: PlainDecorator()).render(diagnostics) }
        guard let base = checked.ruleBase, checked.diagnostics.allSatisfy({ $0.severity != .error }) else {
            throw RuleSetError(description: render(checked.diagnostics), span: nil)
        }
        let output = Compiler.compile(checked: base.module ?? checked.cmt.module, diagnostics: checked.diagnostics, sources: sources,
                                      options: Compiler.Options(ruleFiles: ["rules.drl"]))
        guard let module = output.module else { throw RuleSetError(description: render(output.diagnostics), span: nil) }
        program = Program(try Verifier.verify(module))
        set = try RuleSetCompiler.compile(base, module: module)
        let contract = Address.named("drools")
        host.deploy(program, at: contract)
        driver = RuleSessionDriver(ruleSet: set, program: program, host: host, contract: contract)
    }

    /// The class index of fact type `name`.
    func type(_ name: String) -> UInt16 {
        UInt16(set.ruleBase.types.firstIndex { $0.name == name } ?? 0)
    }

    /// An object of class `name` with the given fields (the others null).
    func object(_ name: String, _ values: [String: ContractValue] = [:]) -> ContractValue {
        let index = type(name)
        let fields = set.ruleBase.types[Int(index)].fields.map { values[$0] ?? .null }
        return .object(classIndex: index, fields: fields)
    }

    @discardableResult
    func insert(_ name: String, _ values: [String: ContractValue] = [:]) throws -> FactHandle {
        try driver.insert(object(name, values))
    }

    @discardableResult
    func fire(limit: Int? = nil) throws -> Int { try driver.fire(limit: limit) }

    /// Lines the consequences printed so far.
    var output: [String] { host.output }
    /// The rules fired so far, in order.
    var fired: [String] { driver.history.map(\.rule) }
    /// The rules on the agenda, in firing order within each group.
    var agenda: [String] { driver.agenda.map(\.rule) }
}

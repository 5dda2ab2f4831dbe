import CMTCompiler
import CMTProcessEngine
import CMTSource
import CMTWorkflow

/// Checks `start_process("p.bpm", { … })` calls whose variables are a map literal against the
/// process definition: a variable the definition declares (`<variable name= type=>`) must be given
/// a value of that type (E0821), and a declared variable that a condition or decision reads must be
/// given (E0820). Calls whose variables are not a literal map are not checked (the values are only
/// known when the contract runs).
enum ProcessVariableCheck {
    static func check(_ checked: CheckedModule, processes: [String: CompiledProcess], names: ProgramCompiler.Names) -> [Diagnostic] {
        guard !processes.isEmpty else { return [] }
        var walker = Walker(checked: checked, processes: processes, names: names)
        for (index, file) in checked.files.enumerated() {
            walker.fileIndex = index
            for item in file.items { walker.visit(item) }
        }
        return walker.diagnostics
    }

    struct Walker {
        let checked: CheckedModule
        let processes: [String: CompiledProcess]
        let names: ProgramCompiler.Names
        var fileIndex = 0
        var diagnostics: [Diagnostic] = []

        mutating func visit(_ item: Item) {
            SyntaxWalk.children(of: item, function: { visit($0) }, fieldInitializer: { visit($1) }, statement: { visit($0) },
                                expression: { visit($0) })
        }

        mutating func visit(_ function: FunctionDecl) {
            SyntaxWalk.children(of: function, statement: { visit($0) }, expression: { visit($0) })
        }

        mutating func visit(_ statement: Stmt) {
            SyntaxWalk.children(of: statement, statement: { visit($0) }, expression: { visit($0) })
        }

        mutating func visit(_ expression: Expr) {
            if case .call(let callee, let arguments, _) = expression.kind, case .identifier("start_process") = callee.kind {
                checkStart(arguments, span: expression.span)
            }
            SyntaxWalk.children(of: expression, statement: { visit($0) }, expression: { visit($0) })
        }

        mutating func checkStart(_ arguments: [Expr], span: Span) {
            guard arguments.count >= 2, case .string(let path) = strip(arguments[0]).kind, let name = names.resolve(path),
                let process = processes[name], case .map(let entries) = strip(arguments[1]).kind
            else { return }
            var given: [String: Expr] = [:]
            for entry in entries {
                switch entry.key {
                case .identifier(let identifier): given[identifier.name] = entry.value
                case .string(let text, _): given[text] = entry.value
                default: return  // a computed key: the names are not known when compiling
                }
            }
            let declared = process.definition.variables
            for variable in declared {
                guard let value = given[variable.name] else { continue }
                let found = type(of: value)
                if let found, !fits(found, variable.type) {
                    diagnostics.append(Diagnostic(BuildMessages.processVariableType(variable.name, declared: variable.type, found: found, process: path),
                                                  at: value.span))
                }
            }
            var read: Set<String> = []
            for expression in Array(process.conditions.values) + Array(process.decisionExpressions.values) {
                for parameter in expression.parameters { read.insert(parameter.name) }
            }
            for variable in declared where read.contains(variable.name) && given[variable.name] == nil && !variable.type.hasSuffix("?") {
                diagnostics.append(Diagnostic(BuildMessages.processVariableMissing(variable.name, type: variable.type, process: path),
                                              at: arguments[1].span))
            }
        }

        func strip(_ expression: Expr) -> Expr {
            if case .paren(let inner) = expression.kind { return strip(inner) }
            return expression
        }

        func type(of expression: Expr) -> String? {
            guard fileIndex < checked.expressionTypes.count else { return nil }
            let types = checked.expressionTypes[fileIndex]
            let index = Int(expression.id.rawValue)
            guard index >= 0, index < types.count else { return nil }
            let text = checked.types.describe(types[index])
            return text == "error" || text.isEmpty ? nil : text
        }

        func fits(_ found: String, _ declared: String) -> Bool {
            let wanted = declared.filter { $0 != " " }
            let actual = found.filter { $0 != " " }
            if actual == wanted || wanted == "any" { return true }
            if wanted.hasSuffix("?") { return actual == "null" || actual == String(wanted.dropLast()) }
            return false
        }
    }
}

import CMTBytecode
import CMTCompiler
import CMTProcessEngine
public import CMTSource
import CMTVM

/// Compiles the expressions of a ``ProcessDefinition`` with the real CMT compiler.
///
/// Each expression becomes a function of a synthetic CMT script whose parameters are the process
/// variables it reads, typed: `function expr(budget: number): boolean { return budget > 1000; }`.
/// Compile errors are mapped back into the `.bpm` file (E0611); expressions that would call a
/// state-changing host operation (`print`, `emit`, `transfer`, contract calls) are rejected (E0615).
public enum ProcessCompiler {
    /// What compiling produced.
    public struct Output: Sendable {
        public var process: CompiledProcess?
        public var diagnostics: [Diagnostic]
    }

    /// - Parameters:
    ///   - definition: a definition from ``ProcessParser/parse(_:)``.
    ///   - variables: variable name → CMT type (`number`, `string?`…), added to the definition's
    ///     `<variable>` declarations (a declaration wins).
    ///   - subProcesses: compiled definitions that process-states may name (`<sub-process name=…>`).
    ///   - bindings: sub-processes bound to process-states by the process-state's (full) name, as
    ///     jBPM's `ProcessState.setSubProcessDefinition`; they win over `<sub-process>`.
    public static func compile(
        _ definition: ProcessDefinition, variables: [String: String] = [:], subProcesses: [String: CompiledProcess] = [:],
        bindings: [String: CompiledProcess] = [:]
    ) -> Output {
        var types = variables
        for declaration in definition.variables { types[declaration.name] = declaration.type }
        var diagnostics: [Diagnostic] = []
        var decisions: [Int: CompiledExpression] = [:]
        var conditions: [Int: CompiledExpression] = [:]
        var bound: [Int: CompiledProcess] = [:]
        for (index, node) in definition.nodes.enumerated() {
            if let expression = node.expression {
                let first = compileOne(expression, types: types, returnType: "string", result: .transitionName)
                switch first {
                case .success(let compiled): decisions[index] = compiled
                case .failure(let errors):
                    if case .success(let compiled) = compileOne(expression, types: types, returnType: "boolean", result: .booleanTransitionName) {
                        decisions[index] = compiled
                    } else {
                        diagnostics += errors.diagnostics
                    }
                }
            }
            if let binding = node.subProcess, !binding.late {
                if let sub = bindings[node.fullName] ?? binding.processName.flatMap({ subProcesses[$0] }) {
                    bound[index] = sub
                } else if binding.processName == nil || binding.processName != definition.name {
                    // Naming its own definition is recursion (jBPM binds it to itself).
                    diagnostics.append(Diagnostic(WorkflowMessages.missingSubProcess(node.fullName), at: node.span))
                }
            }
        }
        var extra: [String: CompiledExpression] = [:]
        for item in CompiledProcess.expressionKeys(of: definition) {
            let attempts: [(String, CompiledExpression.Result)] =
                item.kind == .processName ? [("string", .processName)] : [("address", .actor), ("string", .actorText)]
            var firstErrors: [Diagnostic] = []
            for (returnType, result) in attempts {
                switch compileOne(item.source, types: types, returnType: returnType, result: result) {
                case .success(let compiled): extra[item.key] = compiled
                case .failure(let errors): if firstErrors.isEmpty { firstErrors = errors.diagnostics }
                }
                if extra[item.key] != nil { break }
            }
            if extra[item.key] == nil { diagnostics += firstErrors }
        }
        for (index, transition) in definition.transitions.enumerated() {
            guard let condition = transition.condition else { continue }
            switch compileOne(condition, types: types, returnType: "boolean", result: .boolean) {
            case .success(let compiled): conditions[index] = compiled
            case .failure(let errors): diagnostics += errors.diagnostics
            }
        }
        let sorted = Diagnostic.sorted(diagnostics)
        guard sorted.isEmpty else { return Output(process: nil, diagnostics: sorted) }
        let process = CompiledProcess(definition: definition, variableTypes: types, decisionExpressions: decisions,
                                      conditions: conditions, subProcesses: subProcesses, expressions: extra, boundSubProcesses: bound)
        return Output(process: process, diagnostics: [])
    }

    static func compileOne(_ expression: ExpressionSource, types: [String: String], returnType: String,
                           result: CompiledExpression.Result) -> Result<CompiledExpression, DiagnosticsError> {
        let used = ExpressionScanner.identifiers(in: expression.text)
        let parameters = used.compactMap { name in types[name].map { (name: name, type: $0) } }
        let signature = parameters.map { "\($0.name): \($0.type)" }.joined(separator: ", ")
        let prefix = "function expr(\(signature)): \(returnType) {\n    return ("
        let source = prefix + expression.text + ");\n}\n"
        let sources = SourceManager()
        let file = sources.add(path: "<expression>", text: source)
        let output = Compiler.compile([file], sources: sources)
        let prefixLength = prefix.utf8.count
        let errors = output.diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty || output.module == nil {
            let mapped = errors.map { diagnostic -> Diagnostic in
                let relative = diagnostic.span.start - prefixLength
                let span = map(relative, length: diagnostic.span.length, in: expression)
                return Diagnostic(WorkflowMessages.expressionError("\(diagnostic.text) [\(diagnostic.code)]"), at: span)
            }
            return .failure(DiagnosticsError(mapped.isEmpty
                ? [Diagnostic(WorkflowMessages.expressionError("the expression does not compile"), at: expression.span)] : mapped))
        }
        guard let module = output.module, let verified = try? Verifier.verify(module),
            let function = module.functions.firstIndex(where: { $0.name == "expr" })
        else {
            return .failure(DiagnosticsError([Diagnostic(WorkflowMessages.expressionError("the expression does not compile"), at: expression.span)]))
        }
        if let operation = impureOperation(in: module) {
            return .failure(DiagnosticsError([Diagnostic(WorkflowMessages.impureExpression(operation), at: expression.span)]))
        }
        return .success(CompiledExpression(source: expression, program: Program(verified), function: function,
                                           parameters: parameters, result: result))
    }

    /// Maps an offset in the expression text to a span in the `.bpm` file.
    static func map(_ relative: Int, length: Int, in expression: ExpressionSource) -> Span {
        guard !expression.offsets.isEmpty, relative >= 0, relative < expression.offsets.count else { return expression.span }
        let start = expression.offsets[relative]
        let last = min(expression.offsets.count - 1, relative + max(length, 1) - 1)
        return Span(file: expression.span.file, start: start, end: max(start + 1, expression.offsets[last] + 1))
    }

    /// The first state-changing host operation any function of `module` performs.
    static func impureOperation(in module: Module) -> String? {
        for function in module.functions {
            for word in function.code {
                guard let instruction = Instruction(encoded: word), instruction.opcode == .host,
                    let operation = HostOperation(rawValue: instruction.b)
                else { continue }
                switch operation {
                case .print: return "print"
                case .emit: return "emit"
                case .transfer: return "transfer"
                case .callContract, .tryCallContract, .callContractValue, .tryCallContractValue: return "call"
                default: continue
                }
            }
        }
        return nil
    }
}

/// Finds the names an expression reads: identifiers outside string literals that do not follow a `.`.
enum ExpressionScanner {
    static func identifiers(in text: String) -> [String] {
        var result: [String] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var previousSignificant: Unicode.Scalar = " "
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\"" || scalar == "'" || scalar == "`" {
                index += 1
                while index < scalars.count, scalars[index] != scalar {
                    if scalars[index] == "\\" { index += 1 }
                    index += 1
                }
                index += 1
                previousSignificant = scalar
                continue
            }
            if scalar == "_" || scalar == "$" || scalar.properties.isAlphabetic {
                var name = ""
                while index < scalars.count,
                    scalars[index] == "_" || scalars[index] == "$" || scalars[index].properties.isAlphabetic
                        || ("0"..."9").contains(scalars[index])
                {
                    name.unicodeScalars.append(scalars[index])
                    index += 1
                }
                if previousSignificant != ".", !result.contains(name) { result.append(name) }
                previousSignificant = "a"
                continue
            }
            if ("0"..."9").contains(scalar) {
                while index < scalars.count, ("0"..."9").contains(scalars[index]) || scalars[index] == "." { index += 1 }
                previousSignificant = "0"
                continue
            }
            if scalar != " " && scalar != "\t" && scalar != "\n" && scalar != "\r" { previousSignificant = scalar }
            index += 1
        }
        return result.sorted()
    }
}

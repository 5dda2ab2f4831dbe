import CMTBytecode
import CMTProcessEngine
import CMTSource
import CMTVM
import CMTWorkflow

/// A deterministic binary form of a ``CompiledProcess``: the definition as written (its XML, which
/// the reader parses with the process parser) and every condition and decision expression as a
/// verified bytecode module. Reading one never runs the CMT compiler.
/// Format version 2: `CMTP`, u16 version, the XML, variable types (sorted), decisions, conditions,
/// then the other expressions (assignment actors, late sub-process names) by key, sorted.
public enum ProcessCodec {
    static let magic: [UInt8] = Array("CMTP".utf8)
    static let version: UInt16 = 2

    public static func encode(_ process: CompiledProcess, source: [UInt8]) -> [UInt8] {
        var writer = ByteWriter()
        for byte in magic { writer.u8(byte) }
        writer.u16(version)
        writer.raw(source)
        let variables = process.variableTypes.sorted { $0.key < $1.key }
        writer.count(variables.count)
        for (name, type) in variables {
            writer.string(name)
            writer.string(type)
        }
        for expressions in [process.decisionExpressions, process.conditions] {
            let ordered = expressions.sorted { $0.key < $1.key }
            writer.count(ordered.count)
            for (index, expression) in ordered {
                writer.int(index)
                write(expression, into: &writer)
            }
        }
        let others = process.expressions.sorted { $0.key < $1.key }
        writer.count(others.count)
        for (key, expression) in others {
            writer.string(key)
            write(expression, into: &writer)
        }
        return writer.bytes
    }

    static func write(_ expression: CompiledExpression, into writer: inout ByteWriter) {
        writer.u8(code(expression.result))
        writer.int(expression.function)
        writer.count(expression.parameters.count)
        for parameter in expression.parameters {
            writer.string(parameter.name)
            writer.string(parameter.type)
        }
        writer.raw(expression.program.module.module.serialized())
    }

    static func code(_ result: CompiledExpression.Result) -> UInt8 {
        switch result {
        case .boolean: 0
        case .transitionName: 1
        case .booleanTransitionName: 2
        case .actor: 3
        case .actorText: 4
        case .processName: 5
        }
    }

    /// Reads what ``write(_:into:)`` wrote, for the expression whose source is `source`.
    static func readExpression(_ reader: inout ByteReader, source: ExpressionSource?, label: String) throws(BundleError) -> CompiledExpression {
        let result: CompiledExpression.Result
        switch try reader.u8() {
        case 0: result = .boolean
        case 1: result = .transitionName
        case 2: result = .booleanTransitionName
        case 3: result = .actor
        case 4: result = .actorText
        case 5: result = .processName
        default: throw reader.failure("unknown expression result kind")
        }
        let function = try reader.int()
        var parameters: [(name: String, type: String)] = []
        for _ in 0..<(try reader.count(minimumSize: 8)) { parameters.append((try reader.string(), try reader.string())) }
        let moduleBytes = try reader.raw()
        guard let source else { throw reader.failure("expression \(label) has no place in the definition") }
        let verified: VerifiedModule
        do {
            verified = try Verifier.verify(bytes: moduleBytes)
        } catch {
            throw reader.failure("expression \(label) does not verify: \(error)")
        }
        guard function >= 0, function < verified.module.functions.count,
            Int(verified.module.functions[function].parameterCount) == parameters.count
        else { throw reader.failure("expression \(label) names a function its module does not have") }
        return CompiledExpression(source: source, program: Program(verified), function: function, parameters: parameters, result: result)
    }

    /// Decodes a process part named `name`: parses its XML (which must have no errors), verifies
    /// every expression module, and checks that each expression belongs to a node or transition
    /// that has one.
    public static func decode(_ bytes: [UInt8], name: String, what: String) throws(BundleError) -> CompiledProcess {
        var reader = ByteReader(bytes, what: what)
        for byte in magic where try reader.u8() != byte { throw reader.failure("not a process definition (bad magic)") }
        let version = try reader.u16()
        guard version == Self.version else { throw reader.unsupported(version, expected: Self.version) }
        let source = try reader.raw()
        let sources = SourceManager()
        let parsed = ProcessParser.parse(sources.add(path: name, bytes: source))
        guard let definition = parsed.definition, !parsed.diagnostics.contains(where: { $0.severity == .error }) else {
            let first = parsed.diagnostics.first.map { ": \($0.text)" } ?? ""
            throw reader.failure("its process definition does not parse\(first)")
        }
        var variables: [String: String] = [:]
        for _ in 0..<(try reader.count(minimumSize: 8)) {
            let name = try reader.string()
            variables[name] = try reader.string()
        }
        var tables: [[Int: CompiledExpression]] = []
        for table in 0..<2 {
            var expressions: [Int: CompiledExpression] = [:]
            for _ in 0..<(try reader.count(minimumSize: 16)) {
                let index = try reader.int()
                let expressionSource: ExpressionSource?
                if table == 0 {
                    expressionSource = index >= 0 && index < definition.nodes.count ? definition.nodes[index].expression : nil
                } else {
                    expressionSource = index >= 0 && index < definition.transitions.count ? definition.transitions[index].condition : nil
                }
                expressions[index] = try readExpression(&reader, source: expressionSource, label: "\(index)")
            }
            tables.append(expressions)
        }
        let places = Dictionary(ProcessCompiler.expressionKeys(of: definition).map { ($0.key, $0.source) }, uniquingKeysWith: { first, _ in first })
        var others: [String: CompiledExpression] = [:]
        for _ in 0..<(try reader.count(minimumSize: 16)) {
            let key = try reader.string()
            others[key] = try readExpression(&reader, source: places[key], label: "'\(key)'")
        }
        try reader.finish()
        for key in places.keys.sorted() where others[key] == nil { throw reader.failure("the expression '\(key)' is missing") }
        for (index, node) in definition.nodes.enumerated() where node.expression != nil && tables[0][index] == nil {
            throw reader.failure("the decision '\(node.fullName)' has no compiled expression")
        }
        for (index, transition) in definition.transitions.enumerated() where transition.condition != nil && tables[1][index] == nil {
            throw reader.failure("transition \(index) has no compiled condition")
        }
        return CompiledProcess(definition: definition, variableTypes: variables, decisionExpressions: tables[0], conditions: tables[1],
                               subProcesses: [:], expressions: others)
    }
}

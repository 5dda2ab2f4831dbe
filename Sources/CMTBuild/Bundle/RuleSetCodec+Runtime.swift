import CMTBytecode
import CMTRules
import CMTVM

/// The binary form of what rules add at run time: per rule `lock-on-active`, a salience expression
/// and whether it is a query; per rule set the salience expressions' functions, the globals, the
/// queries and the fact type of query calls. Checked when a bundle is read.
extension RuleSetCodec {
    /// The rule set's salience expressions, globals and queries as read.
    struct RuntimeParts {
        var saliences: [RuleFunction] = []
        var globals: [CompiledGlobal] = []
        var queries: [CompiledQuery] = []
        var queryCallType: Int?
    }

    static func encodeRuntime(_ rule: RuleDefinition, _ writer: inout ByteWriter) {
        writer.bool(rule.lockOnActive)
        writer.optionalI64(rule.salienceExpression.map(Int64.init))
        writer.bool(rule.isQuery)
    }

    static func decodeRuntime(_ reader: inout ByteReader) throws(BundleError) -> (Bool, Int?, Bool) {
        let lockOnActive = try reader.bool()
        var salience: Int?
        if let value = try reader.optionalI64() {
            guard value >= 0, value < Int64(Int32.max) else { throw reader.failure("salience expression \(value) does not exist") }
            salience = Int(value)
        }
        return (lockOnActive, salience, try reader.bool())
    }

    static func encodeRuntime(_ set: CompiledRuleSet, _ writer: inout ByteWriter) {
        writer.count(set.saliences.count)
        for function in set.saliences {
            writer.u16(function.function.index)
            writer.count(function.arguments.count)
            for argument in function.arguments { encode(argument, &writer) }
        }
        writer.count(set.globals.count)
        for global in set.globals {
            writer.string(global.name)
            writer.string(global.type)
        }
        writer.count(set.queries.count)
        for query in set.queries {
            writer.string(query.name)
            writer.count(query.parameters.count)
            for parameter in query.parameters {
                writer.string(parameter.name)
                writer.string(parameter.type)
            }
        }
        writer.optionalI64(set.ruleBase.queryCallType.map(Int64.init))
    }

    static func decodeRuntime(_ reader: inout ByteReader, module: Module) throws(BundleError) -> RuntimeParts {
        var parts = RuntimeParts()
        for _ in 0..<(try reader.count(minimumSize: 6)) {
            let index = try reader.u16()
            guard Int(index) < module.functions.count else { throw reader.failure("function \(index) is not in the module") }
            var arguments: [ArgumentSource] = []
            for _ in 0..<(try reader.count(minimumSize: 1)) { arguments.append(try decodeArgument(&reader)) }
            parts.saliences.append(RuleFunction(function: FunctionIndex(index), arguments: arguments))
        }
        for _ in 0..<(try reader.count(minimumSize: 8)) {
            parts.globals.append(CompiledGlobal(name: try reader.string(), type: try reader.string()))
        }
        for _ in 0..<(try reader.count(minimumSize: 8)) {
            let name = try reader.string()
            var parameters: [CompiledGlobal] = []
            for _ in 0..<(try reader.count(minimumSize: 8)) {
                parameters.append(CompiledGlobal(name: try reader.string(), type: try reader.string()))
            }
            parts.queries.append(CompiledQuery(name: name, parameters: parameters))
        }
        if let type = try reader.optionalI64() {
            guard type >= 0, type < Int64(Int32.max) else { throw reader.failure("query call type \(type) does not exist") }
            parts.queryCallType = Int(type)
        }
        return parts
    }

    /// Salience expressions exist; the query call type, when there is one, is the one fact type
    /// after the module's classes (and there is one exactly when a rule is a query).
    static func checkRuntime(_ parts: RuntimeParts, rules: [RuleDefinition], types: [FactLayout], classes: Int,
                             reader: ByteReader) throws(BundleError) {
        for rule in rules {
            if let id = rule.salienceExpression, id >= parts.saliences.count {
                throw reader.failure("rule '\(rule.name)' uses salience expression \(id), which does not exist")
            }
        }
        let hasQueries = rules.contains(where: \.isQuery)
        if let type = parts.queryCallType {
            guard hasQueries, type == classes, types.count == classes + 1 else { throw reader.failure("the query call type does not fit the rules") }
        } else {
            guard !hasQueries, types.count == classes else { throw reader.failure("queries without a query call type") }
        }
    }
}

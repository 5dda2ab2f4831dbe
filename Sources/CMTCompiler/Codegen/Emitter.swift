import CMTBytecode
import CMTSource

/// Turns optimized IR into a bytecode ``Module``: blocks in order, a branch's fall-through side
/// chosen so that most blocks need no extra `jump`, and debug spans for every instruction.
struct Emitter {
    let sources: SourceManager

    func emit(_ ir: IRModule, lowering: ModuleLowering) throws(BytecodeError) -> Module {
        var builder = ModuleBuilder()
        for constant in lowering.constants.constants { _ = builder.constant(constant) }
        for info in lowering.classes { _ = builder.addClass(name: info.name, fields: info.fields, superclass: info.superclass) }
        for field in lowering.stateFields { _ = builder.addStateField(name: field.name, type: field.type) }
        for name in lowering.globals { _ = builder.addGlobal(name: name) }
        var indices: [FunctionIndex] = []
        for function in ir.functions { indices.append(builder.declareFunction(name: function.name)) }
        for (index, function) in ir.functions.enumerated() {
            try builder.define(indices[index], as: emitFunction(function))
        }
        for entry in lowering.entryPoints {
            builder.addEntryPoint(name: entry.name, function: entry.function, parameters: entry.parameters, returnType: entry.returnType,
                                  isReentrant: entry.isReentrant)
        }
        return try builder.build()
    }

    func emitFunction(_ function: IRFunction) -> FunctionBuilder {
        var builder = FunctionBuilder(name: function.name, parameterCount: function.parameterCount,
                                      captureCount: function.captureCount, registerCount: function.registerCount)
        var labels: [Label] = []
        for _ in function.blocks { labels.append(builder.makeLabel()) }
        var lastSpan: Span?
        func locate(_ span: Span?) {
            guard let span, span != lastSpan else { return }
            lastSpan = span
            builder.setLocation(file: sources.file(span.file)?.path ?? "<unknown>", start: UInt32(clamping: span.start),
                                end: UInt32(clamping: span.end))
        }
        for (index, block) in function.blocks.enumerated() {
            builder.bind(labels[index])
            for instruction in block.instructions {
                locate(instruction.span)
                builder.emit(instruction.opcode, instruction.a, instruction.b, instruction.c)
            }
            locate(block.terminatorSpan)
            let next = index + 1
            switch block.terminator {
            case .jump(let target):
                if target.index != next { builder.jump(to: labels[target.index]) }
            case .branch(let condition, let then, let otherwise):
                if otherwise.index == next {
                    branch(condition, to: labels[then.index], &builder)
                } else if then.index == next {
                    branch(condition.negated, to: labels[otherwise.index], &builder)
                } else {
                    branch(condition, to: labels[then.index], &builder)
                    builder.jump(to: labels[otherwise.index])
                }
            case .ret(let register): builder.emit(.ret, register)
            case .retNull, .open: builder.emit(.retNull)
            case .revert(let register): builder.emit(.revert, register)
            }
        }
        return builder
    }

    private func branch(_ condition: IRCondition, to label: Label, _ builder: inout FunctionBuilder) {
        func immediate(_ value: Int16) -> UInt16 { UInt16(bitPattern: value) }
        switch condition {
        case .truthy(let a): builder.emit(.jumpIf, a, 0, to: label)
        case .falsy(let a): builder.emit(.jumpIfNot, a, 0, to: label)
        case .less(let a, let b): builder.emit(.jumpLt, a, b, to: label)
        case .lessEqual(let a, let b): builder.emit(.jumpLe, a, b, to: label)
        case .equal(let a, let b): builder.emit(.jumpEq, a, b, to: label)
        case .notEqual(let a, let b): builder.emit(.jumpNe, a, b, to: label)
        case .lessImmediate(let a, let i): builder.emit(.jumpLtI, a, immediate(i), to: label)
        case .lessEqualImmediate(let a, let i): builder.emit(.jumpLeI, a, immediate(i), to: label)
        case .greaterImmediate(let a, let i): builder.emit(.jumpGtI, a, immediate(i), to: label)
        case .greaterEqualImmediate(let a, let i): builder.emit(.jumpGeI, a, immediate(i), to: label)
        case .equalImmediate(let a, let i): builder.emit(.jumpEqI, a, immediate(i), to: label)
        case .notEqualImmediate(let a, let i): builder.emit(.jumpNeI, a, immediate(i), to: label)
        }
    }
}

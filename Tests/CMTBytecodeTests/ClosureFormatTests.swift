import CMTBytecode
import Testing

/// A module using every new table entry: a global, a capturing function, an intrinsic.
let closureModuleSource = """
    .global total
    .global seen
    .func main 0 4
    .entry main
        loadI r1, 2
        closure r2, addTo, r1
        loadI r3, 40
        callRef r3, r2, 1
        setGlobal r3, total
        getGlobal r0, total
        loadK r1, " x "
        intrinsic r1, stringTrim, 1
        ret r0
    .func addTo 2 2 captures=1
        add r0, r0, r1
        ret r0
    """

@Suite struct ClosureFormatTests {
    func module(_ functions: [Function], globals: [String] = []) -> Module {
        Module(functions: functions, globals: globals)
    }

    func rejects(_ code: BytecodeError.Code, _ module: Module) -> BytecodeError? {
        do {
            _ = try Verifier.verify(module)
            Issue.record("module was accepted, expected \(code.rawValue)")
            return nil
        } catch {
            #expect(error.code == code, "\(error)")
            return error
        }
    }

    /// f0 runs `code` in 4 registers; f1 takes 2 parameters, the last captured.
    func withCapturing(_ code: [Instruction], globals: [String] = [], registers: UInt16 = 4) -> Module {
        module(
            [
                Function(name: "f", parameterCount: 0, registerCount: registers, code: code.map(\.encoded)),
                Function(name: "adder", parameterCount: 2, captureCount: 1, registerCount: 2, code: [Instruction(.ret, 0).encoded]),
            ], globals: globals)
    }

    @Test("captureCount and globals survive serialization and decoding")
    func roundTrip() throws {
        let module = try Assembler.assemble(closureModuleSource)
        #expect(module.functions[1].captureCount == 1)
        #expect(module.globals == ["total", "seen"])
        let bytes = module.serialized()
        #expect(try Module(decoding: bytes) == module)
        #expect(try Verifier.verify(bytes: bytes).module == module)
    }

    @Test("captureCount is serialized right after parameterCount and globals right after state")
    func layout() {
        let module = Module(
            functions: [Function(name: "f", parameterCount: 2, captureCount: 1, registerCount: 3, code: [Instruction(.retNull).encoded])],
            globals: ["g"])
        let bytes = module.serialized()
        // header 8, constants 0, functions 1: name (1+1), params 2, captures 2, regs 2, code 1 + 8.
        #expect(Array(bytes[8...]) == [0, 1, 1, 0x66, 2, 0, 1, 0, 3, 0, 1] + Array(Instruction(.retNull).encoded.littleEndianBytes)
            + [0, 0, 0, 1, 1, 0x67, 0])
    }

    @Test("loadFunc of a capturing function is rejected: it needs a closure")
    func loadFuncOfCapturing() {
        let error = rejects(.typeMismatch, withCapturing([Instruction(.loadFunc, 0, 1), Instruction(.retNull)]))
        #expect(error?.message.contains("use closure") == true)
    }

    @Test("closure of a function that captures nothing is rejected")
    func closureWithoutCaptures() {
        let module = module([
            Function(name: "f", parameterCount: 0, registerCount: 2, code: [Instruction(.closure, 0, 0, 1), Instruction(.retNull)].map(\.encoded))
        ])
        _ = rejects(.typeMismatch, module)
    }

    @Test("a closure whose capture window runs past the frame is rejected")
    func badClosureWindow() {
        _ = rejects(.badRegister, withCapturing([Instruction(.closure, 0, 1, 4), Instruction(.retNull)]))
        let error = rejects(.badRegister, withCapturing([Instruction(.closure, 0, 1, 3), Instruction(.retNull)], registers: 3))
        #expect(error?.instruction == 0)
        #expect(throws: Never.self) {
            _ = try Verifier.verify(withCapturing([Instruction(.closure, 0, 1, 3), Instruction(.retNull)]))
        }
    }

    @Test("more captures than parameters are rejected")
    func tooManyCaptures() {
        let module = module([
            Function(name: "f", parameterCount: 1, captureCount: 2, registerCount: 2, code: [Instruction(.retNull).encoded])
        ])
        _ = rejects(.badOperand, module)
    }

    @Test("an entry point cannot name a capturing function")
    func capturingEntryPoint() {
        var module = withCapturing([Instruction(.retNull)])
        module.entryPoints = [
            EntryPoint(
                name: "e", function: FunctionIndex(1), parameters: [Parameter(name: "a", type: .any), Parameter(name: "b", type: .any)],
                returnType: .any)
        ]
        _ = rejects(.typeMismatch, module)
    }

    @Test("a global index beyond the module's globals and duplicate global names are rejected")
    func badGlobal() {
        _ = rejects(.badOperand, withCapturing([Instruction(.getGlobal, 0, 1), Instruction(.retNull)], globals: ["g"]))
        _ = rejects(.badOperand, withCapturing([Instruction(.setGlobal, 0, 0), Instruction(.retNull)]))
        _ = rejects(.malformed, withCapturing([Instruction(.retNull)], globals: ["g", "g"]))
        #expect(throws: Never.self) {
            _ = try Verifier.verify(withCapturing([Instruction(.setGlobal, 0, 1), Instruction(.retNull)], globals: ["g", "h"]))
        }
    }

    @Test("an intrinsic with an unknown operation, the wrong argument count or a window past the frame is rejected")
    func badIntrinsic() {
        let trim = IntrinsicOperation.stringTrim.rawValue
        _ = rejects(.badOperand, withCapturing([Instruction(.intrinsic, 0, 999, 1), Instruction(.retNull)]))
        _ = rejects(.typeMismatch, withCapturing([Instruction(.intrinsic, 0, trim, 2), Instruction(.retNull)]))
        _ = rejects(.badRegister, withCapturing([Instruction(.intrinsic, 3, IntrinsicOperation.stringSlice.rawValue, 3), Instruction(.retNull)]))
    }

    @Test("every intrinsic takes one to three arguments, and the raw values are stable")
    func intrinsicTable() {
        #expect(IntrinsicOperation.allCases.count == 30)
        #expect(IntrinsicOperation.stringSlice.rawValue == 0)
        #expect(IntrinsicOperation.numberToFixed.rawValue == 12)
        #expect(IntrinsicOperation.shiftRight.rawValue == 28)
        #expect(IntrinsicOperation.classOf.rawValue == 29)
        #expect(IntrinsicOperation.allCases.allSatisfy { (1...3).contains($0.argumentCount) })
    }

    @Test("the new opcodes sit between revert and the loader's gas, with their formats and base gas")
    func opcodeTable() {
        #expect(Opcode.intrinsic.rawValue == Opcode.revert.rawValue + 1)
        #expect(Opcode.closure.rawValue == Opcode.revert.rawValue + 2)
        #expect(Opcode.getGlobal.rawValue == Opcode.revert.rawValue + 3)
        #expect(Opcode.setGlobal.rawValue == Opcode.revert.rawValue + 4)
        #expect(Opcode.gas.rawValue == Opcode.revert.rawValue + 5)
        #expect(Opcode.intrinsic.format == OperandFormat(.register, .intrinsicOperation, .count))
        #expect(Opcode.closure.format == OperandFormat(.register, .function, .register))
        #expect(Opcode.getGlobal.format == OperandFormat(.register, .global, .unused))
        #expect([Opcode.intrinsic, .closure, .getGlobal, .setGlobal].map(\.baseGas) == [3, 5, 1, 1])
    }

    @Test("the builder widens a frame to hold a closure's capture window")
    func builderWidensFrame() throws {
        var builder = ModuleBuilder()
        let adder = builder.declareFunction(name: "adder")
        var main = FunctionBuilder(name: "main", parameterCount: 0)
        main.emit(.closure, 0, adder.index, 1)
        main.emit(.ret, 0)
        let mainIndex = try builder.define(main)
        var body = FunctionBuilder(name: "adder", parameterCount: 3, captureCount: 2)
        body.emit(.ret, 0)
        try builder.define(adder, as: body)
        #expect(builder.addGlobal(name: "g") == 0)
        #expect(builder.addGlobal(name: "h") == 1)
        let module = try builder.build()
        #expect(module.functions[Int(mainIndex.index)].registerCount == 3)
        #expect(module.functions[Int(adder.index)].captureCount == 2)
        #expect(module.globals == ["g", "h"])
        #expect(throws: Never.self) { _ = try Verifier.verify(module) }
    }

    @Test("the disassembler shows globals, captures, global operands and intrinsic names")
    func disassembly() throws {
        let text = Disassembler.disassemble(try Assembler.assemble(closureModuleSource))
        #expect(text.contains(".global g0 total\n.global g1 seen\n"))
        #expect(text.contains(".func f1 addTo params=2 captures=1 regs=2"))
        #expect(text.contains(".func f0 main params=0 regs=4"))
        #expect(text.contains("closure   r2, f1, r1"))
        #expect(text.contains("setGlobal r3, g0"))
        #expect(text.contains("; total"))
        #expect(text.contains("intrinsic r1, stringTrim, 1"))
    }

    @Test("the assembler rejects a malformed captures count and a bare .global")
    func assemblerErrors() {
        #expect(throws: AssemblerError.self) { _ = try Assembler.assemble(".func f 1 captures=x\n ret r0\n") }
        #expect(throws: AssemblerError.self) { _ = try Assembler.assemble(".global\n") }
        #expect(throws: AssemblerError.self) { _ = try Assembler.assemble(".func f 0 1\n intrinsic r0, frobnicate, 1\n retNull\n") }
    }
}

extension UInt64 {
    var littleEndianBytes: [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: self >> (8 * UInt64($0))) } }
}

import CMTBytecode
import Testing

@Suite struct VerifierTests {
    func module(_ code: [Instruction], registers: UInt16 = 2, constants: [Constant] = [.string("s")]) -> Module {
        Module(
            constants: constants,
            functions: [
                Function(name: "f", parameterCount: 0, registerCount: registers, code: code.map(\.encoded)),
                Function(name: "g", parameterCount: 1, registerCount: 1, code: [Instruction(.ret, 0).encoded]),
            ])
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

    @Test("a well-formed module verifies and gets basic blocks")
    func accepts() throws {
        let verified = try Verifier.verify(try sampleModule())
        #expect(verified.blocks[0].map(\.start) == [0, 4, 5])
        #expect(verified.blocks[0].map(\.cost) == [4, 5, 1])
    }

    @Test("a register beyond the frame is rejected with its instruction")
    func badRegister() {
        let error = rejects(.badRegister, module([Instruction(.move, 0, 5), Instruction(.retNull)]))
        #expect(error?.instruction == 0)
        #expect(error?.function == 0)
    }

    @Test("a constant index beyond the pool is rejected")
    func badConstant() {
        _ = rejects(.badConstant, module([Instruction(.loadK, 0, 3), Instruction(.retNull)]))
    }

    @Test("an arithmetic constant that is not a number is a type mismatch")
    func constantType() {
        _ = rejects(.typeMismatch, module([Instruction(.addK, 0, 0, 0), Instruction(.retNull)]))
    }

    @Test("a jump outside the function is rejected")
    func badJumpTarget() {
        _ = rejects(.badJumpTarget, module([Instruction(.jump, 0, 0, 7), Instruction(.retNull)]))
    }

    @Test("a call to a missing function or with the wrong argument count is rejected")
    func badFunction() {
        _ = rejects(.badFunction, module([Instruction(.call, 0, 9, 1), Instruction(.retNull)]))
        _ = rejects(.typeMismatch, module([Instruction(.call, 0, 1, 2), Instruction(.retNull)]))
        _ = rejects(.badRegister, module([Instruction(.call, 1, 1, 1), Instruction(.retNull)], registers: 1))
    }

    @Test("code that can run past its end, unknown opcodes and loader-only opcodes are rejected")
    func structure() {
        _ = rejects(.fallsOffEnd, module([Instruction(.move, 0, 1)]))
        _ = rejects(.fallsOffEnd, module([]))
        _ = rejects(.badOpcode, module([Instruction(.gas, 1), Instruction(.retNull)]))
        var raw = module([Instruction(.retNull)])
        raw.functions[0].code = [0xFF]
        _ = rejects(.badOpcode, raw)
        raw.functions[0].code = [Instruction(.retNull).encoded | 1 << 60]
        _ = rejects(.badOpcode, raw)
        _ = rejects(.badOperand, module([Instruction(.retNull, 1)]))
        _ = rejects(.badOperand, module([Instruction(.host, 0, 99, 0), Instruction(.retNull)]))
        _ = rejects(.typeMismatch, module([Instruction(.host, 0, HostOperation.print.rawValue, 0), Instruction(.retNull)]))
    }

    @Test("entry points must name an existing function with matching parameters")
    func entryPoints() {
        var bad = module([Instruction(.retNull)])
        bad.entryPoints = [EntryPoint(name: "x", function: FunctionIndex(7), parameters: [], returnType: .void)]
        _ = rejects(.badFunction, bad)
        bad.entryPoints = [EntryPoint(name: "x", function: FunctionIndex(1), parameters: [], returnType: .void)]
        _ = rejects(.typeMismatch, bad)
    }

    @Test("bytes with a bad magic, an unknown version or a truncation are rejected with an offset")
    func badBytes() throws {
        let bytes = try sampleModule().serialized()
        var badMagic = bytes
        badMagic[0] = 0
        #expect(rejectedCode(badMagic) == .badMagic)
        var badVersion = bytes
        badVersion[4] = 9
        #expect(rejectedCode(badVersion) == .unsupportedVersion)
        for cut in [3, 9, bytes.count / 2, bytes.count - 1] {
            do {
                _ = try Verifier.verify(bytes: Array(bytes.prefix(cut)))
                Issue.record("truncated module accepted")
            } catch {
                #expect(error.code == .truncated || error.code == .malformed, "\(error)")
                #expect(error.offset != nil)
            }
        }
        #expect(rejectedCode(bytes + [0]) == .malformed)
    }

    @Test("a code error in serialized bytes names the byte offset of the instruction")
    func codeOffset() throws {
        let bad = module([Instruction(.move, 0, 5), Instruction(.retNull)])
        let bytes = bad.serialized()
        do {
            _ = try Verifier.verify(bytes: bytes)
        } catch {
            let offset = try #require(error.offset)
            #expect(Array(bytes[offset..<(offset + 8)]) == withUnsafeBytes(of: Instruction(.move, 0, 5).encoded.littleEndian, Array.init))
        }
    }
}

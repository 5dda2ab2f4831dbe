import CMTBytecode
import Testing

@Suite struct SerializationTests {
    @Test("a module survives serialization and decoding unchanged")
    func roundTrip() throws {
        var module = try sampleModule()
        module.debugInfo = DebugInfo(
            files: ["a.cmt"], locations: [DebugLocation(function: 0, instruction: 1, file: 0, start: 3, end: 9)])
        module.constants.append(.bytes([1, 2, 3]))
        module.constants.append(.address(Address.named("xyz")))
        let bytes = module.serialized()
        #expect(try Module(decoding: bytes) == module)
        #expect(try Module(decoding: bytes).serialized() == bytes)
    }

    @Test("the content hash is stable across runs and changes with the content")
    func stableHash() throws {
        let module = try sampleModule()
        #expect(module.contentHash == (try sampleModule()).contentHash)
        #expect(ContentHash.hex(module.contentHash).count == 64)
        var changed = module
        changed.functions[1].name = "thrice"
        #expect(changed.contentHash != module.contentHash)
        // Pinned: a change here means the format changed; bump Module.currentVersion and say why.
        // (The globals section, the byte before the debug flag, was added while still at version 1:
        // no module had been deployed. Version 2: an address constant is its 20 bytes, not text.
        // Version 3: each class records its base class, a uleb after its fields.)
        #expect(ContentHash.hex(Module().contentHash) == ContentHash.hex(ContentHash.sha256(Module().serialized())))
        #expect(Module().serialized() == [0x43, 0x4D, 0x54, 0x42, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test("the disassembler names operands by kind and shows constants")
    func disassembly() throws {
        let text = Disassembler.disassemble(try sampleModule())
        #expect(text.contains(".entry add(a: number, b: number): number = f0"))
        #expect(text.contains("addK      r2, r2, k0"))
        #expect(text.contains("; #1.5"))
        #expect(text.contains("jumpLtI   r2, 10, @5"))
        #expect(text.contains("call      r2, f1, 1"))
        #expect(text.contains(".func f1 twice params=1 regs=1"))
    }

    @Test("the builder reports a label that is never bound")
    func unboundLabel() {
        var function = FunctionBuilder(name: "f", parameterCount: 0)
        let label = function.makeLabel()
        function.jump(to: label)
        #expect(throws: BytecodeError.self) { _ = try function.finish() }
    }

    @Test("the assembler reports the line of an unknown instruction")
    func assemblerError() {
        do {
            _ = try Assembler.assemble(".func f 0\n  frobnicate r0\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2)
        }
    }
}

/// Module format 3: a class's base class.
@Suite struct ClassHierarchyFormatTests {
    static func module(_ classes: [ClassInfo]) -> Module {
        var module = Module(classes: classes)
        module.functions = [Function(name: "main", parameterCount: 0, registerCount: 1, code: [Instruction(.retNull).encoded])]
        return module
    }

    @Test("a class's base class survives serialization")
    func baseRoundTrips() throws {
        let module = Self.module([ClassInfo(name: "Base", fields: ["a"]), ClassInfo(name: "Derived", fields: ["a", "b"], superclass: 0)])
        let decoded = try Module(decoding: module.serialized())
        #expect(decoded.classes[1].superclass == 0)
        #expect(decoded.classes[0].superclass == nil)
        #expect(decoded.isClass(1, subclassOf: 0))
        #expect(!decoded.isClass(0, subclassOf: 1))
    }

    @Test("the verifier refuses a base out of range, fields that do not start with the base's, and a cycle")
    func verifierChecksHierarchy() {
        for classes in [
            [ClassInfo(name: "A", fields: [], superclass: 5)],
            [ClassInfo(name: "Base", fields: ["a"]), ClassInfo(name: "Derived", fields: ["b", "a"], superclass: 0)],
            [ClassInfo(name: "A", fields: [], superclass: 1), ClassInfo(name: "B", fields: [], superclass: 0)],
        ] {
            #expect(throws: BytecodeError.self) { try Verifier.verify(Self.module(classes)) }
        }
        #expect(throws: Never.self) {
            try Verifier.verify(Self.module([ClassInfo(name: "Base", fields: ["a"]), ClassInfo(name: "Derived", fields: ["a", "b"], superclass: 0)]))
        }
    }
}

import CMTBytecode
import CMTCompiler
import CMTSource
import CMTVM
import Foundation
import Testing

/// Golden tests of code generation: for each `Goldens/codegen/<name>.cmt`, the disassembly of the
/// compiled module must equal `<name>.asm`, and for a script, its output, outcome and exact gas must
/// equal `<name>.run`. Gas is pinned: a change in the compiler or the gas schedule shows up here.
///
/// To accept new output after an intended change, run with `CMT_UPDATE_GOLDENS=1`, read every
/// changed file, and explain each change in the commit.
@Suite("Codegen goldens")
struct CodegenGoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Goldens/codegen")

    static let names: [String] = {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return entries.filter { $0.hasSuffix(".cmt") }.map { String($0.dropLast(4)) }.sorted()
    }()

    static func compare(_ actual: String, _ file: URL) throws {
        if ProcessInfo.processInfo.environment["CMT_UPDATE_GOLDENS"] == "1" {
            try actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(actual == expected, "\(file.lastPathComponent) differs")
    }

    @Test("there are codegen goldens")
    func present() {
        #expect(Self.names.count >= 6)
    }

    @Test("disassembly, output and gas match the goldens", arguments: names)
    func golden(_ name: String) throws {
        let source = try String(contentsOf: Self.directory.appendingPathComponent(name + ".cmt"), encoding: .utf8)
        let output = try compile(source, path: name + ".cmt")
        let module = try #require(output.module)
        try Self.compare(Disassembler.disassemble(module), Self.directory.appendingPathComponent(name + ".asm"))
        guard output.isScript else { return }
        let run = try runScript(source)
        var text = run.output.joined(separator: "\n") + (run.output.isEmpty ? "" : "\n")
        switch run.status {
        case .returned: text += "returned\n"
        case .reverted(let reason): text += "reverted: \(reason)\n"
        case .trapped(let trap): text += "trapped: \(trap.reason)\n"
        }
        text += "gas \(run.gasUsed)\n"
        try Self.compare(text, Self.directory.appendingPathComponent(name + ".run"))
    }
}

import ArgumentParser
import CMTBuild
import CMTBytecode
import CMTCompiler
import Foundation

/// `cmtc build [PATH…] [-o out.cmtb] [--emit bytecode|asm|ir]`: compiles a project (a folder with a
/// `cmt.toml`, by default the current one), a plain folder or files to a verified bytecode module.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Compile CMT files to a bytecode module (.cmtb), or print its IR or disassembly.",
        discussion: """
            The files are compiled together as one module. Without a path, the project in the current folder is built. \
            Exit status: 0 on success, 1 on compile errors, 2 on a usage error.
            """
    )

    enum Emit: String, ExpressibleByArgument, CaseIterable {
        case bytecode, asm, ir
    }

    @Argument(help: "A project folder (with cmt.toml), a folder of sources, or files (default: the current folder).")
    var paths: [String] = []

    @Option(name: .shortAndLong, help: "Where to write the module (default: NAME.cmtb in the current directory).")
    var output: String?

    @Option(help: "What to produce: bytecode (a .cmtb file), asm (disassembly on standard output) or ir.")
    var emit: Emit = .bytecode

    @Flag(help: "Skip the IR optimizations (constant folding, copy propagation, dead code elimination).")
    var noOptimize = false

    func run() throws {
        let compiled = try CompileSupport.compile(inputs, optimize: !noOptimize)
        switch emit {
        case .ir:
            print(compiled.output.irText, terminator: "")
        case .asm:
            print(Disassembler.disassemble(compiled.module), terminator: "")
        case .bytecode:
            let bytes = compiled.module.serialized()
            let path = output ?? defaultOutput(compiled)
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
                printError("error: cannot write '\(path)'")
                throw ExitCode(2)
            }
            print("wrote \(path) (\(bytes.count) bytes, sha256 \(ContentHash.hex(compiled.module.contentHash)))")
        }
    }

    private var inputs: [String] { paths.isEmpty ? ["."] : paths }

    private func defaultOutput(_ compiled: CompileSupport.Compiled) -> String {
        if compiled.project.manifest != nil { return compiled.project.name + ".cmtb" }
        let first = paths.first ?? "module"
        var name = (first as NSString).lastPathComponent
        if name.hasSuffix(".cmt") { name = String(name.dropLast(4)) }
        if name.isEmpty || name == "." || name == ".." { name = "module" }
        return name + ".cmtb"
    }
}

import ArgumentParser
import CMTBuild
import CMTBundle
import CMTBytecode
import Foundation

/// `cmtc bundle [DIR] [-o FILE.sbc] [--with-sources] [--param k=v]…`: compiles a project and writes
/// its reproducible deployment bundle.
struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Compile a project into one reproducible .sbc bundle (bytecode, rules, processes, ABI).",
        discussion: """
            The bundle is a ZIP archive with fixed timestamps and order: the same project gives the same bytes \
            wherever it lives, and the bundle id is the SHA-256 of the file. --param binds template parameters \
            (constructor arguments by name), which are recorded in the bundle's manifest. Exit status: 0 on success, \
            1 on compile errors, 2 on a usage error.
            """
    )

    @Argument(help: "The project folder (default: the current folder).")
    var directory: String = "."

    @Option(name: .shortAndLong, help: "Where to write the bundle (default: NAME-VERSION.sbc in the current folder).")
    var output: String?

    @Flag(name: .customLong("with-sources"), help: "Include the source files (and cmt.toml) in the bundle.")
    var withSources = false

    @Option(name: .customLong("param"), help: "A template parameter as NAME=VALUE (repeatable).")
    var parameters: [String] = []

    func run() throws {
        let compiled = try CompileSupport.compile([directory])
        var bound: [BundleWriter.BoundParameter] = []
        if !compiled.output.isScript {
            do {
                bound = try ParameterBinding.bind(parameters, module: compiled.module, manifest: compiled.project.manifest)
            } catch {
                // --param must bind completely; without it, an unbound bundle is fine (the deployer
                // gives the constructor's arguments), and a template says so.
                guard parameters.isEmpty else {
                    printError("error: \(error)")
                    throw ExitCode(2)
                }
                if compiled.project.manifest?.parameters.isEmpty == false {
                    printError("note: parameters not bound (\(error)); the bundle's constructor arguments are given at deployment")
                }
            }
        } else if !parameters.isEmpty {
            printError("error: --param binds constructor parameters, but '\(directory)' is a script")
            throw ExitCode(2)
        }
        let bytes: [UInt8]
        do {
            bytes = try BundleWriter.write(compiled, bound: bound, withSources: withSources)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        let version = compiled.project.manifest?.version ?? "0.0.0"
        let path = output ?? "\(compiled.project.name)-\(version).sbc"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            printError("error: cannot write '\(path)'")
            throw ExitCode(2)
        }
        print("wrote \(path) (\(bytes.count) bytes, bundle id \(ContentHash.hex(ContentHash.sha256(bytes))))")
    }
}

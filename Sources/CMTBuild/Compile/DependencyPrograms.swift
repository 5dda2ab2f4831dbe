import CMTBundle
import CMTBytecode
import CMTProcessEngine
import CMTRuleEngine
import CMTSource
import CMTVM

/// The contract of one `[dependencies]` entry as a runnable program: the dependency project
/// compiled (or its bundle read) and verified, with the process and rules services of its program.
/// `cmtc test` deploys these on its test chain (docs/testing.md "Dependencies").
public struct DependencyProgram {
    /// The name the manifest gives the dependency.
    public let dependency: String
    /// The contract's name.
    public let contract: String
    public let program: Program
    /// New process and rules services for the program (one set per chain: they keep state).
    public let makeServices: () -> (WorkflowProcessService, RulesEngineService)
}

/// Builds the contracts of a project's `[dependencies]` (docs/projects.md "Dependencies").
public enum DependencyPrograms {
    /// Every dependency of `project`, in manifest order; the first one that cannot be built (it
    /// does not compile, is a script, or its bundle does not read or verify) is the error.
    public static func load(_ project: Project) -> Result<[DependencyProgram], ProjectError> {
        var programs: [DependencyProgram] = []
        for dependency in project.dependencies {
            switch program(of: dependency) {
            case .success(let built): programs.append(built)
            case .failure(let error): return .failure(ProjectError(description: "dependency '\(dependency.name)': \(error.description)"))
            }
        }
        return .success(programs)
    }

    /// The program of one dependency.
    static func program(of dependency: ResolvedDependency) -> Result<DependencyProgram, ProjectError> {
        switch dependency.kind {
        case .bundle:
            guard let bytes = ProjectLoader.manager(dependency.path) else { return .failure(ProjectError(description: "cannot read '\(dependency.path)'")) }
            do {
                let bundle = try BundleReader.read(bytes)
                guard let contract = bundle.contract, !contract.isEmpty else {
                    return .failure(ProjectError(description: "the bundle holds a script, not a contract"))
                }
                return .success(DependencyProgram(dependency: dependency.name, contract: contract, program: bundle.program,
                                                  makeServices: { bundle.services() }))
            } catch {
                return .failure(ProjectError(description: error.description))
            }
        case .project:
            let result = ProgramCompiler.compile(paths: [dependency.path], sources: SourceManager())
            guard let compiled = result.compiled else {
                let first = result.diagnostics.first { $0.severity == .error }
                return .failure(ProjectError(description: result.inputError ?? first.map { "it does not compile: \($0.code) \($0.text)" } ?? "it does not compile"))
            }
            guard let contract = compiled.contractName else { return .failure(ProjectError(description: "its sources are a script, not a contract")) }
            do {
                let program = Program(try Verifier.verify(compiled.module))
                return .success(DependencyProgram(dependency: dependency.name, contract: contract, program: program,
                                                  makeServices: { compiled.services(for: program) }))
            } catch {
                return .failure(ProjectError(description: "its compiled module does not verify: \(error)"))
            }
        }
    }
}

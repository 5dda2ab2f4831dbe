import CMTBundle
import CMTBytecode
import CMTCompiler
import CMTSource
import Foundation

/// The modules of a project's program: how its imports resolve (files relative to the importing
/// file, `std/…` in the Stdlib's `lib` folder, dependency names), and the files its imports add
/// to it, read from disk, or written from a dependency's ABI (``DependencyInterface``).
public enum ProgramModules {
    /// Plain files (no project): `files` and the files their imports reach, read from disk, with
    /// the resolver to check them with (`std/…` in the Stdlib found from the first file's folder).
    public static func followPlainFiles(_ files: [SourceFile], sources: SourceManager) -> (files: [SourceFile], resolver: ModuleResolver) {
        let folder = files.first.map { ModuleResolver.normalize(($0.path as NSString).deletingLastPathComponent) } ?? "."
        let resolver = ModuleResolver(libraryRoot: StdlibLocator.locate(from: folder.isEmpty ? "." : folder).map { ProjectLoader.join($0, "lib") })
        let followed = Frontend.followImports(files, sources: sources, resolver: resolver) { path in
            guard path.hasSuffix(".cmt"), let data = FileManager.default.contents(atPath: path) else { return nil }
            return sources.add(path: path, bytes: [UInt8](data))
        }
        return (followed, resolver)
    }

    /// The resolver for `project`.
    static func resolver(for project: Project, stdlib: String?) -> ModuleResolver {
        let library = (stdlib ?? StdlibLocator.locate(from: project.root)).map { ProjectLoader.join($0, "lib") }
        return ModuleResolver(libraryRoot: library, dependencies: project.dependencies.map(\.name),
                              sharedFiles: Set(project.libraries.map { ModuleResolver.normalize($0.path) }))
    }

    /// `files` and every file their imports reach; diagnostics for dependencies that cannot be read.
    static func follow(_ files: [SourceFile], project: Project, resolver: ModuleResolver, sources: SourceManager)
        -> (files: [SourceFile], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let followed = Frontend.followImports(files, sources: sources, resolver: resolver) { path in
            if let dependency = project.dependencies.first(where: { Checker.dependencyPath($0.name) == path }) {
                switch interface(of: dependency) {
                case .success(let text):
                    return sources.add(path: path, text: text)
                case .failure(let problem):
                    let anchor = project.manifestFile.map { Span.point($0.id, 0) } ?? Span.point(files.first?.id ?? FileID(0), 0)
                    diagnostics.append(Diagnostic(BuildMessages.dependencyUnusable(dependency.name, detail: problem.description), at: anchor))
                    return nil
                }
            }
            guard path.hasSuffix(".cmt"), let data = FileManager.default.contents(atPath: path) else { return nil }
            return sources.add(path: path, bytes: [UInt8](data))
        }
        return (followed, diagnostics)
    }

    /// The CMT interface of a dependency's contract.
    static func interface(of dependency: ResolvedDependency) -> Result<String, ProjectError> {
        switch dependency.kind {
        case .bundle:
            guard let bytes = ProjectLoader.manager(dependency.path) else { return .failure(ProjectError(description: "cannot read it")) }
            do {
                let bundle = try BundleReader.read(bytes)
                guard let contract = bundle.abi["contract"]?.stringValue, !contract.isEmpty else {
                    return .failure(ProjectError(description: "the bundle holds a script, not a contract"))
                }
                return .success(DependencyInterface.source(dependency: dependency.name, contract: contract, module: bundle.module.module))
            } catch {
                return .failure(ProjectError(description: error.description))
            }
        case .project:
            let result = ProgramCompiler.compile(paths: [dependency.path], sources: SourceManager())
            guard let compiled = result.compiled else {
                let first = result.diagnostics.first { $0.severity == .error }
                return .failure(ProjectError(description: result.inputError ?? first.map { "it does not compile: \($0.code) \($0.text)" } ?? "it does not compile"))
            }
            guard let contract = compiled.contractName else {
                return .failure(ProjectError(description: "its sources are a script, not a contract"))
            }
            return .success(DependencyInterface.source(dependency: dependency.name, contract: contract, module: compiled.module))
        }
    }
}

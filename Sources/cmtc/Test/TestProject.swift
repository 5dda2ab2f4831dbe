import CMTBuild
import CMTSource
import CMTTesting
import Foundation

/// The test files of the project `cmtc test` runs: CMTBuild's ``ProjectLoader`` reads the folder (a
/// `cmt.toml` project, whose `[sources] tests` globs pick them — `tests/**/*.cmt` by default — or a
/// plain folder, whose `tests/` holds them). Each is compiled with the program on its own. The
/// contracts of its `[dependencies]` are built once, for the tests to deploy.
struct TestProject {
    /// Why there is nothing to run: a message, or the manifest's diagnostics.
    struct Failure: Error, CustomStringConvertible {
        let description: String
        var diagnostics: [Diagnostic] = []
        var sources: SourceManager?
    }

    /// The project folder, as given.
    let directory: String
    /// The test files, sorted by path.
    let testFiles: [String]
    /// The contracts of the project's `[dependencies]`, built and verified.
    let dependencies: [TestChain.Dependency]

    static func load(_ directory: String) throws(Failure) -> TestProject {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw Failure(description: "no such directory: '\(directory)'")
        }
        guard isDirectory.boolValue else { throw Failure(description: "'\(directory)' is not a directory: 'cmtc test' takes a project folder") }
        let sources = SourceManager()
        let loaded = ProjectLoader.load([directory], sources: sources)
        if let inputError = loaded.inputError { throw Failure(description: inputError) }
        guard let project = loaded.project else {
            throw Failure(description: "the project's manifest has errors", diagnostics: loaded.diagnostics, sources: sources)
        }
        let files = project.tests.map(\.path).sorted()
        guard !files.isEmpty else {
            throw Failure(description: "no test files in '\(directory)' (tests are top-level 'function testName(): void' in tests/**/*.cmt)")
        }
        let dependencies: [TestChain.Dependency]
        switch DependencyPrograms.load(project) {
        case .success(let programs):
            dependencies = programs.map { TestChain.Dependency(contract: $0.contract, program: $0.program, makeServices: $0.makeServices) }
        case .failure(let error):
            throw Failure(description: error.description)
        }
        return TestProject(directory: directory, testFiles: files, dependencies: dependencies)
    }
}

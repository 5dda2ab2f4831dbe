import Foundation

/// The folders `cmtc test` works on: the program (every `.cmt`, `.drl`, `.rl` and `.bpm` file of the
/// project folder outside tests/) and the test files (tests/**/*.cmt), each compiled with the
/// program on its own. A folder with a cmt.toml is read the same way for now (its default layout).
struct TestProject {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The project folder, as given.
    let directory: String
    /// The test files, sorted by path.
    let testFiles: [String]

    static func load(_ directory: String) throws(Failure) -> TestProject {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw Failure(description: "no such directory: '\(directory)'")
        }
        guard isDirectory.boolValue else { throw Failure(description: "'\(directory)' is not a directory: 'cmtc test' takes a project folder") }
        let testsPath = directory == "." ? InputFiles.testDirectory : (directory as NSString).appendingPathComponent(InputFiles.testDirectory)
        var files: [String] = []
        if let enumerator = FileManager.default.enumerator(atPath: testsPath) {
            for case let relative as String in enumerator where relative.hasSuffix(".cmt") {
                if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                files.append((testsPath as NSString).appendingPathComponent(relative))
            }
        }
        guard !files.isEmpty else {
            throw Failure(description: "no test files in '\(testsPath)' (tests are top-level 'function testName(): void' in tests/**/*.cmt)")
        }
        return TestProject(directory: directory, testFiles: files.sorted())
    }
}

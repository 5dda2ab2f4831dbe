import Foundation

/// Runs Python with PyPI packages installed in a private virtual environment under the temporary
/// folder (made once per set of packages, reused): how tests compare with independent
/// implementations (aleph-cid for content ids, bech32 for addresses, PyNaCl and protobuf for the
/// independent transaction client). The test targets share it through this library.
public enum PythonVenv {
    /// Runs `script` (Python source, given on standard input) with `package` installed; gives its
    /// output lines, or nil when the environment cannot be made here (no network, no
    /// `python3 -m venv`) or the script fails.
    public static func run(package: String, module: String, script: String) -> [String]? {
        guard let python = python(packages: [package], modules: [module]) else { return nil }
        return run(python, arguments: ["-"], input: script)?.lines
    }

    /// The `python` of a virtual environment holding `packages` (pip names), made and filled on
    /// first use; nil when it cannot be made. `modules` are imported to tell whether the packages
    /// are there already.
    public static func python(packages: [String], modules: [String]) -> String? {
        let name = "cmt-venv-" + packages.sorted().joined(separator: "-")
        let venv = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
        let imports = modules.map { "import \($0)" }.joined(separator: "; ")
        let shell = """
            set -e
            [ -x "\(venv)/bin/python" ] || python3 -m venv "\(venv)" >/dev/null
            "\(venv)/bin/python" -c '\(imports)' 2>/dev/null || "\(venv)/bin/pip" install -q \(packages.joined(separator: " ")) >/dev/null 2>&1
            "\(venv)/bin/python" -c '\(imports)'
            """
        guard let result = run("/bin/bash", arguments: ["-c", shell], input: nil), result.status == 0 else { return nil }
        return venv + "/bin/python"
    }

    /// What a finished process printed.
    public struct Output {
        public let status: Int32
        public let standardOutput: String
        public let standardError: String
        public var lines: [String]? { status == 0 ? standardOutput.split(separator: "\n").map(String.init) : nil }
    }

    /// Runs `executable` with `arguments`, writing `input` to its standard input; nil when it
    /// cannot be started.
    public static func run(_ executable: String, arguments: [String], input: String?) -> Output? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = standardInput
        do { try process.run() } catch { return nil }
        // Standard error is read on another thread so that neither pipe can fill and block the child.
        let errorText = ErrorCollector()
        let reader = Thread { errorText.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        if let input { standardInput.fileHandleForWriting.write(Data(input.utf8)) }
        try? standardInput.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Output(status: process.terminationStatus, standardOutput: text, standardError: errorText.wait())
    }

    /// Standard error's bytes, handed from the reading thread.
    private final class ErrorCollector: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var data = Data()

        func set(_ data: Data) {
            self.data = data
            done.signal()
        }

        func wait() -> String {
            done.wait()
            return String(decoding: data, as: UTF8.self)
        }
    }
}

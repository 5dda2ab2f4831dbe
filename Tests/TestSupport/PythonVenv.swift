import Foundation

/// Runs a Python script with a PyPI package installed in a private virtual environment under the
/// temporary folder (made once, reused): how tests compare with independent implementations
/// (aleph-cid for content ids, bech32 for addresses). Gives the script's output lines, or nil when
/// the environment cannot be made here (no network, no `python3 -m venv`).
enum PythonVenv {
    static func run(package: String, module: String, script: String) -> [String]? {
        let venv = FileManager.default.temporaryDirectory.appendingPathComponent("cmt-venv-" + package).path
        let shell = """
            set -e
            [ -x "\(venv)/bin/python" ] || python3 -m venv "\(venv)" >/dev/null
            "\(venv)/bin/python" -c 'import \(module)' 2>/dev/null || "\(venv)/bin/pip" install -q \(package) >/dev/null 2>&1
            "\(venv)/bin/python" - <<'PY'
            \(script)
            PY
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", shell]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        do { try process.run() } catch { return nil }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return text.split(separator: "\n").map(String.init)
    }
}

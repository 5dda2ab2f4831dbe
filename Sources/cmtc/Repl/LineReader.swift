import Foundation

/// Reads the REPL's input lines. On a terminal it uses libedit (line editing, history kept in
/// `~/.cmtc_repl_history`), loaded at run time with `dlopen` so that neither the build nor the
/// tests need its headers; without libedit it prints the prompt and reads plain lines. When
/// standard input is not a terminal it reads lines without prompts, so scripts can drive the REPL.
final class LineReader {
    private typealias ReadlineFunction = @convention(c) (UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>?
    private typealias HistoryFunction = @convention(c) (UnsafePointer<CChar>?) -> Int32

    /// Whether standard input is a terminal (prompts and a banner are shown only then).
    let isInteractive: Bool
    private var readline: ReadlineFunction?
    private var addHistory: HistoryFunction?
    private var writeHistory: HistoryFunction?
    private let historyPath: String?

    init() {
        isInteractive = isatty(0) != 0
        historyPath = ProcessInfo.processInfo.environment["HOME"].map { $0 + "/.cmtc_repl_history" }
        guard isInteractive, let library = dlopen("libedit.so.2", RTLD_NOW | RTLD_LOCAL) ?? dlopen("libedit.so", RTLD_NOW | RTLD_LOCAL),
              let readlineSymbol = dlsym(library, "readline") else { return }
        readline = unsafeBitCast(readlineSymbol, to: ReadlineFunction.self)
        addHistory = dlsym(library, "add_history").map { unsafeBitCast($0, to: HistoryFunction.self) }
        writeHistory = dlsym(library, "write_history").map { unsafeBitCast($0, to: HistoryFunction.self) }
        if let historyPath, let readHistory = dlsym(library, "read_history").map({ unsafeBitCast($0, to: HistoryFunction.self) }) {
            _ = readHistory(historyPath)
        }
    }

    /// Whether lines are edited with libedit.
    var hasLineEditing: Bool { readline != nil }

    /// The next line, or nil at the end of input.
    func next(prompt: String) -> String? {
        guard isInteractive else { return readLine(strippingNewline: true) }
        guard let readline else {
            print(prompt, terminator: "")
            fflush(nil)
            return readLine(strippingNewline: true)
        }
        guard let pointer = readline(prompt) else { return nil }
        defer { free(pointer) }
        let line = String(cString: pointer)
        if !line.trimmingCharacters(in: .whitespaces).isEmpty { _ = addHistory?(pointer) }
        return line
    }

    /// Saves the history (on a terminal with libedit).
    func close() {
        guard let writeHistory, let historyPath else { return }
        _ = writeHistory(historyPath)
    }
}

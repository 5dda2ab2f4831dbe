import CMTRepl
import CMTVM
import Foundation

/// Set by the SIGINT handler while a line is being read; read and cleared by ``LineReader``.
nonisolated(unsafe) private var interruptedWhileReading: sig_atomic_t = 0

/// The flag of the interrupt of the command running (``LineReader/runInterruptibly(_:_:)``), which
/// the SIGINT handler raises; nil between commands.
nonisolated(unsafe) private var runningCommandFlag: UnsafeMutablePointer<Int32>?

/// The completer Tab asks while a line is read, and its matches for the word being completed.
nonisolated(unsafe) private var activeCompletion: (
    completer: ReplCompletion, line: () -> (String, Int), append: UnsafeMutablePointer<Int32>?, matches: [String]
)?

/// Reads the REPL's input lines. On a terminal it uses libedit (line editing, history kept in
/// `~/.cmtc_repl_history`, Tab completion), loaded at run time with `dlopen` so that neither the
/// build nor the tests need its headers; without libedit it prints the prompt and reads plain
/// lines. When standard input is not a terminal it reads lines without prompts, so scripts can
/// drive the REPL.
///
/// Ctrl-C while a line is read cancels that line and shows a new prompt, as Node, Python and Deno
/// do: SIGINT is caught only while reading (libedit restores the terminal and passes the signal on;
/// the read is interrupted and gives nothing). At an empty prompt Ctrl-C shows a new prompt, as in
/// Python (Ctrl-D or `:quit` leaves). While a command runs, Ctrl-C raises the command's
/// ``ExecutionInterrupt`` (``runInterruptibly(_:_:)``): the VM stops the running code at its next
/// slice of gas and the command fails with "interrupted"; a second Ctrl-C while the command has not
/// yet stopped ends the REPL, the way out of work that runs outside the VM.
final class LineReader {
    private typealias ReadlineFunction = @convention(c) (UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>?
    private typealias HistoryFunction = @convention(c) (UnsafePointer<CChar>?) -> Int32
    /// `rl_compentry_func_t`: the completion generator, called with state 0, 1, 2… until it gives null.
    private typealias GeneratorFunction = @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>?

    /// Whether standard input is a terminal (prompts and a banner are shown only then).
    let isInteractive: Bool
    private var readline: ReadlineFunction?
    private var addHistory: HistoryFunction?
    private var writeHistory: HistoryFunction?
    private let historyPath: String?
    /// libedit's `rl_line_buffer` and `rl_point`, for the completer's view of the whole line.
    private var lineBuffer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    private var point: UnsafeMutablePointer<Int32>?
    /// libedit's `rl_completion_append_character`: a space after a command, nothing after a type or field.
    private var appendCharacter: UnsafeMutablePointer<Int32>?
    private var completionInstalled = false
    private var library: UnsafeMutableRawPointer?

    init() {
        isInteractive = isatty(0) != 0
        historyPath = ProcessInfo.processInfo.environment["HOME"].map { $0 + "/.cmtc_repl_history" }
        guard isInteractive, let library = dlopen("libedit.so.2", RTLD_NOW | RTLD_LOCAL) ?? dlopen("libedit.so", RTLD_NOW | RTLD_LOCAL),
              let readlineSymbol = dlsym(library, "readline") else { return }
        self.library = library
        readline = unsafeBitCast(readlineSymbol, to: ReadlineFunction.self)
        addHistory = dlsym(library, "add_history").map { unsafeBitCast($0, to: HistoryFunction.self) }
        writeHistory = dlsym(library, "write_history").map { unsafeBitCast($0, to: HistoryFunction.self) }
        if let historyPath, let readHistory = dlsym(library, "read_history").map({ unsafeBitCast($0, to: HistoryFunction.self) }) {
            _ = readHistory(historyPath)
        }
    }

    /// Whether lines are edited with libedit.
    var hasLineEditing: Bool { readline != nil }

    /// Makes Tab complete with `completer` (with libedit only).
    func complete(with completer: ReplCompletion) {
        guard let library else { return }
        if !completionInstalled {
            guard let entry = dlsym(library, "rl_completion_entry_function"), let breaks = dlsym(library, "rl_basic_word_break_characters"),
                  let buffer = dlsym(library, "rl_line_buffer"), let point = dlsym(library, "rl_point"),
                  let append = dlsym(library, "rl_completion_append_character") else { return }
            appendCharacter = append.assumingMemoryBound(to: Int32.self)
            lineBuffer = buffer.assumingMemoryBound(to: UnsafeMutablePointer<CChar>?.self)
            self.point = point.assumingMemoryBound(to: Int32.self)
            // Words end where ReplCompletion says; the string lives as long as the process.
            breaks.assumingMemoryBound(to: UnsafeMutablePointer<CChar>?.self).pointee = strdup(" \t(,")
            let generator: GeneratorFunction = { _, state in
                guard var active = activeCompletion else { return nil }
                if state == 0 {
                    let (line, cursor) = active.line()
                    active.matches = active.completer.candidates(line: line, cursor: cursor)
                    active.append?.pointee = active.completer.appendsSpace(line: line, cursor: cursor) ? 0x20 : 0
                    activeCompletion = active
                }
                let index = Int(state)
                guard index < active.matches.count else { return nil }
                return strdup(active.matches[index])
            }
            entry.assumingMemoryBound(to: GeneratorFunction?.self).pointee = generator
            completionInstalled = true
        }
        let buffer = lineBuffer
        let point = self.point
        activeCompletion = (completer, {
            guard let text = buffer?.pointee, let cursor = point?.pointee else { return ("", 0) }
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: strlen(text))
            let before = String(decoding: bytes.prefix(max(0, Int(cursor))), as: UTF8.self)
            return (String(decoding: bytes, as: UTF8.self), before.count)
        }, appendCharacter, [])
    }

    /// The next line, or nil at the end of input. Ctrl-C while reading gives an empty line.
    func next(prompt: String) -> String? {
        guard isInteractive else { return readLine(strippingNewline: true) }
        var previous = sigaction()
        var previousMask = sigset_t()
        catchInterrupts(replacing: &previous, mask: &previousMask)
        defer {
            sigaction(SIGINT, &previous, nil)
            pthread_sigmask(SIG_SETMASK, &previousMask, nil)
        }
        guard let readline else {
            print(prompt, terminator: "")
            fflush(nil)
            guard let line = readLine(strippingNewline: true) else { return cancelled() }
            return line
        }
        guard let pointer = readline(prompt) else { return cancelled() }
        defer { free(pointer) }
        let line = String(cString: pointer)
        if !line.trimmingCharacters(in: .whitespaces).isEmpty { _ = addHistory?(pointer) }
        return line
    }

    /// After a read that gave nothing: an empty line when Ctrl-C interrupted it, nil at end of input.
    private func cancelled() -> String? {
        guard interruptedWhileReading != 0 else { return nil }
        interruptedWhileReading = 0
        print("^C")
        fflush(nil)
        return ""
    }

    /// Installs the SIGINT handler of a read (no SA_RESTART, so the read is interrupted) and lets
    /// SIGINT through even when the parent blocked it; `previous` and `mask` receive what was
    /// there, to restore afterwards.
    private func catchInterrupts(replacing previous: inout sigaction, mask: inout sigset_t) {
        interruptedWhileReading = 0
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interrupt, &mask)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in interruptedWhileReading = 1 }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, &previous)
    }

    /// Runs `command` with Ctrl-C raising `interrupt` (lowered first). On a terminal only: when
    /// standard input is a pipe, Ctrl-C ends the REPL as it ends any script.
    func runInterruptibly<Result>(_ interrupt: ExecutionInterrupt, _ command: () -> Result) -> Result {
        guard isInteractive else { return command() }
        interrupt.reset()
        runningCommandFlag = interrupt.flag
        var interruptMask = sigset_t()
        sigemptyset(&interruptMask)
        sigaddset(&interruptMask, SIGINT)
        var previousMask = sigset_t()
        pthread_sigmask(SIG_UNBLOCK, &interruptMask, &previousMask)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            guard let flag = runningCommandFlag else { return }
            if flag.pointee != 0 {
                // The second Ctrl-C: the command did not stop, so the REPL ends as Ctrl-C ends a program.
                signal(SIGINT, SIG_DFL)
                raise(SIGINT)
            }
            flag.pointee = 1
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        var previous = sigaction()
        sigaction(SIGINT, &action, &previous)
        defer {
            sigaction(SIGINT, &previous, nil)
            pthread_sigmask(SIG_SETMASK, &previousMask, nil)
            runningCommandFlag = nil
        }
        return command()
    }

    /// Saves the history (on a terminal with libedit).
    func close() {
        guard let writeHistory, let historyPath else { return }
        _ = writeHistory(historyPath)
    }
}

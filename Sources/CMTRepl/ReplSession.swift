import CMTBuild
import CMTRules
import CMTSource
import CMTVM
import Foundation

/// Where the REPL writes: results to standard output, errors (`error: …`) and notes (`note: …`)
/// to standard error. Standard output is flushed before each message so a terminal shows them in order.
public struct ReplOutput {
    public var line: (String) -> Void = { print($0) }
    public var message: (String) -> Void = { text in
        fflush(nil)
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
    /// Prints a compilation's diagnostics (the diagnostics, their sources, the count of files compiled).
    public var diagnostics: ([Diagnostic], SourceManager, Int) -> Void

    public init(diagnostics: @escaping ([Diagnostic], SourceManager, Int) -> Void) { self.diagnostics = diagnostics }

    func error(_ text: String) { message("error: \(text)") }
    func note(_ text: String) { message("note: \(text)") }
}

/// The state of one `cmtc repl`: the files it loads, the program compiled from them, and which
/// rule file's session the commands act on. ``run(_:)`` executes one line; nothing the user types
/// ends the session except `:quit`.
public final class ReplSession {
    /// Limits of a session.
    public struct Options {
        /// Gas for each rule session, from its creation (or the last `reload`) on.
        public var gasLimit: Int64 = 1_000_000_000
        /// How many activations a bare `fire` runs at most (a rule that keeps re-activating itself stops here).
        public var fireLimit = 10_000
        /// Raised by Ctrl-C while a command runs (cmtc's `LineReader.runInterruptibly`): the VM
        /// stops the rules' code at its next slice of gas. Set on every session's host.
        public var interrupt: ExecutionInterrupt?

        public init(gasLimit: Int64 = 1_000_000_000, fireLimit: Int = 10_000, interrupt: ExecutionInterrupt? = nil) {
            self.gasLimit = gasLimit
            self.fireLimit = fireLimit
            self.interrupt = interrupt
        }
    }

    let paths: [String]
    let options: Options
    let output: ReplOutput
    public private(set) var loaded: ReplProgram
    /// The rule file the commands act on.
    public private(set) var current: String

    private init(paths: [String], options: Options, output: ReplOutput, loaded: ReplProgram) {
        self.paths = paths
        self.options = options
        self.output = output
        self.loaded = loaded
        current = loaded.files.first ?? ""
    }

    /// Compiles `paths` and opens the sessions; prints diagnostics; nil when the program does not
    /// compile or has no rule file.
    public static func open(paths: [String], options: Options, output: ReplOutput) -> ReplSession? {
        guard let loaded = compile(paths, options: options, output: output) else { return nil }
        guard !loaded.files.isEmpty else {
            output.error("no .drl or .rl rule files in \(paths.joined(separator: ", ")): the REPL runs rules")
            return nil
        }
        return ReplSession(paths: paths, options: options, output: output, loaded: loaded)
    }

    private static func compile(_ paths: [String], options: Options, output: ReplOutput) -> ReplProgram? {
        let sources = SourceManager()
        let attempt = ProgramCompiler.compile(paths: paths, sources: sources, options: ProgramCompiler.Options())
        if let inputError = attempt.inputError {
            output.error(inputError)
            return nil
        }
        fflush(nil)
        output.diagnostics(attempt.diagnostics, sources, attempt.fileCount)
        guard let compiled = attempt.compiled else { return nil }
        do {
            return try ReplProgram(compiled, gasLimit: options.gasLimit, interrupt: options.interrupt)
        } catch {
            output.error(error.description)
            return nil
        }
    }

    var session: ReplRuleSession? { loaded.sessions[current] }

    /// What Tab completes now: the fact types and fields of the program, and the rules and queries
    /// of the current rule file.
    public var completion: ReplCompletion {
        var names = ReplCompletion.Names()
        names.types = loaded.facts.fieldTypes.keys.sorted()
        for type in names.types {
            names.fields[type] = loaded.compiled.module.classes.first { $0.name == type }?.fields
                ?? loaded.facts.fieldTypes[type].map { $0.keys.sorted() } ?? []
        }
        let rules = session?.driver.ruleSet.ruleBase.rules ?? []
        names.rules = rules.filter { !$0.isQuery }.map(\.name)
        names.queries = rules.filter(\.isQuery).map(\.name)
        names.files = loaded.files
        return ReplCompletion(names: names)
    }

    /// Runs one line. Returns false when the user asked to quit.
    public func run(_ line: String) -> Bool {
        do {
            let input = try ReplInput.parse(line)
            if input == .quit { return false }
            try execute(input)
        } catch {
            output.error(error.description)
            if options.interrupt?.isRequested == true {
                output.note("Ctrl-C stopped the command; the facts, and the rules fired before it, stay")
            }
        }
        return true
    }

    private func execute(_ input: ReplInput) throws(ReplError) {
        guard let session else { throw ReplError("no rule session is open") }
        switch input {
        case .nothing, .quit: break
        case .help: help()
        case .insert(let type, let fields): try insert(type, fields, in: session)
        case .fire(let limit): try fire(limit, in: session)
        case .facts(let type): try facts(type, in: session)
        case .agenda: agenda(session)
        case .rules: rules(session)
        case .fired: fired(session)
        case .why(let rule): try why(rule, in: session)
        case .retract(let fact): try retract(fact, in: session)
        case .modify(let fact, let fields): try modify(fact, fields, in: session)
        case .gas: output.line("gas used: \(session.driver.gasUsed)")
        case .use(let file): try use(file)
        case .reload: reload()
        case .query(let name, let arguments): try query(name, arguments, in: session)
        case .global(let name, let value): try global(name, value, in: session)
        }
    }

    private func help() {
        let width = ReplInput.summaries.map(\.usage.count).max() ?? 0
        for (usage, description) in ReplInput.summaries {
            output.line(usage.padding(toLength: width + 2, withPad: " ", startingAt: 0) + description)
        }
    }

    private func use(_ file: String?) throws(ReplError) {
        guard let file else {
            for name in loaded.files {
                let count = loaded.sessions[name]?.rules.count ?? 0
                output.line("\(name == current ? "*" : " ") \(name) (\(ReplFormat.plural(count, "rule")))")
            }
            return
        }
        guard let found = loaded.file(named: file) else {
            throw ReplError("there is no rule file '\(file)'; the rule files are \(loaded.files.joined(separator: ", "))")
        }
        current = found
        output.line("using \(found) (\(ReplFormat.plural(loaded.sessions[found]?.rules.count ?? 0, "rule")))")
    }

    /// Recompiles the files and moves every session's facts into a fresh session of the new
    /// program (matched by class and field names); on compile errors, keeps everything as it was.
    private func reload() {
        guard let fresh = Self.compile(paths, options: options, output: output) else {
            output.error("reload failed; the previous rules and facts are kept")
            return
        }
        let oldClasses = loaded.compiled.module.classes
        var kept = 0
        for (file, old) in loaded.sessions.sorted(by: { $0.key < $1.key }) {
            let oldFacts = old.driver.facts
            guard let target = fresh.sessions[file] else {
                if !oldFacts.isEmpty { output.note("\(file) is gone: its \(ReplFormat.plural(oldFacts.count, "fact")) are dropped") }
                continue
            }
            for (name, value) in old.driver.globals where value != .null {
                do {
                    try target.driver.setGlobal(name, value)
                } catch {
                    output.note("global \(name) is not kept: \(error)")
                }
            }
            for (handle, object) in oldFacts {
                // A logical fact is not carried: the rules derive it again when they fire.
                if old.driver.isLogical(handle) {
                    output.note("\(handle) was inserted logically: it is dropped, and firing derives it again")
                    continue
                }
                guard let carried = fresh.facts.carried(object, from: oldClasses) else {
                    output.note("\(handle) is dropped: its type is gone")
                    continue
                }
                do {
                    let newHandle = try target.driver.insert(carried)
                    kept += 1
                    if newHandle != handle { output.note("\(handle) is now \(newHandle)" + (file == current ? "" : " in \(file)")) }
                } catch {
                    output.note("\(handle) is dropped: \(error)")
                }
            }
        }
        loaded = fresh
        if fresh.sessions[current] == nil { current = fresh.files.first ?? "" }
        let rules = fresh.sessions.values.reduce(0) { $0 + $1.rules.count }
        output.line("reloaded \(ReplFormat.plural(fresh.files.count, "rule file")) (\(ReplFormat.plural(rules, "rule"))); "
                    + "\(ReplFormat.plural(kept, "fact")) kept")
    }
}

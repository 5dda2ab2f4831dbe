import CMTBytecode
import CMTSource

/// Compiles CMT files to a bytecode module: check, lower to IR, optimize, emit, verify.
/// `cmtc build`, `cmtc run`, `cmtc test` and the other front ends all go through here.
public enum Compiler {
    /// What a compilation produced.
    public struct Output {
        /// Every diagnostic, checker and code generator together, sorted.
        public let diagnostics: [Diagnostic]
        /// The module, when there were no errors.
        public let module: Module?
        /// The optimized IR, when lowering ran.
        public let ir: IRModule?
        /// The constant pool the IR refers to.
        public let constants: [Constant]
        /// Whether the module is a script (entry `main`) rather than a contract.
        public let isScript: Bool

        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
        public var irText: String { ir.map { IRPrinter.print($0, constants: constants) } ?? "" }
    }

    /// Options of one compilation.
    public struct Options: Sendable {
        /// Run the IR passes (constant folding, copy propagation, dead code elimination).
        public var optimize: Bool
        /// The process definitions (`.bpm` paths as `start_process` names them) the program may
        /// start; nil when unknown (paths are then not checked).
        public var processDefinitions: [String]?
        /// The rule files (`.drl`/`.rl` paths as `load_rules` names them); nil when unknown.
        public var ruleFiles: [String]?
        /// Other names a path may take (a project's unique bare file names) → the name the program
        /// knows the file by; the compiled code always uses the latter, so both reach the same file.
        public var pathAliases: [String: String]
        public init(optimize: Bool = true, processDefinitions: [String]? = nil, ruleFiles: [String]? = nil, pathAliases: [String: String] = [:]) {
            self.optimize = optimize
            self.processDefinitions = processDefinitions
            self.ruleFiles = ruleFiles
            self.pathAliases = pathAliases
        }
    }

    public static func compile(_ files: [SourceFile], sources: SourceManager, options: Options = Options()) -> Output {
        let checked = Frontend.check(files, sources: sources)
        return compile(checked: checked.module, diagnostics: checked.diagnostics, sources: sources, options: options,
                       anchor: files.first.map { Span.point($0.id, 0) })
    }

    /// Lowers a module that is already checked (the rules front end checks contracts together with
    /// the code it generates for rules). `diagnostics` are the checker's, reported with the result.
    public static func compile(checked module: CheckedModule, diagnostics checkerDiagnostics: [Diagnostic], sources: SourceManager,
                               options: Options = Options(), anchor: Span? = nil) -> Output {
        if checkerDiagnostics.contains(where: { $0.severity == .error }) {
            return Output(diagnostics: checkerDiagnostics, module: nil, ir: nil, constants: [], isScript: false)
        }
        let checked = (module: module, diagnostics: checkerDiagnostics)
        let lowering = ModuleLowering(checked: checked.module, sources: sources)
        lowering.processDefinitions = options.processDefinitions
        lowering.ruleFiles = options.ruleFiles
        lowering.pathAliases = options.pathAliases
        lowering.lowerModule()
        var functions = lowering.functions.compactMap { $0 }
        let captureCounts = lowering.functions.map { $0?.captureCount ?? 0 }
        if options.optimize {
            for index in functions.indices {
                Optimizer.run(&functions[index], constants: &lowering.constants, captureCounts: captureCounts)
            }
        } else {
            for index in functions.indices { SimplifyCFG.run(&functions[index]) }
        }
        let ir = IRModule(functions: functions)
        let isScript = lowering.contract == nil
        var diagnostics = checked.diagnostics + lowering.diagnostics.diagnostics
        guard !lowering.diagnostics.hasErrors, functions.count == lowering.functions.count else {
            return Output(diagnostics: Diagnostic.sorted(diagnostics), module: nil, ir: ir, constants: lowering.constants.constants,
                          isScript: isScript)
        }
        do {
            let module = try Emitter(sources: sources).emit(ir, lowering: lowering)
            _ = try Verifier.verify(module)
            return Output(diagnostics: Diagnostic.sorted(diagnostics), module: module, ir: ir, constants: lowering.constants.constants,
                          isScript: isScript)
        } catch {
            let span = anchor ?? Span.point(FileID(0), 0)
            diagnostics.append(Diagnostic(CompilerMessages.moduleTooLarge(error.description), at: span))
            return Output(diagnostics: Diagnostic.sorted(diagnostics), module: nil, ir: ir, constants: lowering.constants.constants,
                          isScript: isScript)
        }
    }
}

/// The IR pass pipeline.
enum Optimizer {
    static func run(_ function: inout IRFunction, constants: inout ConstantTable, captureCounts: [UInt16]) {
        SimplifyCFG.run(&function)
        ConstantFolding.run(&function, constants: &constants, captureCounts: captureCounts)
        CopyPropagation.run(&function, captureCounts: captureCounts)
        DeadCodeElimination.run(&function, captureCounts: captureCounts)
        SimplifyCFG.run(&function)
        ConstantFolding.run(&function, constants: &constants, captureCounts: captureCounts)
        DeadCodeElimination.run(&function, captureCounts: captureCounts)
        SimplifyCFG.run(&function)
    }
}

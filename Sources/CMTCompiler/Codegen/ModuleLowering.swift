import CMTBytecode
import CMTSource

/// Interns constants in first-use order, so that indices chosen while lowering are the indices of
/// the final module's constant pool.
struct ConstantTable {
    private(set) var constants: [Constant] = []
    private var index: [Constant: UInt16] = [:]

    mutating func intern(_ constant: Constant) -> UInt16 {
        if let existing = index[constant] { return existing }
        let position = UInt16(truncatingIfNeeded: constants.count)
        constants.append(constant)
        index[constant] = position
        return position
    }

    func constant(_ index: UInt16) -> Constant? {
        Int(index) < constants.count ? constants[Int(index)] : nil
    }
}

/// A function body waiting to be lowered: an arrow function or nested function, with what it captures.
struct PendingClosure {
    enum Body {
        case arrow(params: [Param], body: ArrowBody)
        case nested(FunctionDecl)
    }
    let index: UInt16
    let name: String
    let body: Body
    let span: Span
    /// Captured variables, in capture order, and whether each is a cell.
    let captures: [(variable: VariableInfo, isCell: Bool)]
    /// Whether `this` (an object of a class) is captured after the variables.
    let capturesThis: Bool
    let owner: ClassInfo?
}

/// The module-wide state of code generation: function, class, global and state-field numbering,
/// the constant pool, the IR of every function, the ABI and diagnostics. ``FunctionLowering`` lowers
/// one body at a time against it.
final class ModuleLowering {
    let checked: CheckedModule
    let sources: SourceManager
    let analysis: CaptureAnalysis
    var constants = ConstantTable()
    var diagnostics = DiagnosticBag()

    var functions: [IRFunction?] = []
    var functionNames: [String] = []
    var functionIndex: [ObjectIdentifier: UInt16] = [:]
    var constructorIndex: [ClassID: UInt16] = [:]
    /// `C.init(this, arguments…)` of every class in a hierarchy (see FunctionLowering+Classes).
    var initIndex: [ClassID: UInt16] = [:]
    var classIndex: [ClassID: UInt16] = [:]
    var classes: [CMTBytecode.ClassInfo] = []
    var globalSlots: [Span: UInt16] = [:]
    var globals: [String] = []
    var staticSlots: [ObjectIdentifier: UInt16] = [:]
    var stateIndex: [ObjectIdentifier: UInt16] = [:]
    /// State fields of type `RuleSession` or `RuleSession?`: a session written to one is stored
    /// (the `persist` rules command) and the field holds its stored id.
    var sessionStateFields: Set<UInt16> = []
    var stateFields: [StateField] = []
    var entryPoints: [EntryPoint] = []
    /// A contract program whose functions read module constants (its top-level `const`s): the
    /// function that computes them, and the global slot that is true once it has run in this call.
    /// Every call starts with empty globals, so the first read of a module constant in a call runs it.
    var moduleInitializer: (function: UInt16, flag: UInt16)?
    var pending: [PendingClosure] = []
    let fileIndex: [FileID: Int]
    /// The contract being compiled, if the module declares one.
    var contract: CMTCompiler.ClassInfo?
    /// The process definitions `start_process` may name, when known.
    var processDefinitions: [String]?
    /// The rule files `load_rules` may name, when known.
    var ruleFiles: [String]?
    /// Other names a `load_rules`/`start_process` path may take → the name the program knows the file by.
    var pathAliases: [String: String] = [:]
    /// The rule files' globals and queries, when known.
    var ruleSignatures: RuleSignatures?

    /// Whether `function` is one of the rule built-ins (`insert`, `update`, …) that the rules front
    /// end declares in the code it generates for consequences.
    func isRuleBuiltin(_ function: FunctionInfo) -> Bool {
        ["insert", "insertLogical", "update", "retract", "delete", "halt", "setFocus"].contains(function.name)
            && path(of: function.file).hasPrefix("<rules of")
    }
    /// Parameters by the span of their name (the checker records variables only where they are used).
    let parameterVariables: [Span: VariableInfo]

    var types: TypeTable { checked.types }

    init(checked: CheckedModule, sources: SourceManager) {
        self.checked = checked
        self.sources = sources
        self.analysis = CaptureAnalysis(module: checked)
        var index: [FileID: Int] = [:]
        for (position, file) in checked.files.enumerated() { index[file.file] = position }
        self.fileIndex = index
        var parameters: [Span: VariableInfo] = [:]
        for table in checked.symbols {
            for symbol in table.values {
                if case .variable(let variable) = symbol, variable.kind == .parameter { parameters[variable.span] = variable }
            }
        }
        self.parameterVariables = parameters
    }

    // MARK: Lookups

    func type(of expr: Expr) -> TypeID {
        guard let index = fileIndex[expr.span.file] else { return .error }
        let slot = Int(expr.id.rawValue)
        let table = checked.expressionTypes[index]
        return slot < table.count ? table[slot] : .error
    }

    func symbol(_ id: NodeID, in span: Span) -> Symbol? {
        guard let index = fileIndex[span.file] else { return nil }
        return checked.symbols[index][id]
    }

    func path(of file: FileID) -> String { sources.file(file)?.path ?? "<unknown>" }

    func report(_ message: DiagnosticMessage, at span: Span) {
        diagnostics.add(message, at: span)
    }

    func constant(_ constant: Constant) -> UInt16 { constants.intern(constant) }

    // MARK: Numbering

    func declareFunction(_ name: String) -> UInt16 {
        functions.append(nil)
        functionNames.append(name)
        return UInt16(truncatingIfNeeded: functions.count - 1)
    }

    func index(of function: FunctionInfo) -> UInt16? { functionIndex[ObjectIdentifier(function)] }

    func globalSlot(named name: String) -> UInt16 {
        globals.append(name)
        return UInt16(truncatingIfNeeded: globals.count - 1)
    }

    /// The slot of a static field whose value is computed on first use in a call.
    func staticSlot(_ field: FieldInfo) -> UInt16 {
        if let slot = staticSlots[ObjectIdentifier(field)] { return slot }
        let slot = globalSlot(named: "\(field.owner.name).\(field.name)")
        staticSlots[ObjectIdentifier(field)] = slot
        return slot
    }

    // MARK: ABI types

    /// Whether `type` is `RuleSession` or `RuleSession?`.
    func isRuleSession(_ type: TypeID) -> Bool {
        switch types[type] {
        case .optional(let inner): return isRuleSession(inner)
        case .instance(let id, _):
            let info = checked.classes[Int(id.rawValue)]
            return info.kind == .builtin && info.name == "RuleSession"
        default: return false
        }
    }

    /// Whether a value of `type` can hold a rule session somewhere inside (an element, a map value,
    /// a field of an object).
    func holdsRuleSession(_ type: TypeID, visiting: inout Set<ClassID>) -> Bool {
        if isRuleSession(type) { return true }
        switch types[type] {
        case .optional(let inner), .array(let inner): return holdsRuleSession(inner, visiting: &visiting)
        case .map(let key, let value): return holdsRuleSession(key, visiting: &visiting) || holdsRuleSession(value, visiting: &visiting)
        case .instance(let id, let arguments):
            if arguments.contains(where: { holdsRuleSession($0, visiting: &visiting) }) { return true }
            let info = checked.classes[Int(id.rawValue)]
            guard info.kind == .userClass, visiting.insert(id).inserted else { return false }
            return info.instanceFields.contains { holdsRuleSession($0.type, visiting: &visiting) }
        default: return false
        }
    }

    func descriptor(_ type: TypeID) -> TypeDescriptor {
        switch types[type] {
        case .void, .never: .void
        case .number: .number
        case .boolean: .boolean
        case .string: .string
        case .bytes: .bytes
        case .address: .address
        case .array(let element): .array(descriptor(element))
        case .map(let key, let value): .map(key: descriptor(key), value: descriptor(value))
        case .optional(let inner): .optional(descriptor(inner))
        case .instance(let id, _) where checked.classes[Int(id.rawValue)].kind == .contract: .address  // a handle
        case .instance(let id, _): classIndex[id].map { .object(classIndex: $0) } ?? .any
        case .function: .function
        default: .any
        }
    }

    // MARK: The whole module

    /// The most parameters (with captured values and `this`) and fields the back end compiles.
    static let maximumParameters = 250
    static let maximumFields = 4_000

    /// Reports programs whose functions or classes are beyond the bytecode's frame limits; false if any.
    func checkLimits() -> Bool {
        var fits = true
        for function in checked.functions where !function.isBuiltin && function.params.count > Self.maximumParameters {
            report(CompilerMessages.functionTooLarge(function.name, "it has more than \(Self.maximumParameters) parameters"),
                   at: function.span ?? Span.point(function.file, 0))
            fits = false
        }
        for info in checked.classes where info.kind != .builtin && info.fields.count > Self.maximumFields {
            report(CompilerMessages.moduleTooLarge("'\(info.name)' has more than \(Self.maximumFields) fields"), at: info.nameSpan)
            fits = false
        }
        return fits
    }

    /// Lowers every declaration; `nil` functions remain only when errors were reported.
    func lowerModule() {
        guard checkLimits() else { return }
        let userClasses = checked.classes.filter { $0.kind == .userClass }
        for info in userClasses {
            classIndex[info.id] = UInt16(truncatingIfNeeded: classes.count)
            classes.append(CMTBytecode.ClassInfo(name: info.name, fields: info.instanceFields.map(\.name)))
        }
        for info in userClasses {
            guard let base = info.superclass, let index = classIndex[info.id] else { continue }
            classes[Int(index)].superclass = classIndex[base.id]
        }
        contract = checked.classes.first { $0.kind == .contract }

        // Script globals that functions use live in global slots; the rest are registers of main.
        for global in checked.globals where analysis.globalsUsedInFunctions.contains(global.span) {
            globalSlots[global.span] = globalSlot(named: global.name)
        }

        let scriptStatements = checked.files.flatMap { file in
            file.items.compactMap { item -> Stmt? in
                if case .statement(let stmt) = item { return stmt }
                return nil
            }
        }
        let mainIndex: UInt16? = contract == nil ? declareFunction("main") : nil
        if contract != nil, !globalSlots.isEmpty {
            let flag = globalSlot(named: "<module constants computed>")
            moduleInitializer = (declareFunction("<module constants>"), flag)
        }

        // Number every declared function first, so calls may precede definitions.
        for function in checked.functions where !function.isBuiltin {
            guard function.decl?.body != nil else { continue }
            // Constructors are lowered into the class's `new` function or the contract's deploy entry.
            if function.kind == .constructor { continue }
            let name = function.owner.map { "\($0.name).\(function.name)" } ?? function.name
            functionIndex[ObjectIdentifier(function)] = declareFunction(name)
        }
        for info in userClasses {
            if info.superclass != nil || !info.subclasses.isEmpty {
                initIndex[info.id] = declareFunction("\(info.name).init")
            }
            if info.isInstantiable { constructorIndex[info.id] = declareFunction("\(info.name).new") }
        }
        var contractConstructor: UInt16?
        if let contract {
            contractConstructor = declareFunction("\(contract.name).constructor")
            for field in contract.fields where !field.isStatic && !isTable(field) {
                stateIndex[ObjectIdentifier(field)] = UInt16(truncatingIfNeeded: stateFields.count)
                if isRuleSession(field.type) {
                    sessionStateFields.insert(UInt16(truncatingIfNeeded: stateFields.count))
                } else {
                    var visiting: Set<ClassID> = []
                    if holdsRuleSession(field.type, visiting: &visiting) {
                        report(CompilerMessages.sessionInsideState(field.name), at: field.decl.type?.span ?? field.decl.span)
                    }
                }
                stateFields.append(StateField(name: field.name, type: descriptor(field.type)))
            }
        }

        if let mainIndex {
            let lowering = FunctionLowering(module: self, name: "main", parameterCount: 0, captureCount: 0, owner: nil)
            lowering.lowerScript(scriptStatements)
            define(mainIndex, lowering)
            entryPoints.append(EntryPoint(name: "main", function: FunctionIndex(mainIndex), parameters: [], returnType: .void))
        }
        if let moduleInitializer {
            let lowering = FunctionLowering(module: self, name: "<module constants>", parameterCount: 0, captureCount: 0, owner: nil)
            lowering.lowerModuleInitializer(scriptStatements, flag: moduleInitializer.flag)
            define(moduleInitializer.function, lowering)
        }
        for function in checked.functions where !function.isBuiltin {
            guard let index = index(of: function), let decl = function.decl, let body = decl.body else { continue }
            let name = functionNames[Int(index)]
            let owner = function.owner
            let hasThis = owner?.kind == .userClass && !function.isStatic
            let lowering = FunctionLowering(module: self, name: name, parameterCount: UInt16(function.params.count) + (hasThis ? 1 : 0),
                                            captureCount: 0, owner: owner)
            lowering.lowerFunction(decl, body: body, info: function, hasThis: hasThis)
            define(index, lowering)
            if let owner, owner.kind == .contract, function.isPublic || function.kind == .webhook {
                let entryName = function.kind == .webhook ? "webhook:\(function.name)" : function.name
                entryPoints.append(EntryPoint(
                    name: entryName, function: FunctionIndex(index),
                    parameters: function.params.map { Parameter(name: $0.name, type: descriptor($0.type)) },
                    returnType: descriptor(function.result), isReentrant: decl.modifiers.isReentrant))
            }
        }
        for info in userClasses {
            let params = info.effectiveConstructor?.params.count ?? 0
            if let index = initIndex[info.id] {
                let lowering = FunctionLowering(module: self, name: "\(info.name).init", parameterCount: UInt16(params + 1), captureCount: 0,
                                                owner: info)
                lowering.lowerClassInit(info)
                define(index, lowering)
            }
            guard let index = constructorIndex[info.id] else { continue }
            let lowering = FunctionLowering(module: self, name: "\(info.name).new", parameterCount: UInt16(params), captureCount: 0, owner: info)
            if initIndex[info.id] != nil {
                lowering.lowerHierarchyNew(info, parameterCount: params)
            } else {
                lowering.lowerClassConstructor(info)
            }
            define(index, lowering)
        }
        if let contract, let contractConstructor {
            let params = contract.constructor?.params ?? []
            let lowering = FunctionLowering(module: self, name: "\(contract.name).constructor", parameterCount: UInt16(params.count),
                                            captureCount: 0, owner: contract)
            lowering.lowerContractConstructor(contract)
            define(contractConstructor, lowering)
            entryPoints.append(EntryPoint(
                name: "constructor", function: FunctionIndex(contractConstructor),
                parameters: params.map { Parameter(name: $0.name, type: descriptor($0.type)) }, returnType: .void))
        }
        while let closure = pending.first {
            pending.removeFirst()
            let lowering = FunctionLowering(module: self, name: closure.name, parameterCount: 0, captureCount: 0, owner: closure.owner)
            lowering.lowerClosure(closure)
            define(closure.index, lowering)
        }
    }

    private func define(_ index: UInt16, _ lowering: FunctionLowering) {
        functions[Int(index)] = lowering.finish()
    }
}

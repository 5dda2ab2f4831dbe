import CMTSource

/// The result of checking a module: the trees, what every expression's type and every name's
/// meaning turned out to be, the declarations, and the diagnostics.
public struct CheckedModule {
    public let files: [SourceFileSyntax]
    public let diagnostics: [Diagnostic]
    public let types: TypeTable
    public let classes: [ClassInfo]
    public let functions: [FunctionInfo]
    public let globals: [VariableInfo]
    /// Per file (by position in `files`), the type of each expression by ``NodeID``.
    public let expressionTypes: [[TypeID]]
    /// Per file, what each identifier, member or `new` refers to, by ``NodeID``.
    public let symbols: [SymbolTable]
    /// Which files are modules and what they export.
    public var modules = ModuleSummary(hasModules: false, exportedClasses: [])
    /// For each class and interface, the concrete classes its values may be instances of (the
    /// class and its subclasses, or the classes conforming to the interface), in declaration order.
    public let concreteClasses: [ClassID: [ClassInfo]]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// The CMT type checker. It resolves names and types across all files of a module (plus the
/// prelude), infers local and return types, checks every expression, statement and declaration,
/// and runs the flow analyses (definite assignment, returns on all paths, unreachable code,
/// optional narrowing). One mistake gives one message: the `error` type is compatible with
/// everything, so a failed sub-expression does not cascade.
public final class Checker {
    let sources: SourceManager
    let types = TypeTable()
    var diagnostics = DiagnosticBag()

    var classes: [ClassInfo] = []
    var functions: [FunctionInfo] = []
    var globalVariables: [VariableInfo] = []
    /// Module-level names: user declarations shadow the prelude's.
    var globals: [String: Symbol] = [:]
    var preludeGlobals: [String: Symbol] = [:]
    var builtinClasses: [String: ClassInfo] = [:]

    var files: [SourceFileSyntax] = []
    var fileIndex = FileSlots()
    /// Per registered file (by `fileIndex`), the types and symbols recorded for its nodes.
    var records: [FileRecords] = []
    /// How many return-type inferences are nested right now (bounded to protect the stack).
    var inferenceDepth = 0
    static let maximumInferenceDepth = 48
    var nextBodyID = 0
    var checkedFunctions: Set<ObjectIdentifier> = []
    var fieldSerial = 0
    /// Globals whose declaring statement has been checked.
    var declaredGlobals: Set<ObjectIdentifier> = []
    /// Files that declare a contract (top-level statements are not allowed there).
    var contractFiles: Set<FileID> = []
    /// The file of the test-only built-ins (``TestPrelude``), visible only in test files.
    var testPreludeFile: FileID?
    /// The type annotation being resolved for a contract's state field, where `Table<T>` is allowed.
    var tableFieldAnnotation: Span?
    /// The program's module files, their scopes, imports and exports.
    let modules = ModuleState()
    /// Methods that replace an inherited one, with the method they replace (checked after bodies).
    var overrides: [(method: FunctionInfo, base: FunctionInfo)] = []
    /// Structural conformance answers by [class, interface]: "" when it conforms, else the problem.
    var conformanceCache: [[Int32]: String] = [:]

    init(sources: SourceManager) {
        self.sources = sources
    }

    /// Parses nothing: checks already-parsed files together as one module.
    public static func check(_ files: [SourceFileSyntax], sources: SourceManager, resolver: ModuleResolver = ModuleResolver()) -> CheckedModule {
        let checker = Checker(sources: sources)
        checker.modules.resolver = resolver
        let files = importOrder(files, sources: sources, resolver: resolver)
        checker.loadPrelude()
        checker.run(files)
        var module = CheckedModule(
            files: files, diagnostics: checker.diagnostics.sorted, types: checker.types,
            classes: checker.classes, functions: checker.functions, globals: checker.globalVariables,
            expressionTypes: checker.records.suffix(files.count).map(\.typeArray),
            symbols: checker.records.suffix(files.count).map(SymbolTable.init(records:)),
            concreteClasses: checker.concreteClassTable())
        module.modules = checker.moduleSummary
        return module
    }

    // MARK: Recording

    /// What is recorded for `file`'s nodes, if it is one of the checked files or the preludes.
    func records(of file: FileID) -> FileRecords? {
        fileIndex[file].map { records[$0] }
    }

    func record(_ expr: Expr, _ type: TypeID) {
        records(of: expr.span.file)?.setType(type, of: expr.id)
    }

    /// The type recorded for an expression, if it has been checked.
    func expressionType(_ expr: Expr) -> TypeID? {
        records(of: expr.span.file)?.type(of: expr.id)
    }

    func record(_ id: NodeID, in file: FileID, symbol: Symbol) {
        records(of: file)?.setSymbol(symbol, of: id)
    }

    /// The symbol recorded for a node of `file`, if any.
    func symbol(_ id: NodeID, in file: FileID) -> Symbol? {
        records(of: file)?.symbol(of: id)
    }

    func report(_ message: DiagnosticMessage, at span: Span, notes: [Note] = [], fixIts: [FixIt] = [], helps: [String] = []) {
        diagnostics.add(message, at: span, notes: notes, fixIts: fixIts, helps: helps)
    }

    // MARK: Phases

    func loadPrelude() {
        let file = sources.add(path: Prelude.path, text: Prelude.source)
        let (syntax, parseDiagnostics) = Parser.parse(file, isPrelude: true)
        diagnostics.append(contentsOf: parseDiagnostics)
        register(syntax)
        collect(syntax, isPrelude: true)
        loadTestPrelude()
    }

    func register(_ syntax: SourceFileSyntax) {
        fileIndex[syntax.file] = records.count
        records.append(FileRecords(nodeCount: Int(syntax.nodeCount)))
    }

    func run(_ files: [SourceFileSyntax]) {
        self.files = files
        prepareModules(files)
        for file in files { register(file) }
        for file in files { collect(file, isPrelude: false) }
        for file in files { collectScriptGlobals(file) }
        resolveImports()
        resolveSignatures()
        for file in files { checkTopLevelStatements(file) }
        for function in functions where !function.isBuiltin {
            checkBodyIfNeeded(function)
        }
        for classInfo in classes where classInfo.kind != .builtin && !classInfo.isDeclared {
            checkFieldInitializers(classInfo)
            checkContractRules(classInfo)
            checkHierarchyRules(classInfo)
        }
        for global in globalVariables where global.readCount == 0 && !global.name.hasPrefix("_") && !global.isPending {
            report(CompilerMessages.unusedVariable(global.name), at: global.span)
        }
        reportUnusedImports()
    }

    /// Declares every class, contract and function of a file, so that uses may come before
    /// declarations.
    func collect(_ syntax: SourceFileSyntax, isPrelude: Bool) {
        for item in syntax.items {
            switch item {
            case .classDecl(let decl):
                let kind: ClassKind = isPrelude ? .builtin : decl.isInterface ? .interface : .userClass
                let info = makeClass(name: decl.name, kind: kind, doc: decl.doc, members: decl.members, file: syntax.file)
                info.typeParams = decl.typeParams.map(\.name)
                info.declaration = decl
                info.isAbstract = decl.modifiers.isAbstract
                declareGlobal(decl.name, .classType(info), isPrelude: isPrelude)
                if isPrelude { builtinClasses[decl.name.name] = info }
            case .contract(let decl):
                if !decl.isDeclared { contractFiles.insert(syntax.file) }
                let info = makeClass(name: decl.name, kind: .contract, doc: decl.doc, members: decl.members, file: syntax.file)
                info.isDeclared = decl.isDeclared
                if decl.isDeclared { checkDeclaredContract(decl) }
                declareGlobal(decl.name, .classType(info), isPrelude: isPrelude)
            case .function(let decl):
                let info = FunctionInfo(name: decl.name.name, decl: decl, file: syntax.file, owner: nil, isBuiltin: isPrelude)
                info.typeParams = decl.typeParams.map(\.name)
                functions.append(info)
                declareGlobal(decl.name, .function(info), isPrelude: isPrelude)
            case .importDecl:
                break
            case .statement(let stmt):
                if isPrelude, case .variables(_, let bindings) = stmt.kind {
                    for binding in bindings {
                        let variable = VariableInfo(name: binding.name.name, kind: .global, isConst: true, span: binding.name.span,
                                                    type: .error, index: -1)
                        variable.isPending = true
                        preludeGlobals[binding.name.name] = .variable(variable)
                        pendingPreludeVariables.append((variable, binding))
                    }
                }
            }
        }
    }

    var pendingPreludeVariables: [(VariableInfo, VarBinding)] = []

    func makeClass(name: Identifier, kind: ClassKind, doc: String?, members: [ClassMember], file: FileID) -> ClassInfo {
        let info = ClassInfo(id: ClassID(rawValue: Int32(classes.count)), name: name.name, kind: kind, nameSpan: name.span,
                             doc: doc, members: members, file: file)
        classes.append(info)
        types.classNames.append(name.name)
        return info
    }

    func declareGlobal(_ name: Identifier, _ symbol: Symbol, isPrelude: Bool) {
        guard !name.isMissing else { return }
        if isPrelude {
            preludeGlobals[name.name] = symbol
            return
        }
        if declareInModule(name, symbol) { return }
        if let existing = globals[name.name] {
            report(CompilerMessages.duplicateDeclaration(name.name), at: name.span,
                   notes: [Note("'\(name.name)' was first declared here", at: span(of: existing))])
            return
        }
        globals[name.name] = symbol
    }

    func span(of symbol: Symbol) -> Span? {
        switch symbol {
        case .variable(let variable): variable.span
        case .function(let function): function.span
        case .classType(let info): info.nameSpan
        case .field(_, let field): field.decl.name.span
        case .method(_, let method): method.span
        }
    }

    /// Looks a name up among the program's and then the prelude's declarations; `file` is where the
    /// name is written (a module file sees its own declarations and imports first).
    func lookupGlobal(_ name: String, from file: FileID? = nil) -> Symbol? {
        userGlobal(name, from: file) ?? preludeGlobals[name]
    }

    /// Resolves the members and signatures of every class and function (types as written; field
    /// types without annotation are inferred from their initializers on first use).
    func resolveSignatures() {
        for (variable, binding) in pendingPreludeVariables {
            variable.type = binding.type.map { resolveType($0, typeParams: []) } ?? .error
            variable.isPending = false
        }
        resolveHierarchy()
        for info in classes {
            // A base class's members are resolved before those of the classes extending it.
            for ancestor in info.lineage.reversed() where !ancestor.membersResolved {
                ancestor.membersResolved = true
                resolveMembers(ancestor)
            }
        }
        // Methods were resolved with their class; here only top-level functions remain.
        for function in functions where function.owner == nil {
            resolveSignature(function, typeParams: [], isPrelude: function.isBuiltin)
        }
    }

    func resolveMembers(_ info: ClassInfo) {
        let isPrelude = info.kind == .builtin
        inheritMembers(info)
        for member in info.members {
            switch member {
            case .field(let decl):
                guard !decl.name.isMissing else { continue }
                if let existing = info.fieldsByName[decl.name.name], existing.owner !== info {
                    report(CompilerMessages.fieldRedeclared(decl.name.name, base: existing.owner.name), at: decl.name.span,
                           notes: [Note("declared here", at: existing.decl.name.span)])
                    continue
                }
                if let existing = info.fieldsByName[decl.name.name] {
                    report(CompilerMessages.duplicateMember(decl.name.name, owner: info.name), at: decl.name.span,
                           notes: [Note("first declared here", at: existing.decl.name.span)])
                    continue
                }
                let field = FieldInfo(name: decl.name.name, decl: decl, file: info.file, index: info.fields.count, owner: info)
                fieldSerial += 1
                field.serial = fieldSerial
                info.fields.append(field)
                info.fieldsByName[decl.name.name] = field
                if let annotation = decl.type {
                    tableFieldAnnotation = info.kind == .contract && !field.isStatic ? annotation.span : nil
                    defer { tableFieldAnnotation = nil }
                    field.type = resolveType(annotation, typeParams: info.typeParams, allowAny: isPrelude)
                    field.resolution = .resolved
                } else if decl.initializer == nil {
                    report(CompilerMessages.fieldNeedsType(decl.name.name), at: decl.name.span,
                           fixIts: [.insert(": number", at: Span.point(decl.name.span.file, decl.name.span.end), message: "add a type annotation")])
                    field.resolution = .resolved
                }
            case .method(let decl):
                let function = FunctionInfo(name: decl.name.name, decl: decl, file: info.file, owner: info, isBuiltin: isPrelude)
                resolveSignature(function, typeParams: info.typeParams, isPrelude: isPrelude)
                if decl.kind == .constructor {
                    declareParameterProperties(decl, function: function, in: info)
                    if let existing = info.constructor {
                        report(CompilerMessages.duplicateConstructor(info.name), at: decl.name.span,
                               notes: [Note("the first constructor is here", at: existing.span)])
                    } else {
                        info.constructor = function
                    }
                } else if !decl.name.isMissing {
                    if let inherited = info.methods[decl.name.name], inherited.owner !== info {
                        override(inherited, with: function, in: info)
                    } else if info.methods[decl.name.name] != nil || info.fieldsByName[decl.name.name] != nil {
                        let first = info.methods[decl.name.name]?.span ?? info.fieldsByName[decl.name.name]?.decl.name.span
                        report(CompilerMessages.duplicateMember(decl.name.name, owner: info.name), at: decl.name.span,
                               notes: [Note("first declared here", at: first)])
                    } else {
                        info.methods[decl.name.name] = function
                        info.methodOrder.append(function)
                    }
                }
                if !isPrelude { functions.append(function) }
            case .event(let decl):
                let params = decl.params.map { param in
                    ParamInfo(name: param.name.name, type: param.type.map { resolveType($0, typeParams: []) } ?? missingParameterType(param),
                              isOptional: false, span: param.span)
                }
                if info.events[decl.name.name] != nil {
                    report(CompilerMessages.duplicateMember(decl.name.name, owner: info.name), at: decl.name.span)
                }
                var event = EventInfo(name: decl.name.name, params: params, span: decl.name.span)
                event.indexedFields = checkIndexedFields(decl, params: params)
                info.events[decl.name.name] = event
            }
        }
        // Fields declared after use still need to be found; check duplicates of fields versus methods.
        for field in info.fields where field.owner === info && info.methods[field.name] != nil {
            report(CompilerMessages.duplicateMember(field.name, owner: info.name), at: field.decl.name.span)
        }
    }

    func missingParameterType(_ param: Param) -> TypeID {
        if let pattern = param.pattern {
            let shape = if case .object = pattern.kind { "{…}" } else { "[…]" }
            report(CompilerMessages.missingParameterType(shape), at: param.name.span,
                   helps: ["write the type of the whole argument after the pattern, e.g. '{ x, y }: Point'"])
            return .error
        }
        report(CompilerMessages.missingParameterType(param.name.name), at: param.name.span,
               fixIts: [.insert(": number", at: Span.point(param.name.span.file, param.name.span.end), message: "add a type annotation")])
        return .error
    }

    func resolveSignature(_ function: FunctionInfo, typeParams: [String], isPrelude: Bool) {
        guard let decl = function.decl else { return }
        let allTypeParams = typeParams + function.typeParams
        var sawOptional = false
        function.params = decl.params.map { param in
            var type: TypeID
            if let annotation = param.type {
                type = resolveType(annotation, typeParams: allTypeParams, allowAny: isPrelude)
            } else if let value = param.defaultValue, let literal = literalType(value) {
                type = literal
            } else {
                type = missingParameterType(param)
            }
            let isOptional = param.isOptional || param.defaultValue != nil || param.isRest
            if param.isOptional && param.defaultValue == nil { type = types.optional(type) }
            if param.isRest {
                let isArrayType = if case .array = types[type] { true } else { false }
                let problem: String? =
                    if param.span.end != decl.params.last?.span.end { "it must be the last parameter" }
                    else if param.defaultValue != nil || param.isOptional { "it cannot have a default or be optional; it is an empty array when no arguments are left" }
                    else if !function.typeParams.isEmpty || !typeParams.isEmpty { "a generic function or method cannot have one" }
                    else if function.owner?.kind == .contract && (decl.modifiers.isPublic || decl.kind == .constructor || decl.kind == .webhook) {
                        "an entry point of a contract takes a fixed list of values; declare an array parameter instead"
                    }
                    else if type != .error, !isArrayType { "its type must be an array, such as 'number[]'" }
                    else { nil }
                if let problem { report(CompilerMessages.misplacedRestParameter(problem), at: param.span) }
            }
            if sawOptional && !isOptional {
                report(CompilerMessages.requiredAfterOptional(param.name.name), at: param.name.span)
            }
            sawOptional = sawOptional || isOptional
            var info = ParamInfo(name: param.name.name, type: type, isOptional: isOptional, span: param.span)
            info.isRest = param.isRest
            return info
        }
        if decl.kind != .constructor {
            for param in decl.params where param.propertyModifiers != nil {
                report(CompilerMessages.misplacedParameterProperty(param.name.isMissing ? "the pattern" : param.name.name), at: param.span)
            }
        }
        var seen: [String: Span] = [:]
        for param in decl.params where !param.name.isMissing {
            if let first = seen[param.name.name] {
                report(CompilerMessages.duplicateDeclaration(param.name.name), at: param.name.span,
                       notes: [Note("'\(param.name.name)' was first declared here", at: first)])
            }
            seen[param.name.name] = param.name.span
        }
        if decl.kind == .constructor || decl.kind == .webhook {
            if let annotation = decl.returnType {
                let type = resolveType(annotation, typeParams: allTypeParams)
                if type != .void && type != .error {
                    report(CompilerMessages.cannotReturnValue(decl.kind == .constructor ? "a constructor" : "a webhook handler"),
                           at: annotation.span)
                }
            }
            function.result = .void
            function.resultState = .annotated
        } else if let annotation = decl.returnType {
            function.result = resolveType(annotation, typeParams: allTypeParams, allowAny: isPrelude, allowVoid: true)
            function.resultState = .annotated
        } else if decl.body == nil {
            function.result = .void
            function.resultState = .annotated
        } else {
            function.resultState = .pending
        }
    }

    /// The type of a literal default value, so `function f(x = 1)` needs no annotation.
    func literalType(_ expr: Expr) -> TypeID? {
        switch expr.kind {
        case .number: .number
        case .string: .string
        case .boolean: .boolean
        case .unary(.negate, let inner): literalType(inner) == .number ? .number : nil
        default: nil
        }
    }
}

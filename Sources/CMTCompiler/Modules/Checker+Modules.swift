import CMTSource

/// A name a module file imports, and whether the file uses it.
final class ImportBinding {
    let name: String
    let symbol: Symbol
    /// The local name as written in the import list.
    let span: Span
    var used = false

    init(name: String, symbol: Symbol, span: Span) {
        self.name = name
        self.symbol = symbol
        self.span = span
    }
}

/// What the checker knows about the program's modules: which files are modules (a file with an
/// `import` or `export`), each module's own declarations and imports, and what each file exports.
/// The declarations of the other files (scripts, in TypeScript's sense) share the program's one
/// scope, as every file did before modules existed.
final class ModuleState {
    var resolver = ModuleResolver()
    var moduleFiles: Set<FileID> = []
    var own: [FileID: [String: Symbol]] = [:]
    var imports: [FileID: [String: ImportBinding]] = [:]
    /// Every import binding in source order (for the unused-import warnings).
    var bindings: [ImportBinding] = []
    /// Each module file's exports by name, computed on first use.
    var exportTables: [FileID: [String: Symbol]] = [:]
    var exportedClasses: Set<ClassID> = []
    var filesByPath: [String: FileID] = [:]
    /// Names whose import failed (reported there), by file: their uses are not reported again.
    var failedImports: [FileID: Set<String>] = [:]
    /// The classes and contracts of module files by name: class names are program-wide (rule files
    /// name fact types, and a bundle names its classes, by name alone).
    var allClasses: [String: Symbol] = [:]
    /// The code the rules front end generates for a program's rule files, which sees every class.
    var ruleFiles: Set<FileID> = []
}

/// The modules of a checked program, for code generation and the bundle's ABI.
public struct ModuleSummary: Sendable {
    /// Whether some file of the program imports or exports.
    public let hasModules: Bool
    /// The classes and contracts some file exports.
    public let exportedClasses: Set<ClassID>
    /// How the program's imports were resolved (checking more code with the program, as the rules
    /// front end does, resolves them the same way).
    public var resolver = ModuleResolver()
}

extension Checker {
    /// The path a synthesized file of a dependency's contracts has (``ModuleResolver/Target/dependency(_:)``).
    public static func dependencyPath(_ name: String) -> String { "<dependency \(name)>" }

    /// Orders the files so that a file comes after the files it imports (the order their top-level
    /// code runs in, as ES modules evaluate); files that import nothing keep their order.
    static func importOrder(_ files: [SourceFileSyntax], sources: SourceManager, resolver: ModuleResolver) -> [SourceFileSyntax] {
        guard files.contains(where: \.isModule) else { return files }
        var byPath: [String: Int] = [:]
        for (index, file) in files.enumerated() {
            if let path = sources.file(file.file)?.path { byPath[ModuleResolver.normalize(path)] = index }
        }
        var edges: [[Int]] = Array(repeating: [], count: files.count)
        for (index, file) in files.enumerated() {
            guard let path = sources.file(file.file)?.path else { continue }
            for item in file.items {
                guard case .importDecl(let decl) = item, let target = targetPath(resolver.resolve(decl.source, from: path)),
                      let other = byPath[target] else { continue }
                edges[index].append(other)
            }
        }
        // Depth-first post-order over an explicit stack (no recursion on user input).
        var state = Array(repeating: 0, count: files.count)  // 0 new, 1 open, 2 done
        var order: [SourceFileSyntax] = []
        for root in files.indices where state[root] == 0 {
            var stack: [(node: Int, next: Int)] = [(root, 0)]
            state[root] = 1
            while let top = stack.last {
                if top.next < edges[top.node].count {
                    stack[stack.count - 1].next += 1
                    let child = edges[top.node][top.next]
                    if state[child] == 0 {
                        state[child] = 1
                        stack.append((child, 0))
                    }
                } else {
                    stack.removeLast()
                    state[top.node] = 2
                    order.append(files[top.node])
                }
            }
        }
        return order
    }

    static func targetPath(_ target: ModuleResolver.Target) -> String? {
        switch target {
        case .file(let path): path
        case .library(let path, _): path
        case .dependency(let name): dependencyPath(name)
        case .unknownPackage: nil
        }
    }

    var moduleSummary: ModuleSummary {
        ModuleSummary(hasModules: !modules.moduleFiles.isEmpty, exportedClasses: modules.exportedClasses, resolver: modules.resolver)
    }

    /// Finds the module files among `files` (before anything is declared).
    func prepareModules(_ files: [SourceFileSyntax]) {
        for file in files {
            let path = sources.file(file.file).map { ModuleResolver.normalize($0.path) }
            if let path { modules.filesByPath[path] = file.file }
            if file.isModule, !modules.resolver.sharedFiles.contains(path ?? "") { modules.moduleFiles.insert(file.file) }
            if sources.file(file.file)?.path.hasPrefix("<rules of") == true { modules.ruleFiles.insert(file.file) }
        }
    }

    func isModuleFile(_ file: FileID) -> Bool { modules.moduleFiles.contains(file) }

    /// Declares a top-level name of a module file in that file's own scope; false when the file is
    /// not a module (the name then goes to the shared scope).
    func declareInModule(_ name: Identifier, _ symbol: Symbol) -> Bool {
        let file = name.span.file
        guard isModuleFile(file) else { return false }
        if let existing = modules.own[file]?[name.name] {
            report(CompilerMessages.duplicateDeclaration(name.name), at: name.span,
                   notes: [Note("'\(name.name)' was first declared here", at: span(of: existing))])
            return true
        }
        modules.own[file, default: [:]][name.name] = symbol
        if case .classType = symbol, modules.allClasses[name.name] == nil { modules.allClasses[name.name] = symbol }
        return true
    }

    /// Two classes (or contracts) of one name in different files, one of them a module: names of
    /// classes are program-wide even where their files are modules.
    func reportDuplicateClassNames() {
        guard !modules.moduleFiles.isEmpty else { return }
        var first: [String: ClassInfo] = [:]
        for info in classes where info.kind != .builtin {
            guard let earlier = first[info.name] else {
                first[info.name] = info
                continue
            }
            guard earlier.file != info.file, isModuleFile(earlier.file) || isModuleFile(info.file) else { continue }
            report(CompilerMessages.duplicateDeclaration(info.name), at: info.nameSpan,
                   notes: [Note("'\(info.name)' was first declared here", at: earlier.nameSpan)],
                   helps: ["class and contract names are program-wide, even in modules: rule files and bundles name classes by their names"])
        }
    }

    /// A declaration of the program (not the prelude) visible by `name` in `file`: the file's own
    /// declarations and imports for a module, then the shared scope.
    func userGlobal(_ name: String, from file: FileID?) -> Symbol? {
        if let file, isModuleFile(file) {
            if let symbol = modules.own[file]?[name] { return symbol }
            if let binding = modules.imports[file]?[name] {
                binding.used = true
                return binding.symbol
            }
        }
        if let symbol = globals[name] { return symbol }
        if let file, modules.ruleFiles.contains(file) { return modules.allClasses[name] }
        return nil
    }

    /// Whether `name` in `file` is a name whose import failed (already reported).
    func isFailedImport(_ name: String, in file: FileID) -> Bool {
        modules.failedImports[file]?.contains(name) ?? false
    }

    /// The top-level names visible in `file` (for "did you mean" suggestions).
    func visibleGlobalNames(from file: FileID) -> [String] {
        var names = Array(globals.keys)
        if isModuleFile(file) {
            names += modules.own[file]?.keys.map { $0 } ?? []
            names += modules.imports[file]?.keys.map { $0 } ?? []
        }
        return names
    }

    /// The exports of a file by name.
    func exports(of file: FileID) -> [String: Symbol] {
        if let table = modules.exportTables[file] { return table }
        var table: [String: Symbol] = [:]
        if let syntax = files.first(where: { $0.file == file }) {
            for mark in syntax.exports where mark.itemIndex < syntax.items.count {
                for name in declaredNames(syntax.items[mark.itemIndex]) {
                    // A shared library file (`uses`) declared its names in the shared scope.
                    guard let symbol = isModuleFile(file) ? modules.own[file]?[name.name] : globals[name.name] else { continue }
                    table[name.name] = symbol
                    if case .classType(let info) = symbol { modules.exportedClasses.insert(info.id) }
                }
            }
        }
        modules.exportTables[file] = table
        return table
    }

    /// The names a top-level item declares.
    func declaredNames(_ item: Item) -> [Identifier] {
        switch item {
        case .function(let decl): [decl.name]
        case .classDecl(let decl): [decl.name]
        case .contract(let decl): [decl.name]
        case .statement(let stmt):
            switch stmt.kind {
            case .variables(_, let bindings): bindings.map(\.name)
            case .destructure(_, let pattern, _, _): pattern.bindings.map(\.name)
            default: []
            }
        case .importDecl: []
        }
    }

    /// Resolves every import of every module file: the file it names, the names it exports, and
    /// cycles among the files (an error: a file's top-level code must run after the code of the
    /// files it imports, which a cycle makes impossible).
    func resolveImports() {
        reportDuplicateClassNames()
        var edges: [FileID: [(target: FileID, span: Span)]] = [:]
        for syntax in files where !syntax.exports.isEmpty { _ = exports(of: syntax.file) }  // records the exported classes
        for syntax in files where isModuleFile(syntax.file) {
            let path = sources.file(syntax.file)?.path ?? ""
            for item in syntax.items {
                guard case .importDecl(let decl) = item else { continue }
                guard let target = importTarget(decl, from: path) else {
                    for specifier in decl.names { modules.failedImports[syntax.file, default: []].insert(specifier.localName.name) }
                    continue
                }
                edges[syntax.file, default: []].append((target, decl.sourceSpan))
                bind(decl, from: target, into: syntax.file)
            }
        }
        reportCycles(edges)
    }

    private func importTarget(_ decl: ImportDecl, from path: String) -> FileID? {
        guard !decl.source.isEmpty else { return nil }  // the parser reported the missing path
        let target = modules.resolver.resolve(decl.source, from: path)
        switch target {
        case .file(let resolved):
            if let file = modules.filesByPath[resolved] { return file }
            report(CompilerMessages.unknownModule(decl.source, resolved: resolved), at: decl.sourceSpan)
        case .library(let resolved, let searched):
            if let resolved, let file = modules.filesByPath[resolved] { return file }
            report(CompilerMessages.unknownLibrary(decl.source, searched: searched), at: decl.sourceSpan)
        case .dependency(let name):
            if let file = modules.filesByPath[Checker.dependencyPath(name)] { return file }
            report(CompilerMessages.unknownPackage(decl.source, known: modules.resolver.dependencies), at: decl.sourceSpan)
        case .unknownPackage:
            report(CompilerMessages.unknownPackage(decl.source, known: modules.resolver.dependencies), at: decl.sourceSpan)
        }
        return nil
    }

    private func bind(_ decl: ImportDecl, from target: FileID, into file: FileID) {
        let table = exports(of: target)
        let moduleName = decl.source
        for specifier in decl.names {
            let local = specifier.localName
            guard !specifier.name.isMissing, !local.isMissing else { continue }
            guard let symbol = table[specifier.name.name] else {
                modules.failedImports[file, default: []].insert(local.name)
                let declared = modules.own[target]?[specifier.name.name] ?? (isModuleFile(target) ? nil : globals[specifier.name.name])
                let suggestion = Spelling.closest(to: specifier.name.name, among: Array(table.keys))
                report(CompilerMessages.notExported(specifier.name.name, module: moduleName, declared: declared != nil), at: specifier.name.span,
                       notes: declared.flatMap { span(of: $0) }.map { [Note("declared here; write 'export' before it", at: $0)] } ?? [],
                       fixIts: suggestion.map { [.replace(specifier.name.span, with: $0, message: "did you mean '\($0)'?")] } ?? [])
                continue
            }
            let first = modules.imports[file]?[local.name]?.span ?? modules.own[file]?[local.name].flatMap { span(of: $0) }
            if let first {
                report(CompilerMessages.duplicateImport(local.name), at: local.span,
                       notes: [Note("'\(local.name)' was first declared here", at: first)],
                       helps: ["give one of them another name: 'import { \(specifier.name.name) as other\(specifier.name.name.prefix(1).uppercased() + specifier.name.name.dropFirst()) }'"])
                continue
            }
            let binding = ImportBinding(name: local.name, symbol: symbol, span: local.span)
            modules.imports[file, default: [:]][local.name] = binding
            modules.bindings.append(binding)
        }
    }

    /// Reports each import cycle once, at the import that closes it.
    private func reportCycles(_ edges: [FileID: [(target: FileID, span: Span)]]) {
        var state: [FileID: Int] = [:]  // 1 open, 2 done
        for root in files.map(\.file) where state[root] == nil && edges[root] != nil {
            var stack: [(node: FileID, next: Int)] = [(root, 0)]
            state[root] = 1
            while let top = stack.last {
                let outgoing = edges[top.node] ?? []
                guard top.next < outgoing.count else {
                    stack.removeLast()
                    state[top.node] = 2
                    continue
                }
                stack[stack.count - 1].next += 1
                let (child, span) = outgoing[top.next]
                switch state[child] {
                case nil:
                    state[child] = 1
                    stack.append((child, 0))
                case 1:
                    let start = stack.firstIndex { $0.node == child } ?? 0
                    // Named from the file whose import closes the cycle, round to it again.
                    let nodes = Array(stack[start...].map(\.node))
                    let chain = ([top.node] + nodes.dropLast() + [top.node]).map { displayName($0) }
                    report(CompilerMessages.importCycle(chain), at: span,
                           helps: ["move what both files need into a third file that both import"])
                default:
                    break
                }
            }
        }
    }

    private func displayName(_ file: FileID) -> String {
        let path = sources.file(file)?.path ?? "?"
        return path.split(separator: "/").last.map(String.init) ?? path
    }

    /// Warns about imported names that nothing in their file uses.
    func reportUnusedImports() {
        for binding in modules.bindings where !binding.used && !binding.name.hasPrefix("_") {
            report(CompilerMessages.unusedImport(binding.name), at: binding.span,
                   helps: ["remove it from the import list"])
        }
    }
}

extension Checker {
    /// A top-level variable declared in `file`'s scope (its own scope for a module file), without
    /// looking at imports.
    func ownGlobal(_ name: String, in file: FileID) -> Symbol? {
        isModuleFile(file) ? modules.own[file]?[name] : globals[name]
    }
}

extension Checker {
    /// A `declare contract` holds only public functions without bodies: it describes what can be
    /// called on a contract deployed elsewhere. It may also declare its constructor's parameters
    /// (`constructor(owner: address);`, no body), which `Name.deploy(…)` in a test is checked
    /// against; a handle never calls it.
    func checkDeclaredContract(_ decl: ContractDecl) {
        for member in decl.members {
            switch member {
            case .field(let field):
                report(CompilerMessages.declaredContractMember("state fields ('\(field.name.name)')"), at: field.name.span)
            case .event(let event):
                report(CompilerMessages.declaredContractMember("events ('\(event.name.name)')"), at: event.name.span)
            case .method(let method):
                if method.kind == .constructor && method.body == nil {
                    continue
                } else if method.kind != .function && method.kind != .method {
                    report(CompilerMessages.declaredContractMember(method.kind == .constructor ? "a constructor" : "webhook handlers"), at: method.name.span)
                } else if !method.modifiers.isPublic {
                    report(CompilerMessages.declaredContractMember("non-public functions ('\(method.name.name)')"), at: method.name.span,
                           fixIts: [.insert("public ", at: Span.point(method.span.file, method.span.start), message: "make it public")])
                } else if method.body != nil {
                    report(CompilerMessages.declaredContractMember("a function body"), at: method.name.span)
                }
            }
        }
    }
}

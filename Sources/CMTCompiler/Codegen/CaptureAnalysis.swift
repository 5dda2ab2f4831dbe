import CMTSource

/// Facts about variables that code generation needs before it lowers a body, gathered in one walk
/// over the whole module: which variables nested functions capture, which are assigned after their
/// declaration, and which script globals function bodies refer to. Variables are keyed by the span
/// of their declaring name, which is unique in a module.
struct CaptureAnalysis {
    /// Variables referred to from inside an arrow function or nested function that does not declare them.
    var captured: Set<Span> = []
    /// Variables assigned somewhere other than their declaration.
    var reassigned: Set<Span> = []
    /// Variables that name a nested function declaration.
    var nestedFunctionNames: Set<Span> = []
    /// Script globals read or written from inside a function body (they live in global slots).
    var globalsUsedInFunctions: Set<Span> = []

    let symbols: [SymbolTable]
    let fileIndex: [FileID: Int]
    /// Spans of the function-like bodies being walked, innermost last; empty at a script's top level.
    private var bodies: [Span] = []

    init(module: CheckedModule) {
        symbols = module.symbols
        var index: [FileID: Int] = [:]
        for (position, file) in module.files.enumerated() { index[file.file] = position }
        fileIndex = index
        for file in module.files {
            for item in file.items { visit(item) }
        }
    }

    /// Whether a captured variable must live in a heap cell so that every closure sees its current value.
    func needsCell(_ variable: VariableInfo) -> Bool {
        variable.kind != .global && captured.contains(variable.span)
            && (reassigned.contains(variable.span) || nestedFunctionNames.contains(variable.span))
    }

    func symbol(_ id: NodeID, _ span: Span) -> Symbol? {
        guard let index = fileIndex[span.file] else { return nil }
        return symbols[index][id]
    }

    private mutating func visit(_ item: Item) {
        SyntaxWalk.children(
            of: item, function: { visitFunction($0) },
            fieldInitializer: { field, initializer in
                bodies.append(field.span)
                visit(initializer)
                bodies.removeLast()
            },
            statement: { visit($0) }, expression: { visit($0) })
    }

    private mutating func visitFunction(_ decl: FunctionDecl) {
        // The body's range starts at the parameters, so that a nested function naming itself captures its
        // own name (declared just before).
        let start = decl.params.first?.span.start ?? decl.body?.span.start ?? decl.span.start
        bodies.append(Span(file: decl.span.file, start: start, end: decl.span.end))
        SyntaxWalk.children(of: decl, statement: { visit($0) }, expression: { visit($0) })
        bodies.removeLast()
    }

    private mutating func visit(_ stmt: Stmt) {
        if case .function(let decl) = stmt.kind {
            if case .variable(let variable)? = symbol(decl.id, decl.span) { nestedFunctionNames.insert(variable.span) }
            visitFunction(decl)
            return
        }
        SyntaxWalk.children(of: stmt, statement: { visit($0) }, expression: { visit($0) })
    }

    private mutating func noteUse(_ variable: VariableInfo) {
        if variable.kind == .global {
            if !bodies.isEmpty { globalsUsedInFunctions.insert(variable.span) }
            return
        }
        if let body = bodies.last, !(body.start <= variable.span.start && variable.span.end <= body.end) {
            captured.insert(variable.span)
        }
    }

    private mutating func noteAssignment(_ target: Expr) {
        var inner = target
        while case .paren(let wrapped) = inner.kind { inner = wrapped }
        guard case .identifier = inner.kind, case .variable(let variable)? = symbol(inner.id, inner.span) else { return }
        if variable.span != inner.span { reassigned.insert(variable.span) }
    }

    private mutating func visit(_ expr: Expr) {
        switch expr.kind {
        case .identifier:
            if case .variable(let variable)? = symbol(expr.id, expr.span) { noteUse(variable) }
        case .update(_, _, let target), .assign(_, let target, _, _):
            noteAssignment(target)
        case .arrow:
            bodies.append(expr.span)
            SyntaxWalk.children(of: expr, statement: { visit($0) }, expression: { visit($0) })
            bodies.removeLast()
            return
        default:
            break
        }
        SyntaxWalk.children(of: expr, statement: { visit($0) }, expression: { visit($0) })
    }
}

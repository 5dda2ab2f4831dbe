import CMTCompiler
import CMTSource

extension RuleChecker {
    /// One change to embedded text: insert `text` before `offset`, or replace `length` bytes there.
    struct Edit {
        let offset: Int
        let length: Int
        let text: String
        let anchor: Span
    }

    /// Emits a constraint as a CMT boolean expression: DRL operators become CMT calls
    /// (`a contains b` → `(a).includes(b)`, `x in (1, 2)` → `(x == 1 || x == 2)`).
    func emitConstraint(_ constraint: ConstraintSyntax, fact: Fact?, scope: Scope) {
        switch constraint {
        case .test(let expr):
            emitExpression(expr, fact: fact, scope: scope)
        case .compare(let left, let op, let right, let opSpan):
            switch op {
            case .contains, .notContains, .memberOf, .notMemberOf:
                let (collection, element) = op == .contains || op == .notContains ? (left, right) : (right, left)
                builder.emit(op == .notContains || op == .notMemberOf ? "!((" : "((", anchor: opSpan)
                emitExpression(collection, fact: fact, scope: scope)
                builder.emit(").includes(", anchor: opSpan)
                emitExpression(element, fact: fact, scope: scope)
                builder.emit("))", anchor: opSpan)
            default:
                builder.emit("(", anchor: left.span)
                emitExpression(left, fact: fact, scope: scope)
                builder.emit(" \(op.rawValue) ", anchor: opSpan)
                emitExpression(right, fact: fact, scope: scope)
                builder.emit(")", anchor: right.span)
            }
        case .inList(let left, let values, let negated, let opSpan):
            builder.emit(negated ? "!(" : "(", anchor: opSpan)
            if values.isEmpty { builder.emit("false", anchor: opSpan) }
            for (index, value) in values.enumerated() {
                if index > 0 { builder.emit(" || ", anchor: opSpan) }
                emitExpression(left, fact: fact, scope: scope)
                builder.emit(" == ", anchor: opSpan)
                emitExpression(value, fact: fact, scope: scope)
            }
            builder.emit(")", anchor: opSpan)
        case .and(let a, let b), .or(let a, let b):
            let isAnd = if case .and = constraint { true } else { false }
            builder.emit("(", anchor: a.span)
            emitConstraint(a, fact: fact, scope: scope)
            builder.emit(isAnd ? ") && (" : ") || (", anchor: b.span)
            emitConstraint(b, fact: fact, scope: scope)
            builder.emit(")", anchor: b.span)
        }
    }

    /// Emits `expr` verbatim, with bare field names of the fact prefixed by `__f.` and `this`
    /// replaced by `__f`. Unknown bare names are reported here with a "did you mean".
    func emitExpression(_ expr: Expr, fact: Fact?, scope: Scope) {
        var edits: [Edit] = []
        collectEdits(expr, fact: fact, scope: scope, into: &edits)
        emitEdited(expr.span, edits: edits)
    }

    /// Copies `span` from the current file, applying `edits` (sorted by offset).
    func emitEdited(_ span: Span, edits: [Edit]) {
        var cursor = span.start
        for edit in edits.sorted(by: { $0.offset < $1.offset }) where edit.offset >= cursor {
            builder.copy(Span(file: span.file, start: cursor, end: edit.offset), from: currentFile)
            builder.emit(edit.text, anchor: edit.anchor)
            cursor = edit.offset + edit.length
        }
        builder.copy(Span(file: span.file, start: cursor, end: span.end), from: currentFile)
    }

    /// Finds the bare names of `expr` that need rewriting or reporting. Recursion follows the tree,
    /// which the parser bounds by ``Parser/maximumNesting``.
    func collectEdits(_ expr: Expr, fact: Fact?, scope: Scope, into edits: inout [Edit]) {
        func visit(_ expr: Expr) { collectEdits(expr, fact: fact, scope: scope, into: &edits) }
        switch expr.kind {
        case .identifier(let name):
            if let edit = resolveBareName(name, span: expr.span, fact: fact, scope: scope) { edits.append(edit) }
        case .this:
            if fact != nil { edits.append(Edit(offset: expr.span.start, length: expr.span.length, text: "__f", anchor: expr.span)) }
        case .member(let base, _, false) where fact.map({ isOptionalPath(base, fact: $0) }) == true:
            // `customer.name` through an optional field (a declared class-typed field): null-safe, as
            // a nested accessor reads in a constraint (a null on the way matches nothing but `== null`).
            visit(base)
            edits.append(Edit(offset: base.span.end, length: 0, text: "?", anchor: base.span))
        case .arrow:
            break
        default:
            SyntaxWalk.children(of: expr, statement: { _ in }, expression: visit)
        }
    }

    /// What a bare name in a constraint means: a binding or global (kept), a field of the fact
    /// (`__f.` inserted), a module name (kept), or a mistake (reported).
    /// Whether `expr` is a field path of the fact whose type is optional.
    func isOptionalPath(_ expr: Expr, fact: Fact) -> Bool {
        guard let type = fieldPathType(expr, fact: fact), case .optional = module.types[type] else { return false }
        return true
    }

    func resolveBareName(_ name: String, span: Span, fact: Fact?, scope: Scope) -> Edit? {
        if scope.contains(name) || globals.contains(where: { $0.name == name }) { return nil }
        if let fact {
            if fact.isNumber, ["intValue", "doubleValue", "longValue", "floatValue", "value"].contains(name) {
                return Edit(offset: span.start, length: span.length, text: "__f", anchor: span)
            }
            if let info = fact.info, info.instanceFields.contains(where: { $0.name == name })
                || info.methodOrder.contains(where: { $0.name == name && !$0.isStatic }) {
                return Edit(offset: span.start, length: 0, text: "__f.", anchor: span)
            }
        }
        if !name.hasPrefix("$"), moduleNames.contains(name) { return nil }
        if fact == nil && !name.hasPrefix("$") { return nil }  // the CMT checker reports it
        if name.hasPrefix("$") {
            reportUnknownBinding(name, span: span, scope: scope)
            return nil
        }
        guard let fact else { return nil }
        let fields = fact.info.map { $0.instanceFields.map(\.name) } ?? []
        let suggestion = Spelling.closest(to: name, among: fields + scope.bindings.map(\.name))
        report(RuleMessages.unknownField(name, type: fact.typeText), at: span,
               fixIts: suggestion.map { [.replace(span, with: $0, message: "did you mean '\($0)'?")] } ?? [])
        return Edit(offset: span.start, length: 0, text: "__f.", anchor: span)
    }

    func reportUnknownBinding(_ name: String, span: Span, scope: Scope) {
        let suggestion = Spelling.closest(to: name, among: scope.bindings.map(\.name) + globals.map(\.name))
        report(RuleMessages.unknownBinding(name), at: span,
               fixIts: suggestion.map { [.replace(span, with: $0, message: "did you mean '\($0)'?")] } ?? [])
    }
}

import CMTCompiler
import CMTSource

extension RuleChecker {
    /// Emits a consequence as CMT statements: statements verbatim, a nested `when c then …` as
    /// `if (c) { … }`, `modify (t) { a = 1 }` as `{ const __t = t; __t.a = 1; update(__t); }`.
    func emitActions(_ actions: [ActionSyntax], indent: String) {
        for action in actions { emitAction(action, indent: indent) }
    }

    func emitAction(_ action: ActionSyntax, indent: String) {
        switch action {
        case .statement(let stmt):
            builder.emit(indent, anchor: stmt.span)
            builder.copy(stmt.span, from: currentFile)
            builder.emit(needsSemicolon(stmt) ? ";\n" : "\n", anchor: stmt.span)
        case .when(let condition, let body, let span):
            builder.emit(indent + "if (", anchor: span)
            builder.copy(condition.span, from: currentFile)
            builder.emit(") {\n", anchor: span)
            emitActions(body, indent: indent + "    ")
            builder.emit(indent + "}\n", anchor: span)
        case .ifAction(let condition, let then, let otherwise, let span):
            builder.emit(indent + "if (", anchor: span)
            builder.copy(condition.span, from: currentFile)
            builder.emit(") {\n", anchor: span)
            emitActions(then, indent: indent + "    ")
            if let otherwise {
                builder.emit(indent + "} else {\n", anchor: span)
                emitActions(otherwise, indent: indent + "    ")
            }
            builder.emit(indent + "}\n", anchor: span)
        case .block(let body, let span):
            builder.emit(indent + "{\n", anchor: span)
            emitActions(body, indent: indent + "    ")
            builder.emit(indent + "}\n", anchor: span)
        case .modify(let target, let edits, let span):
            builder.emit(indent + "{\n" + indent + "    const __t = ", anchor: span)
            builder.copy(target.span, from: currentFile)
            builder.emit(";\n", anchor: span)
            for edit in edits {
                builder.emit(indent + "    ", anchor: edit.span)
                if let head = leadingName(edit) {
                    emitEdited(edit.span, edits: [Edit(offset: head.start, length: 0, text: "__t.", anchor: head)])
                } else {
                    builder.copy(edit.span, from: currentFile)
                }
                builder.emit(";\n", anchor: edit.span)
            }
            builder.emit(indent + "    update(__t);\n" + indent + "}\n", anchor: span)
        }
    }

    /// Whether a copied statement needs a `;` (the DRL text may rely on line breaks alone).
    func needsSemicolon(_ stmt: Stmt) -> Bool {
        switch stmt.kind {
        case .expression, .variables, .returnStmt, .breakStmt, .continueStmt, .emit: !currentFile.text(of: stmt.span).hasSuffix(";")
        default: false
        }
    }

    /// The span of the name an edit of `modify` starts with (`price` in `price = 10`, `setPrice` in
    /// `setPrice(10)`), which names a member of the modified fact.
    func leadingName(_ expr: Expr) -> Span? {
        switch expr.kind {
        case .identifier: expr.span
        case .assign(_, let target, _, _): leadingName(target)
        case .call(let callee, _, _): leadingName(callee)
        case .member(let base, _, _), .index(let base, _, _): leadingName(base)
        case .update(_, _, let inner): leadingName(inner)
        default: nil
        }
    }
}

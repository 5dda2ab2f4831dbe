extension FunctionLowering {
    /// A `load_rules`/`start_process` path literal with an alias (a project's unique bare file
    /// name) replaced by the name the program knows the file by, so that every spelling opens the
    /// same rule set or process definition.
    func canonicalPath(_ path: Expr) -> Expr {
        guard case .string(let text) = stripParens(path).kind, let canonical = module.pathAliases[text] else { return path }
        return Expr(id: path.id, kind: .string(canonical), span: path.span)
    }
}

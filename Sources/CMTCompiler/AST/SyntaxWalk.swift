/// The one definition of which statements and expressions sit directly inside a node. Every
/// analysis that walks bodies (capture analysis, narrowing, lowering's pre-passes, closure scans,
/// the rules and process front ends) handles the node kinds it cares about and hands the rest to
/// ``children(of:statement:expression:)-(Stmt,_,_)``, so a walk cannot skip a child by mistake. The
/// switches here are exhaustive with no `default`: a new node kind does not compile until it says
/// what its children are.
public enum SyntaxWalk {
    /// Calls `statement` for each statement and `expression` for each expression directly inside
    /// `stmt`, in source order. A nested function declaration's children are its parameters'
    /// default values and its body's statements.
    public static func children(of stmt: Stmt, statement: (Stmt) -> Void, expression: (Expr) -> Void) {
        switch stmt.kind {
        case .expression(let expr): expression(expr)
        case .variables(_, let bindings):
            for binding in bindings { if let value = binding.initializer { expression(value) } }
        case .destructure(_, let pattern, _, let initializer):
            expression(initializer)
            pattern.defaultValues.forEach(expression)
        case .block(let block): block.statements.forEach(statement)
        case .ifStmt(let condition, let then, let otherwise):
            expression(condition)
            statement(then)
            if let otherwise { statement(otherwise) }
        case .whileStmt(let condition, let body):
            expression(condition)
            statement(body)
        case .doWhile(let body, let condition):
            statement(body)
            expression(condition)
        case .forStmt(let initializer, let condition, let step, let body):
            if let initializer { statement(initializer) }
            if let condition { expression(condition) }
            if let step { expression(step) }
            statement(body)
        case .forOf(_, _, let iterable, let body):
            expression(iterable)
            statement(body)
        case .forOfPattern(_, let pattern, let iterable, let body):
            expression(iterable)
            pattern.defaultValues.forEach(expression)
            statement(body)
        case .switchStmt(let value, let cases):
            expression(value)
            for clause in cases {
                if let test = clause.test { expression(test) }
                clause.body.forEach(statement)
            }
        case .labeled(_, let body): statement(body)
        case .returnStmt(let value): if let value { expression(value) }
        case .emit(_, let arguments): arguments.forEach(expression)
        case .function(let decl): children(of: decl, statement: statement, expression: expression)
        case .tryStmt(let clause):
            clause.body.statements.forEach(statement)
            clause.handler.statements.forEach(statement)
        case .breakStmt, .continueStmt, .empty, .error: break
        }
    }

    /// Calls `statement` and `expression` for the children of `expr`, in source order. An arrow
    /// function's children are its parameters' default values and its body.
    public static func children(of expr: Expr, statement: (Stmt) -> Void, expression: (Expr) -> Void) {
        switch expr.kind {
        case .number, .string, .boolean, .null, .this, .superRef, .identifier, .error: break
        case .template(_, let values): values.forEach(expression)
        case .array(let elements): elements.forEach(expression)
        case .map(let entries):
            for entry in entries {
                if case .computed(let key) = entry.key { expression(key) }
                expression(entry.value)
            }
        case .paren(let inner), .spread(let inner), .unary(_, let inner), .forceUnwrap(let inner), .update(_, _, let inner), .member(let inner, _, _):
            expression(inner)
        case .binary(_, let lhs, let rhs, _), .assign(_, let lhs, let rhs, _), .index(let lhs, let rhs, _), .callValue(let lhs, let rhs):
            expression(lhs)
            expression(rhs)
        case .conditional(let condition, let then, let otherwise):
            expression(condition)
            expression(then)
            expression(otherwise)
        case .call(let callee, let arguments, _):
            expression(callee)
            arguments.forEach(expression)
        case .new(_, _, let arguments): arguments.forEach(expression)
        case .arrow(let params, _, let body):
            parameters(params, expression: expression)
            switch body {
            case .expression(let value): expression(value)
            case .block(let block): block.statements.forEach(statement)
            }
        }
    }

    /// The default values of parameters and of their destructuring patterns.
    static func parameters(_ params: [Param], expression: (Expr) -> Void) {
        for param in params {
            if let value = param.defaultValue { expression(value) }
            param.pattern?.defaultValues.forEach(expression)
        }
    }

    /// The children of a function declaration: its parameters' default values and its body.
    public static func children(of decl: FunctionDecl, statement: (Stmt) -> Void, expression: (Expr) -> Void) {
        parameters(decl.params, expression: expression)
        decl.body?.statements.forEach(statement)
    }

    /// What sits directly inside a top-level item, in source order: a function (a top-level
    /// function, a method, a constructor or a webhook) goes to `function`, a field's initializer to
    /// `fieldInitializer`, an event field's default value to `expression`, a statement to `statement`.
    /// Interfaces are classes here (their members have no bodies or values); an import has no children.
    public static func children(
        of item: Item, function: (FunctionDecl) -> Void, fieldInitializer: (FieldDecl, Expr) -> Void, statement: (Stmt) -> Void,
        expression: (Expr) -> Void
    ) {
        switch item {
        case .function(let decl): function(decl)
        case .classDecl(let decl): members(decl.members, function: function, fieldInitializer: fieldInitializer, expression: expression)
        case .contract(let decl): members(decl.members, function: function, fieldInitializer: fieldInitializer, expression: expression)
        case .statement(let stmt): statement(stmt)
        case .importDecl: break  // names and a path: nothing to walk
        }
    }

    static func members(
        _ members: [ClassMember], function: (FunctionDecl) -> Void, fieldInitializer: (FieldDecl, Expr) -> Void, expression: (Expr) -> Void
    ) {
        for member in members {
            switch member {
            case .field(let field): if let initializer = field.initializer { fieldInitializer(field, initializer) }
            case .method(let decl): function(decl)
            case .event(let event): parameters(event.params, expression: expression)
            }
        }
    }

    /// Every expression of a file, each with the statements and functions around it walked the same
    /// way, in source order (nested arrow functions and functions included).
    public static func forEachExpression(in syntax: SourceFileSyntax, _ visit: (Expr) -> Void) {
        func walk(_ expr: Expr) {
            visit(expr)
            children(of: expr, statement: walk, expression: walk)
        }
        func walk(_ stmt: Stmt) { children(of: stmt, statement: walk, expression: walk) }
        for item in syntax.items {
            children(of: item, function: { children(of: $0, statement: walk, expression: walk) }, fieldInitializer: { walk($1) },
                     statement: walk, expression: walk)
        }
    }
}

import CMTSource

/// One node of the typed AST as a byte range: what ``SyntaxTreeBuilder`` lays over the tokens.
struct OutlineNode: Sendable {
    let kind: SyntaxKind
    let start: Int32
    let end: Int32
    /// The AST node's ``NodeID``, or -1 for AST parts that have none (blocks, patterns, imports).
    let astID: Int32
}

/// Lists the AST's nodes with their spans, parents before children. The walk keeps its own stack,
/// so a deeply nested file cannot overflow the thread's stack (the parser bounds the depth anyway).
struct SyntaxOutline {
    private(set) var nodes: [OutlineNode] = []

    private enum Work {
        case item(Item)
        case member(ClassMember)
        case function(FunctionDecl)
        case param(Param)
        case type(TypeRepr)
        case stmt(Stmt)
        case block(Block)
        case binding(VarBinding)
        case switchCase(SwitchCase)
        case expr(Expr)
        case mapEntry(MapEntry)
        case pattern(Pattern)
        case patternElement(PatternElement)
    }

    private var work: [Work] = []

    /// The outline of a parsed file.
    static func of(_ syntax: SourceFileSyntax) -> [OutlineNode] {
        var outline = SyntaxOutline()
        var exportKeywords: [Int: Span] = [:]
        for mark in syntax.exports { exportKeywords[mark.itemIndex] = mark.keyword }
        for (index, item) in syntax.items.enumerated() {
            if let keyword = exportKeywords[index] {
                outline.add(.exportedItem, Span(file: keyword.file, start: keyword.start, end: item.span.end))
            }
            outline.work.append(.item(item))
            outline.drain()
        }
        return outline.nodes
    }

    private mutating func add(_ kind: SyntaxKind, _ span: Span, _ id: NodeID? = nil) {
        nodes.append(OutlineNode(kind: kind, start: Int32(truncatingIfNeeded: span.start), end: Int32(truncatingIfNeeded: span.end),
                                 astID: id?.rawValue ?? -1))
    }

    private mutating func drain() {
        while let next = work.popLast() {
            switch next {
            case .item(let item): visit(item)
            case .member(let member): visit(member)
            case .function(let decl): visit(decl)
            case .param(let param): visit(param)
            case .type(let type): visit(type)
            case .stmt(let stmt): visit(stmt)
            case .block(let block):
                add(.codeBlock, block.span)
                work.append(contentsOf: block.statements.map(Work.stmt))
            case .binding(let binding): visit(binding)
            case .switchCase(let clause):
                add(.switchCase, clause.span)
                if let test = clause.test { work.append(.expr(test)) }
                work.append(contentsOf: clause.body.map(Work.stmt))
            case .expr(let expr): visit(expr)
            case .mapEntry(let entry):
                add(.mapEntry, entry.span)
                if case .computed(let key) = entry.key { work.append(.expr(key)) }
                work.append(.expr(entry.value))
            case .pattern(let pattern): visit(pattern)
            case .patternElement(let element):
                add(.patternElement, element.span, element.id)
                work.append(.pattern(element.pattern))
                if let value = element.defaultValue { work.append(.expr(value)) }
            }
        }
    }

    private mutating func visit(_ item: Item) {
        switch item {
        case .function(let decl): work.append(.function(decl))
        case .classDecl(let decl):
            add(decl.isInterface ? .interfaceDecl : .classDecl, decl.span, decl.id)
            if let superclass = decl.superclass { work.append(.type(superclass)) }
            work.append(contentsOf: decl.interfaces.map(Work.type))
            work.append(contentsOf: decl.members.map(Work.member))
        case .contract(let decl):
            add(.contractDecl, decl.span, decl.id)
            work.append(contentsOf: decl.members.map(Work.member))
        case .statement(let stmt): work.append(.stmt(stmt))
        case .importDecl(let decl): add(.importDecl, decl.span)
        }
    }

    private mutating func visit(_ member: ClassMember) {
        switch member {
        case .field(let field):
            add(.fieldDecl, field.span, field.id)
            if let type = field.type { work.append(.type(type)) }
            if let value = field.initializer { work.append(.expr(value)) }
        case .method(let decl): work.append(.function(decl))
        case .event(let event):
            add(.eventDecl, event.span, event.id)
            work.append(contentsOf: event.params.map(Work.param))
        }
    }

    private mutating func visit(_ decl: FunctionDecl) {
        add(.functionDecl, decl.span, decl.id)
        work.append(contentsOf: decl.params.map(Work.param))
        if let type = decl.returnType { work.append(.type(type)) }
        if let body = decl.body { work.append(.block(body)) }
    }

    private mutating func visit(_ param: Param) {
        add(.parameter, param.span, param.id)
        if let type = param.type { work.append(.type(type)) }
        if let value = param.defaultValue { work.append(.expr(value)) }
        if let pattern = param.pattern { work.append(.pattern(pattern)) }
    }

    private mutating func visit(_ type: TypeRepr) {
        switch type.kind {
        case .named(_, let arguments):
            add(.namedType, type.span, type.id)
            work.append(contentsOf: arguments.map(Work.type))
        case .array(let element):
            add(.arrayType, type.span, type.id)
            work.append(.type(element))
        case .optional(let wrapped):
            add(.optionalType, type.span, type.id)
            work.append(.type(wrapped))
        case .function(let params, let result):
            add(.functionType, type.span, type.id)
            work.append(contentsOf: params.map(Work.type))
            work.append(.type(result))
        case .error:
            add(.errorType, type.span, type.id)
        }
    }

    private mutating func visit(_ binding: VarBinding) {
        add(.variableBinding, binding.span, binding.id)
        if let type = binding.type { work.append(.type(type)) }
        if let value = binding.initializer { work.append(.expr(value)) }
    }

    private mutating func visit(_ pattern: Pattern) {
        switch pattern.kind {
        case .name(let binding):
            add(.namePattern, pattern.span)
            work.append(.binding(binding))
        case .array(let elements, let rest):
            add(.arrayPattern, pattern.span)
            work.append(contentsOf: elements.compactMap { $0 }.map(Work.patternElement))
            if let rest { work.append(.pattern(rest)) }
        case .object(let elements):
            add(.objectPattern, pattern.span)
            work.append(contentsOf: elements.map(Work.patternElement))
        case .error:
            add(.errorPattern, pattern.span)
        }
    }

    private mutating func visit(_ stmt: Stmt) {
        let kind: SyntaxKind
        switch stmt.kind {
        case .expression(let expr):
            kind = .expressionStmt
            work.append(.expr(expr))
        case .variables(_, let bindings):
            kind = .variableDecl
            work.append(contentsOf: bindings.map(Work.binding))
        case .destructure(_, let pattern, let type, let initializer):
            kind = .destructuringDecl
            work.append(.pattern(pattern))
            if let type { work.append(.type(type)) }
            work.append(.expr(initializer))
        case .block(let block):
            kind = .blockStmt
            work.append(.block(block))
        case .ifStmt(let condition, let then, let otherwise):
            kind = .ifStmt
            work.append(.expr(condition))
            work.append(.stmt(then))
            if let otherwise { work.append(.stmt(otherwise)) }
        case .whileStmt(let condition, let body):
            kind = .whileStmt
            work.append(.expr(condition))
            work.append(.stmt(body))
        case .forStmt(let initializer, let condition, let step, let body):
            kind = .forStmt
            if let initializer { work.append(.stmt(initializer)) }
            if let condition { work.append(.expr(condition)) }
            if let step { work.append(.expr(step)) }
            work.append(.stmt(body))
        case .forOf(_, let binding, let iterable, let body):
            kind = .forOfStmt
            work.append(.binding(binding))
            work.append(.expr(iterable))
            work.append(.stmt(body))
        case .forOfPattern(_, let pattern, let iterable, let body):
            kind = .forOfStmt
            work.append(.pattern(pattern))
            work.append(.expr(iterable))
            work.append(.stmt(body))
        case .doWhile(let body, let condition):
            kind = .doWhileStmt
            work.append(.stmt(body))
            work.append(.expr(condition))
        case .switchStmt(let value, let cases):
            kind = .switchStmt
            work.append(.expr(value))
            work.append(contentsOf: cases.map(Work.switchCase))
        case .labeled(_, let body):
            kind = .labeledStmt
            work.append(.stmt(body))
        case .returnStmt(let value):
            kind = .returnStmt
            if let value { work.append(.expr(value)) }
        case .breakStmt: kind = .breakStmt
        case .continueStmt: kind = .continueStmt
        case .emit(_, let arguments):
            kind = .emitStmt
            work.append(contentsOf: arguments.map(Work.expr))
        case .function(let decl):
            kind = .functionStmt
            work.append(.function(decl))
        case .tryStmt(let clause):
            kind = .tryStmt
            work.append(.block(clause.body))
            if let type = clause.bindingType { work.append(.type(type)) }
            work.append(.block(clause.handler))
        case .empty: kind = .emptyStmt
        case .error: kind = .errorStmt
        }
        add(kind, stmt.span, stmt.id)
    }

    private mutating func visit(_ expr: Expr) {
        let kind: SyntaxKind
        switch expr.kind {
        case .number: kind = .numberLiteral
        case .string: kind = .stringLiteral
        case .boolean: kind = .booleanLiteral
        case .null: kind = .nullLiteral
        case .this: kind = .thisExpr
        case .superRef: kind = .superExpr
        case .identifier: kind = .identifierExpr
        case .error: kind = .errorExpr
        case .template(_, let values):
            kind = .templateLiteral
            work.append(contentsOf: values.map(Work.expr))
        case .array(let elements):
            kind = .arrayLiteral
            work.append(contentsOf: elements.map(Work.expr))
        case .map(let entries):
            kind = .mapLiteral
            work.append(contentsOf: entries.map(Work.mapEntry))
        case .paren(let inner):
            kind = .parenExpr
            work.append(.expr(inner))
        case .spread(let inner):
            kind = .spreadExpr
            work.append(.expr(inner))
        case .unary(_, let inner):
            kind = .unaryExpr
            work.append(.expr(inner))
        case .forceUnwrap(let inner):
            kind = .forceUnwrapExpr
            work.append(.expr(inner))
        case .update(_, _, let inner):
            kind = .updateExpr
            work.append(.expr(inner))
        case .member(let base, _, _):
            kind = .memberExpr
            work.append(.expr(base))
        case .binary(_, let lhs, let rhs, _):
            kind = .binaryExpr
            work.append(.expr(lhs))
            work.append(.expr(rhs))
        case .assign(_, let target, let value, _):
            kind = .assignExpr
            work.append(.expr(target))
            work.append(.expr(value))
        case .index(let base, let index, _):
            kind = .indexExpr
            work.append(.expr(base))
            work.append(.expr(index))
        case .conditional(let condition, let then, let otherwise):
            kind = .conditionalExpr
            work.append(.expr(condition))
            work.append(.expr(then))
            work.append(.expr(otherwise))
        case .call(let callee, let arguments, _):
            kind = .callExpr
            work.append(.expr(callee))
            work.append(contentsOf: arguments.map(Work.expr))
        case .callValue(let callee, let value):
            kind = .callValueExpr
            work.append(.expr(callee))
            work.append(.expr(value))
        case .new(_, let typeArguments, let arguments):
            kind = .newExpr
            work.append(contentsOf: typeArguments.map(Work.type))
            work.append(contentsOf: arguments.map(Work.expr))
        case .arrow(let params, let returnType, let body):
            kind = .arrowExpr
            work.append(contentsOf: params.map(Work.param))
            if let returnType { work.append(.type(returnType)) }
            switch body {
            case .expression(let value): work.append(.expr(value))
            case .block(let block): work.append(.block(block))
            }
        }
        add(kind, expr.span, expr.id)
    }
}

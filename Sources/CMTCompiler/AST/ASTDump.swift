import CMTSource

/// A canonical text dump of a syntax tree that leaves out node IDs, spans and comments, so that two
/// trees read from differently laid out text can be compared: the formatter's tests check that
/// `dump(parse(format(x))) == dump(parse(x))`. One node per line, children indented by two spaces.
public enum ASTDump {
    /// Dumps a file's items.
    /// - Parameter includeEmptyStatements: Whether lone `;` statements in blocks and at the top level
    ///   are dumped (the formatter drops them, so its tests pass false).
    public static func dump(_ syntax: SourceFileSyntax, includeEmptyStatements: Bool = true) -> String {
        var dumper = Dumper(includeEmpty: includeEmptyStatements)
        for item in syntax.items { dumper.item(item) }
        return dumper.lines.joined(separator: "\n")
    }
}

/// Builds the lines of an ``ASTDump``.
struct Dumper {
    let includeEmpty: Bool
    var lines: [String] = []
    var depth = 0

    init(includeEmpty: Bool) { self.includeEmpty = includeEmpty }

    mutating func line(_ text: String) {
        lines.append(String(repeating: "  ", count: depth) + text)
    }

    mutating func nested(_ text: String, _ body: (inout Dumper) -> Void) {
        line(text)
        depth += 1
        body(&self)
        depth -= 1
    }

    func modifiers(_ m: Modifiers) -> String {
        var words: [String] = []
        if m.isDeclare { words.append("declare") }
        if m.isPublic { words.append("public") }
        if m.isPrivate { words.append("private") }
        if m.isProtected { words.append("protected") }
        if m.isAbstract { words.append("abstract") }
        if m.isStatic { words.append("static") }
        if m.isReadonly { words.append("readonly") }
        return words.isEmpty ? "" : " [" + words.joined(separator: " ") + "]"
    }

    func doc(_ text: String?) -> String { text.map { " doc=\(String(reflecting: $0))" } ?? "" }

    mutating func item(_ item: Item) {
        switch item {
        case .function(let decl): function(decl)
        case .classDecl(let decl):
            let keyword = decl.isInterface ? "interface" : "class"
            let supertypes = (decl.superclass.map { " extends " + typeText($0) } ?? "")
                + (decl.interfaces.isEmpty ? "" : " implements " + decl.interfaces.map(typeText).joined(separator: ", "))
            nested("\(keyword) \(decl.name.name)<\(decl.typeParams.map(\.name).joined(separator: ","))>\(supertypes)\(modifiers(decl.modifiers))\(doc(decl.doc))") {
                for member in decl.members { $0.member(member) }
            }
        case .contract(let decl):
            nested("contract \(decl.name.name)\(doc(decl.doc))") {
                for member in decl.members { $0.member(member) }
            }
        case .statement(let stmt): statement(stmt)
        }
    }

    mutating func member(_ member: ClassMember) {
        switch member {
        case .field(let field):
            nested("field \(field.name.name)\(modifiers(field.modifiers))\(doc(field.doc))") {
                $0.optionalType("type", field.type)
                $0.optionalExpr("init", field.initializer)
            }
        case .method(let method): function(method)
        case .event(let event):
            nested("event \(event.name.name)\(doc(event.doc))") {
                for param in event.params { $0.param(param) }
            }
        }
    }

    mutating func function(_ decl: FunctionDecl) {
        let header = "function \(decl.kind) \(decl.name.name)<\(decl.typeParams.map(\.name).joined(separator: ","))>"
        nested(header + modifiers(decl.modifiers) + doc(decl.doc)) {
            for param in decl.params { $0.param(param) }
            $0.optionalType("returns", decl.returnType)
            if let body = decl.body { $0.block(body) } else { $0.line("no body") }
        }
    }

    mutating func param(_ param: Param) {
        let property = param.propertyModifiers.map { " property" + modifiers($0) } ?? ""
        nested("param \(param.isRest ? "..." : "")\(param.name.name)\(param.isOptional ? "?" : "")\(property)") {
            if let pattern = param.pattern { $0.pattern(pattern) }
            $0.optionalType("type", param.type)
            $0.optionalExpr("default", param.defaultValue)
        }
    }

    mutating func optionalType(_ label: String, _ type: TypeRepr?) {
        guard let type else { return }
        line("\(label): \(typeText(type))")
    }

    mutating func optionalExpr(_ label: String, _ expr: Expr?) {
        guard let expr else { return }
        nested(label + ":") { $0.expr(expr) }
    }

    func typeText(_ type: TypeRepr) -> String {
        switch type.kind {
        case .named(let name, let arguments):
            arguments.isEmpty ? name.name : "\(name.name)<\(arguments.map(typeText).joined(separator: ", "))>"
        case .array(let element): "array(\(typeText(element)))"
        case .optional(let wrapped): "optional(\(typeText(wrapped)))"
        case .function(let params, let result): "fn(\(params.map(typeText).joined(separator: ", ")) -> \(typeText(result)))"
        case .error: "<error>"
        }
    }

    mutating func block(_ block: Block) {
        nested("block") {
            for stmt in block.statements { $0.statement(stmt) }
        }
    }

    mutating func binding(_ binding: VarBinding) {
        nested("binding \(binding.name.name)") {
            $0.optionalType("type", binding.type)
            $0.optionalExpr("init", binding.initializer)
        }
    }

    mutating func pattern(_ pattern: Pattern) {
        switch pattern.kind {
        case .name(let binding): line("pattern \(binding.name.name)")
        case .error: line("<error pattern>")
        case .array(let elements, let rest):
            nested("array pattern") {
                for element in elements {
                    if let element { $0.patternElement(element) } else { $0.line("hole") }
                }
                if let rest { $0.nested("rest") { $0.pattern(rest) } }
            }
        case .object(let elements):
            nested("object pattern") { for element in elements { $0.patternElement(element) } }
        }
    }

    mutating func patternElement(_ element: PatternElement) {
        nested("element" + (element.key.map { " " + $0.name } ?? "")) {
            $0.pattern(element.pattern)
            $0.optionalExpr("default", element.defaultValue)
        }
    }

    mutating func statement(_ stmt: Stmt) {
        switch stmt.kind {
        case .expression(let expr): nested("expr-stmt") { $0.expr(expr) }
        case .variables(let isConst, let bindings):
            nested(isConst ? "const" : "let") { for binding in bindings { $0.binding(binding) } }
        case .destructure(let isConst, let pattern, let type, let initializer):
            nested(isConst ? "const destructure" : "let destructure") {
                $0.pattern(pattern)
                $0.optionalType("type", type)
                $0.expr(initializer)
            }
        case .forOfPattern(let isConst, let pattern, let iterable, let body):
            nested(isConst ? "for-of const" : "for-of let") {
                $0.pattern(pattern)
                $0.expr(iterable)
                $0.statement(body)
            }
        case .block(let block): self.block(block)
        case .ifStmt(let condition, let then, let otherwise):
            nested("if") {
                $0.expr(condition)
                $0.statement(then)
                if let otherwise { $0.nested("else") { $0.statement(otherwise) } }
            }
        case .whileStmt(let condition, let body):
            nested("while") {
                $0.expr(condition)
                $0.statement(body)
            }
        case .forStmt(let initializer, let condition, let step, let body):
            nested("for") {
                if let initializer { $0.nested("init:") { $0.statement(initializer) } }
                $0.optionalExpr("cond", condition)
                $0.optionalExpr("step", step)
                $0.statement(body)
            }
        case .forOf(let isConst, let binding, let iterable, let body):
            nested(isConst ? "for-of const" : "for-of let") {
                $0.binding(binding)
                $0.expr(iterable)
                $0.statement(body)
            }
        case .returnStmt(let value):
            nested("return") { if let value { $0.expr(value) } }
        case .doWhile(let body, let condition):
            nested("do-while") {
                $0.statement(body)
                $0.expr(condition)
            }
        case .switchStmt(let value, let cases):
            nested("switch") {
                $0.expr(value)
                for clause in cases {
                    $0.nested(clause.test == nil ? "default" : "case") {
                        if let test = clause.test { $0.expr(test) }
                        for inner in clause.body { $0.statement(inner) }
                    }
                }
            }
        case .labeled(let label, let body):
            nested("label \(label.name)") { $0.statement(body) }
        case .breakStmt(let label): line("break" + (label.map { " " + $0.name } ?? ""))
        case .continueStmt(let label): line("continue" + (label.map { " " + $0.name } ?? ""))
        case .emit(let event, let arguments):
            nested("emit \(event.name)") { for argument in arguments { $0.expr(argument) } }
        case .function(let decl): function(decl)
        case .empty: if includeEmpty { line("empty") }
        case .error: line("<error stmt>")
        }
    }
}

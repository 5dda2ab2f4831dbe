extension Dumper {
    mutating func expr(_ expr: Expr) {
        switch expr.kind {
        case .number(let text): line("number \(text)")
        case .string(let value): line("string \(String(reflecting: value))")
        case .template(let texts, let values):
            nested("template") {
                for (position, text) in texts.enumerated() {
                    $0.line("text \(String(reflecting: text))")
                    if position < values.count { $0.expr(values[position]) }
                }
            }
        case .boolean(let value): line("boolean \(value)")
        case .null: line("null")
        case .this: line("this")
        case .superRef: line("super")
        case .identifier(let name): line("identifier \(name)")
        case .array(let elements): nested("array") { for element in elements { $0.expr(element) } }
        case .map(let entries):
            nested("map") {
                for entry in entries { $0.mapEntry(entry) }
            }
        case .paren(let inner): nested("paren") { $0.expr(inner) }
        case .spread(let inner): nested("spread") { $0.expr(inner) }
        case .unary(let op, let operand): nested("unary \(op.rawValue)") { $0.expr(operand) }
        case .update(let increment, let prefix, let operand):
            nested("update \(prefix ? "prefix" : "postfix") \(increment ? "++" : "--")") { $0.expr(operand) }
        case .binary(let op, let lhs, let rhs, _):
            nested("binary \(op.rawValue)") {
                $0.expr(lhs)
                $0.expr(rhs)
            }
        case .assign(let op, let target, let value, _):
            nested("assign \(op.rawValue)") {
                $0.expr(target)
                $0.expr(value)
            }
        case .conditional(let condition, let then, let otherwise):
            nested("conditional") {
                $0.expr(condition)
                $0.expr(then)
                $0.expr(otherwise)
            }
        case .member(let base, let name, let optional):
            nested("member \(optional ? "?." : ".")\(name.name)") { $0.expr(base) }
        case .index(let base, let index, let optional):
            nested("index\(optional ? " optional" : "")") {
                $0.expr(base)
                $0.expr(index)
            }
        case .call(let callee, let arguments, let optional):
            nested("call\(optional ? " optional" : "")") {
                $0.expr(callee)
                for argument in arguments { $0.expr(argument) }
            }
        case .new(let name, let typeArguments, let arguments):
            nested("new \(name.name)<\(typeArguments.map(typeText).joined(separator: ", "))>") {
                for argument in arguments { $0.expr(argument) }
            }
        case .forceUnwrap(let operand): nested("force-unwrap") { $0.expr(operand) }
        case .callValue(let callee, let value):
            nested("call-value") {
                $0.expr(callee)
                $0.expr(value)
            }
        case .arrow(let params, let returnType, let body):
            nested("arrow") {
                for param in params { $0.param(param) }
                $0.optionalType("returns", returnType)
                switch body {
                case .expression(let value): $0.expr(value)
                case .block(let block): $0.block(block)
                }
            }
        case .error: line("<error expr>")
        }
    }

    mutating func mapEntry(_ entry: MapEntry) {
        switch entry.key {
        case .identifier(let name): nested("key \(name.name)") { $0.expr(entry.value) }
        case .string(let value, _): nested("key \(String(reflecting: value))") { $0.expr(entry.value) }
        case .number(let text, _): nested("key number \(text)") { $0.expr(entry.value) }
        case .computed(let key):
            nested("key computed") {
                $0.expr(key)
                $0.expr(entry.value)
            }
        case .spread: nested("spread entries") { $0.expr(entry.value) }
        }
    }
}

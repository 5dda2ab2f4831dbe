import CMTBytecode
import CMTSource

// The rule session members whose argument is a list: `setGlobal(name, value)`, `facts(Class)` and
// `query(Class, name, arguments…)`, as `host r, rules, 3` whose argument is an array (or, for
// `facts`, the class name).
extension FunctionLowering {
    func ruleSessionListing(_ member: String, base: Expr, arguments: [Expr], into dest: UInt16, type: IRType?, span: Span) {
        var className: String?
        if member != "setGlobal", let first = arguments.first, case .classObject(let id) = module.types[module.type(of: first)],
           Int(id.rawValue) < module.checked.classes.count {
            className = module.checked.classes[Int(id.rawValue)].name
        }
        let operation: RuleOperationCode = member == "setGlobal" ? .setGlobal : (member == "facts" ? .facts : .query)
        if member != "setGlobal", className == nil {
            module.report(CompilerMessages.unsupportedConstruct("'RuleSession.\(member)' without a class name"), at: span)
            return
        }
        if member == "setGlobal", !checkGlobal(arguments) { return }
        if member == "query", !checkQuery(arguments, span: span) { return }
        let mark = top
        let window = self.window(3, resultIn: dest)
        emit(.loadI, window, UInt16(operation.rawValue), type: .number)
        compileFree(base, into: window + 1)
        let list = window + 2
        if member == "facts" {
            loadString(className ?? "", into: list)
        } else {
            emit(.newArray, list, UInt16(min(arguments.count, Int(UInt16.max))), type: .reference)
            let element = allocate()
            for (position, argument) in arguments.enumerated() {
                if position == 0, let className {
                    loadString(className, into: element)
                } else {
                    compileFree(argument, into: element)
                }
                emit(.push, list, element)
            }
            free(to: element)
        }
        emit(.host, window, HostOperation.rules.rawValue, 3, type: type)
        move(dest, window)
        free(to: mark)
    }
}

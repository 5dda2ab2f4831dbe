import CMTBytecode
import CMTSource

// The built-ins of the prelude (Sema/Prelude.swift) as bytecode: host operations for the outside
// world, instructions and intrinsics for the rest.
extension FunctionLowering {
    /// A host operation on `arguments`, its result in `dest`.
    func host(_ operation: HostOperation, _ arguments: [Expr], into dest: UInt16, type: IRType?) {
        let mark = top
        let base = window(arguments.count, resultIn: dest)
        for (position, argument) in arguments.enumerated() { compileFree(argument, into: base + UInt16(position)) }
        emit(.host, base, operation.rawValue, UInt16(arguments.count), type: type)
        move(dest, base)
        free(to: mark)
    }

    func middleware(_ what: String, owner: String, at span: Span) {
        let piece = ["RuleSession", "load_rules"].contains(owner) ? "rules engine" : "process engine"
        module.report(CompilerMessages.middlewareNotAvailable(what, piece), at: span)
    }

    /// A call of a top-level built-in function.
    func callBuiltin(_ name: String, arguments: [Expr], span: Span, into dest: UInt16) {
        switch name {
        case "print":
            host(.print, arguments, into: dest, type: .null)
        case "require":
            guard let condition = arguments.first else { return }
            let mark = top
            let test = value(condition)
            let reason = allocate()
            if arguments.count > 1 {
                compile(arguments[1], into: reason)
            } else {
                loadString("requirement failed", into: reason)
            }
            emit(.require, test, reason)
            free(to: mark)
        case "revert":
            guard let reason = arguments.first else { return }
            let register = value(reason)
            terminate(.revert(register))
            startDeadBlock()
        case "transfer":
            host(.transfer, arguments, into: dest, type: .null)
        case "balance":
            host(.balance, arguments, into: dest, type: .number)
        case "address":
            // The checker accepted only a literal holding a valid address (E0290, E0291).
            guard let argument = arguments.first, case .string(let text) = stripParens(argument).kind,
                let address = try? Address.parse(text)
            else {
                module.report(CompilerMessages.addressNotLiteral, at: span)
                return
            }
            loadConstant(.address(address), into: dest)
        case "start_process":
            guard let path = arguments.first.map(canonicalPath) else { return }
            guard case .string(let text) = stripParens(path).kind else {
                module.report(CompilerMessages.pathNotLiteral(name), at: path.span)
                return
            }
            if let known = module.processDefinitions, !known.contains(text) {
                module.report(CompilerMessages.unknownProcessDefinition(text, known: known.sorted()), at: path.span)
                return
            }
            processCommand(.start, arguments: [path] + arguments.dropFirst(), into: dest, type: .number)
        case "load_process":
            processCommand(.load, arguments: arguments, into: dest, type: .number)
        case "load_rules":
            guard let path = arguments.first.map(canonicalPath) else { return }
            guard case .string(let text) = stripParens(path).kind else {
                module.report(CompilerMessages.pathNotLiteral(name), at: path.span)
                return
            }
            if let known = module.ruleFiles, !known.contains(text) {
                module.report(CompilerMessages.unknownRuleFile(text, known: known.sorted()), at: path.span)
                return
            }
            ruleCommand(.open, session: nil, argument: path, into: dest, type: .number)
        default:
            if callTestBuiltin(name, arguments: arguments, span: span, into: dest) { return }
            module.report(CompilerMessages.unsupportedConstruct("the built-in '\(name)'"), at: span)
        }
    }

    /// A method of a built-in type: `Math.floor(x)`, `s.slice(1)`, `xs.push(x)`, `m.get(k)`, …
    func callBuiltinMethod(_ owner: CMTCompiler.ClassInfo, _ method: FunctionInfo, base: Expr, name: Identifier, optional: Bool,
                           arguments: [Expr], into dest: UInt16, type: IRType?) {
        if owner.name == "Testing" {
            callTestingMethod(method, arguments: arguments, into: dest, type: type)
            return
        }
        if owner.name == "Math" {
            callMath(method.name, arguments, into: dest, span: name.span)
            return
        }
        if owner.name == "Table" {
            tableCommand(method, base: base, arguments: arguments, into: dest, type: type, span: name.span)
            return
        }
        if owner.name == "Files" {
            let operation: HostOperation =
                switch method.name {
                case "put": .filePut
                case "get": .fileGet
                default: .fileHas
                }
            host(operation, Array(arguments.prefix(1)), into: dest, type: type)
            return
        }
        if owner.name == "RuleSession" {
            if ["setGlobal", "facts", "query"].contains(method.name) {
                ruleSessionListing(method.name, base: base, arguments: arguments, into: dest, type: type, span: name.span)
                return
            }
            let operation: RuleOperationCode? =
                switch method.name {
                case "send": .send
                case "insert": .insert
                case "update": .update
                case "retract": .retract
                case "fire": .fire
                default: nil
                }
            guard let operation else {
                module.report(CompilerMessages.unsupportedConstruct("'RuleSession.\(method.name)'"), at: name.span)
                return
            }
            ruleCommand(operation, session: base, argument: arguments.first, into: dest, type: type)
            return
        }
        if owner.name == "Process" {
            let operation: ProcessOperationCode? =
                switch method.name {
                case "next": .next
                case "signal": .signal
                case "complete": .complete
                case "numberVariable", "stringVariable", "booleanVariable": .variable
                case "setVariable": .setVariable
                case "tasksFor": .tasksFor
                case "begin": .begin
                default: nil
                }
            guard let operation else {
                module.report(CompilerMessages.unsupportedConstruct("'Process.\(method.name)'"), at: name.span)
                return
            }
            switch operation {
            case .variable:
                // The argument is [name, kind]: the engine gives null when the value is of another kind.
                let kind = String(method.name.dropLast("Variable".count))
                processVariableCommand(base: base, name: arguments.first, second: .kind(kind), operation: operation, into: dest, type: type)
            case .setVariable:
                processVariableCommand(base: base, name: arguments.first, second: arguments.count > 1 ? .value(arguments[1]) : .kind(""),
                                       operation: operation, into: dest, type: type)
            default:
                processCommand(operation, arguments: [base] + arguments, into: dest, type: type)
            }
            return
        }
        let mark = top
        guarded(base, optional: optional, into: dest) { object, target in
            self.instanceBuiltin(owner.name, method.name, object: object, arguments: arguments, params: method.params.count,
                                 into: target, type: type, span: name.span)
        }
        free(to: mark)
    }

    /// `host r, process, 3` with the operation, the instance (or the definition's path) and one
    /// argument (null when absent).
    func processCommand(_ operation: ProcessOperationCode, arguments: [Expr], into dest: UInt16, type: IRType?) {
        let mark = top
        let base = window(3, resultIn: dest)
        emit(.loadI, base, UInt16(operation.rawValue), type: .number)
        for position in 0..<2 {
            let register = base + 1 + UInt16(position)
            if position < arguments.count {
                compileFree(arguments[position], into: register)
            } else {
                emit(.loadNull, register, type: .null)
            }
        }
        emit(.host, base, HostOperation.process.rawValue, 3, type: type)
        move(dest, base)
        free(to: mark)
    }

    /// `host r, rules, 3` with the operation, the session (null inside a consequence: the firing
    /// session) and one argument (null when absent).
    func ruleCommand(_ operation: RuleOperationCode, session: Expr?, argument: Expr?, into dest: UInt16, type: IRType?) {
        let mark = top
        let base = window(3, resultIn: dest)
        emit(.loadI, base, UInt16(operation.rawValue), type: .number)
        if let session { compileFree(session, into: base + 1) } else { emit(.loadNull, base + 1, type: .null) }
        if let argument { compileFree(argument, into: base + 2) } else { emit(.loadNull, base + 2, type: .null) }
        emit(.host, base, HostOperation.rules.rawValue, 3, type: type)
        move(dest, base)
        free(to: mark)
    }

    /// A rule built-in called in a consequence (`insert(fact)`, `halt()`, …).
    func callRuleBuiltin(_ name: String, arguments: [Expr], into dest: UInt16) {
        let operation: RuleOperationCode =
            switch name {
            case "insert": .insert
            case "insertLogical": .insertLogical
            case "update": .update
            case "retract", "delete": .retract
            case "halt": .halt
            default: .setFocus
            }
        ruleCommand(operation, session: nil, argument: arguments.first, into: dest, type: .null)
    }

    enum VariableOperand {
        case kind(String)
        case value(Expr)
    }

    /// `host r, process, 3` whose argument is the array `[name, kind or value]`.
    func processVariableCommand(base: Expr, name: Expr?, second: VariableOperand, operation: ProcessOperationCode, into dest: UInt16,
                                type: IRType?) {
        guard let name else { return }
        let mark = top
        let window = self.window(3, resultIn: dest)
        emit(.loadI, window, UInt16(operation.rawValue), type: .number)
        compileFree(base, into: window + 1)
        let pair = window + 2
        emit(.newArray, pair, 2, type: .reference)
        let element = allocate()
        compileFree(name, into: element)
        emit(.push, pair, element)
        switch second {
        case .kind(let kind): loadString(kind, into: element)
        case .value(let value): compileFree(value, into: element)
        }
        emit(.push, pair, element)
        free(to: element)
        emit(.host, window, HostOperation.process.rawValue, 3, type: type)
        move(dest, window)
        free(to: mark)
    }

    /// Reads a member of a process instance.
    func processMember(_ name: String, base: Expr, into dest: UInt16, span: Span) {
        let operation: ProcessOperationCode? =
            switch name {
            case "state": .state
            case "states": .states
            case "tasks": .tasks
            case "ended": .ended
            default: nil
            }
        if name == "id" {
            compile(base, into: dest)
            return
        }
        guard let operation else {
            module.report(CompilerMessages.unsupportedConstruct("'Process.\(name)'"), at: span)
            return
        }
        processCommand(operation, arguments: [base], into: dest, type: nil)
    }

    private func callMath(_ name: String, _ arguments: [Expr], into dest: UInt16, span: Span) {
        let operation: NumberOperation? =
            switch name {
            case "floor": .floor
            case "ceil": .ceil
            case "round": .round
            case "abs": .abs
            default: nil
            }
        if let operation, let argument = arguments.first {
            let mark = top
            let value = self.value(argument)
            emit(.numOp, dest, value, operation.rawValue, type: .number)
            free(to: mark)
            return
        }
        switch name {
        case "min": intrinsic(.min, arguments, into: dest, type: .number)
        case "max": intrinsic(.max, arguments, into: dest, type: .number)
        default: module.report(CompilerMessages.unsupportedConstruct("'Math.\(name)'"), at: span)
        }
    }

    /// Methods of strings, numbers, bytes, addresses, arrays and maps on an evaluated receiver.
    private func instanceBuiltin(_ owner: String, _ name: String, object: UInt16, arguments: [Expr], params: Int,
                                 into dest: UInt16, type: IRType?, span: Span) {
        let mark = top
        defer { free(to: mark) }
        /// The receiver and every parameter (missing ones null) in a window, then one intrinsic.
        func call(_ operation: IntrinsicOperation) {
            let base = allocate()
            for _ in 0..<params { _ = allocate() }
            move(base, object)
            fillArguments(arguments, params: params, at: base + 1)
            emit(.intrinsic, base, operation.rawValue, UInt16(params + 1), type: type)
            move(dest, base)
        }
        func argument(_ index: Int) -> UInt16 {
            index < arguments.count ? value(arguments[index]) : allocate()
        }
        switch (owner, name) {
        case ("String", "slice"): call(.stringSlice)
        case ("String", "indexOf"): call(.stringIndexOf)
        case ("String", "includes"): call(.stringIncludes)
        case ("String", "startsWith"): call(.stringStartsWith)
        case ("String", "endsWith"): call(.stringEndsWith)
        case ("String", "toUpperCase"): call(.stringToUpperCase)
        case ("String", "toLowerCase"): call(.stringToLowerCase)
        case ("String", "trim"): call(.stringTrim)
        case ("String", "split"): call(.stringSplit)
        case ("String", "charAt"): call(.stringCharAt)
        case ("String", "toBytes"): call(.stringToBytes)
        case ("Number", "toString"), ("Address", "toString"): emit(.toStr, dest, object, type: .string)
        case ("Number", "toFixed"): call(.numberToFixed)
        case ("Bytes", "slice"): call(.bytesSlice)
        case ("Bytes", "toHex"): call(.bytesToHex)
        case ("Array", "push"):
            let element = argument(0)
            emit(.push, object, element)
        case ("Array", "pop"): emit(.pop, dest, object, type: type)
        case ("Array", "slice"): call(.arraySlice)
        case ("Array", "indexOf"): call(.arrayIndexOf)
        case ("Array", "includes"): call(.arrayIncludes)
        case ("Array", "join"): call(.arrayJoin)
        case ("Array", "reverse"): call(.arrayReverse)
        case ("Map", "get"): emit(.getIndex, dest, object, argument(0), type: type)
        case ("Map", "set"):
            let key = argument(0)
            let value = argument(1)
            emit(.setIndex, object, key, value)
        case ("Map", "has"): emit(.mapHas, dest, object, argument(0), type: .boolean)
        case ("Map", "delete"): emit(.mapDelete, dest, object, argument(0), type: .boolean)
        case ("Map", "keys"): emit(.mapKeys, dest, object, type: .reference)
        case ("Map", "values"): emit(.mapValues, dest, object, type: .reference)
        default:
            module.report(CompilerMessages.unsupportedConstruct("'\(owner).\(name)'"), at: span)
        }
    }
}

/// The operation numbers of the `rules` host operation (CMTVM's `RuleOperation`; a test keeps them equal).
public enum RuleOperationCode: Int, Sendable, CaseIterable {
    case open = 0, insert, update, retract, fire, send, halt, setFocus, insertLogical, persist, setGlobal, query, facts
}

/// The operation numbers of the `process` host operation (CMTVM's `ProcessOperation`; the compiler
/// does not import the VM, so the numbers are repeated here and a test keeps them equal).
public enum ProcessOperationCode: Int, Sendable, CaseIterable {
    case start = 0, load, state, states, tasks, ended, next, signal, complete, variable, setVariable, tasksFor, begin
}

func stripParens(_ expr: Expr) -> Expr {
    var inner = expr
    while case .paren(let wrapped) = inner.kind { inner = wrapped }
    return inner
}

/// A line-numbered error from ``Assembler``.
public struct AssemblerError: Error, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
}

/// Reads a small text assembly language into a ``Module`` so tests and tools can write bytecode
/// by hand. One statement per line, `;` starts a comment:
///
/// ```
/// .class Point x y               ; class with field slots 0, 1
/// .state total number            ; persistent state field
/// .global counter                ; global variable (per call, starts null)
/// .func fib 1                    ; function name, parameter count, optional register count
/// .entry fib n:number -> number  ; publish the current function
/// loop:                          ; a label
///     jumpLtI r0, 2, done        ; registers rN, immediates, labels
///     addK r1, r0, #1.5          ; constants: #number, "string", addr"…", bytes"hex", or kN
///     call r1, fib, 1            ; functions by name; host operations and numOp functions by name
///     getGlobal r2, counter      ; globals by name (or gN)
///     intrinsic r2, stringTrim, 1 ; intrinsic operations by name
/// .func adder 2 3 captures=1     ; optional `captures=N`: the last N parameters are captures
/// ```
public enum Assembler {
    /// Assembles `source`.
    /// - Throws: ``AssemblerError`` naming the line.
    public static func assemble(_ source: String) throws(AssemblerError) -> Module {
        var state = AssemblerState()
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Pass 1: function names, so calls may refer forward.
        for line in lines {
            let words = tokens(stripComment(line))
            if words.first == ".func", words.count >= 2 { _ = state.builder.declareFunction(name: words[1]) }
        }
        for (number, line) in lines.enumerated() {
            do {
                try state.handle(stripComment(line))
            } catch {
                throw AssemblerError(line: number + 1, message: error.message)
            }
        }
        do {
            try state.finishFunction()
            return try state.builder.build()
        } catch let error as LineError {
            throw AssemblerError(line: lines.count, message: error.message)
        } catch let error as BytecodeError {
            throw AssemblerError(line: lines.count, message: error.description)
        } catch {
            throw AssemblerError(line: lines.count, message: "\(error)")
        }
    }

    static func stripComment(_ line: String) -> String {
        var inString = false
        var escaped = false
        var out = ""
        for character in line {
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if character == ";" {
                break
            }
            out.append(character)
        }
        return out
    }

    static func tokens(_ line: String) -> [String] {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }
}

struct LineError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Mutable state while assembling: the module builder and the function being filled.
struct AssemblerState {
    var builder = ModuleBuilder()
    var function: FunctionBuilder?
    var functionIndex: FunctionIndex?
    var labels: [String: Label] = [:]
    var classNames: [String: UInt16] = [:]
    var stateNames: [String: UInt16] = [:]
    var globalNames: [String: UInt16] = [:]

    mutating func finishFunction() throws(LineError) {
        guard let function, let functionIndex else { return }
        do {
            try builder.define(functionIndex, as: function)
        } catch {
            throw LineError(error.description)
        }
        self.function = nil
    }

    mutating func handle(_ line: String) throws(LineError) {
        let trimmed = line.trimmingSpaces
        if trimmed.isEmpty { return }
        let words = Assembler.tokens(trimmed)
        switch words[0] {
        case ".func":
            try finishFunction()
            guard words.count >= 3, let parameters = UInt16(words[2]) else {
                throw LineError("expected '.func name params [regs] [captures=N]'")
            }
            var registers: UInt16 = 0
            var captures: UInt16 = 0
            for word in words.dropFirst(3) {
                if word.hasPrefix("captures=") {
                    guard let value = UInt16(word.dropFirst("captures=".count)) else { throw LineError("bad '\(word)'") }
                    captures = value
                } else {
                    guard let value = UInt16(word) else { throw LineError("expected a register count, found '\(word)'") }
                    registers = value
                }
            }
            // Declared in pass 1 in the same order: the n-th .func is function n.
            let index = FunctionIndex(UInt16(truncatingIfNeeded: (functionIndex.map { Int($0.index) + 1 }) ?? 0))
            functionIndex = index
            function = FunctionBuilder(
                name: words[1], parameterCount: parameters, captureCount: captures, registerCount: registers)
            labels = [:]
        case ".end": try finishFunction()
        case ".class":
            guard words.count >= 2 else { throw LineError("expected '.class Name field…'") }
            classNames[words[1]] = builder.addClass(name: words[1], fields: Array(words.dropFirst(2)))
        case ".state":
            guard words.count == 3 else { throw LineError("expected '.state name type'") }
            stateNames[words[1]] = builder.addStateField(name: words[1], type: try parseType(words[2]))
        case ".global":
            guard words.count == 2 else { throw LineError("expected '.global name'") }
            globalNames[words[1]] = builder.addGlobal(name: words[1])
        case ".entry": try handleEntry(words)
        default:
            if words[0].hasSuffix(":"), !words[0].hasPrefix("\"") {
                guard function != nil else { throw LineError("label outside a function") }
                let label = label(String(words[0].dropLast()))
                function?.bind(label)
                let rest = String(trimmed.dropFirst(words[0].count)).trimmingSpaces
                if !rest.isEmpty { try handleInstruction(rest) }
            } else {
                try handleInstruction(trimmed)
            }
        }
    }

    mutating func label(_ name: String) -> Label {
        if let existing = labels[name] { return existing }
        guard var function else { return Label(id: 0) }
        let label = function.makeLabel()
        self.function = function
        labels[name] = label
        return label
    }

    mutating func handleEntry(_ words: [String]) throws(LineError) {
        guard words.count >= 2, let functionIndex else { throw LineError("'.entry name …' must follow a .func") }
        var parameters: [Parameter] = []
        var returnType = TypeDescriptor.any
        var index = 2
        while index < words.count {
            if words[index] == "->" {
                guard index + 1 < words.count else { throw LineError("missing return type") }
                returnType = try parseType(words[index + 1])
                break
            }
            let parts = words[index].split(separator: ":").map(String.init)
            guard parts.count == 2 else { throw LineError("expected 'name:type', found '\(words[index])'") }
            parameters.append(Parameter(name: parts[0], type: try parseType(parts[1])))
            index += 1
        }
        builder.addEntryPoint(name: words[1], function: functionIndex, parameters: parameters, returnType: returnType)
    }

    func parseType(_ text: String) throws(LineError) -> TypeDescriptor {
        if text.hasSuffix("[]") { return .array(try parseType(String(text.dropLast(2)))) }
        if text.hasSuffix("?") { return .optional(try parseType(String(text.dropLast()))) }
        switch text {
        case "number": return .number
        case "string": return .string
        case "boolean", "bool": return .boolean
        case "address": return .address
        case "bytes": return .bytes
        case "any": return .any
        case "void": return .void
        case "function": return .function
        default:
            if let index = classNames[text] { return .object(classIndex: index) }
            throw LineError("unknown type '\(text)'")
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" || first == "\r" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice = slice.dropLast() }
        return String(slice)
    }
}

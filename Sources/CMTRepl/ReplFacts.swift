import CMTBuild
import CMTBytecode
import CMTCompiler
import CMTRules
import CMTVM

/// Builds the objects the REPL inserts: a class's `Type.new` runs on the VM so that field
/// initializers apply, then the given fields are checked against their declared types and set.
struct ReplFacts {
    let module: Module
    let program: Program
    /// Declared field types (CMT type text) by class and field name, for the classes the rules know.
    let fieldTypes: [String: [String: String]]
    /// The checked classes, for the values of static fields.
    let checked: CheckedModule?
    /// `initialObject` by class: `Type.new` runs with null arguments on a freshly deployed host,
    /// so it gives the same object every time and runs once per class.
    private let initialObjects = InitialObjects()

    /// The objects `initialObject` made, by class index.
    private final class InitialObjects {
        var made: [UInt16: (object: ContractValue, note: String?)] = [:]
    }

    init(compiled: CompiledProgram, program: Program) {
        module = compiled.module
        checked = compiled.ruleBase?.module
        self.program = program
        var types: [String: [String: String]] = [:]
        for type in compiled.ruleBase?.factTypes ?? [] {
            types[type.name] = Dictionary(type.fields.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
        }
        fieldTypes = types
    }

    /// The class called `name` (not the rules' internal ones).
    func classIndex(named name: String) throws(ReplError) -> UInt16 {
        if !name.hasPrefix("__"), let index = module.classes.firstIndex(where: { $0.name == name }), let small = UInt16(exactly: index) { return small }
        let known = module.classes.map(\.name).filter { !$0.hasPrefix("__") }
        if let match = known.first(where: { $0.lowercased() == name.lowercased() }) {
            throw ReplError("there is no type '\(name)'; did you mean '\(match)'?")
        }
        throw ReplError("there is no type '\(name)'" + (known.isEmpty ? "" : "; the types are \(known.joined(separator: ", "))"))
    }

    /// A new object of the class, as `new Type()` makes it; a note when its constructor takes
    /// parameters (they are given null) or fails (the fields are then all null).
    func initialObject(_ classIndex: UInt16) -> (object: ContractValue, note: String?) {
        if let made = initialObjects.made[classIndex] { return made }
        let result = constructedObject(classIndex)
        initialObjects.made[classIndex] = result
        return result
    }

    private func constructedObject(_ classIndex: UInt16) -> (object: ContractValue, note: String?) {
        let info = module.classes[Int(classIndex)]
        let blank = ContractValue.object(classIndex: classIndex, fields: info.fields.map { _ in .null })
        guard let index = module.functions.firstIndex(where: { $0.name == "\(info.name).new" }), let function = UInt16(exactly: index) else {
            return (blank, nil)
        }
        let parameters = Int(module.functions[index].parameterCount)
        let host = InMemoryHost()
        host.deploy(program, at: ReplProgram.contract)
        let outcome = VM.call(program, function: FunctionIndex(function), arguments: Array(repeating: .null, count: parameters),
                              context: CallContext(contract: ReplProgram.contract, sender: ReplProgram.contract), host: host,
                              limits: ExecutionLimits(gasLimit: 10_000_000))
        let note = parameters == 0 ? nil : "\(info.name)'s constructor takes \(parameters) parameter\(parameters == 1 ? "" : "s"); it ran with null for each"
        switch outcome.status {
        case .returned(let value):
            if case .object(classIndex, let fields) = value, fields.count == info.fields.count { return (value, note) }
            return (blank, "new \(info.name)() gave \(value); its fields start as null")
        case .reverted(let reason):
            return (blank, "new \(info.name)() reverted (\(reason)); its fields start as null")
        case .trapped(let trap):
            return (blank, "new \(info.name)() failed (\(trap.reason)); its fields start as null")
        }
    }

    /// A new object of `type` with `fields` set.
    func object(_ type: String, _ fields: [ReplInput.FieldValue]) throws(ReplError) -> (object: ContractValue, note: String?) {
        let index = try classIndex(named: type)
        let (initial, note) = initialObject(index)
        return (try setting(fields, in: initial), note)
    }

    /// `object` with `fields` changed, each checked against its declared type.
    func setting(_ fields: [ReplInput.FieldValue], in object: ContractValue) throws(ReplError) -> ContractValue {
        guard case .object(let classIndex, var values) = object, Int(classIndex) < module.classes.count else {
            throw ReplError("that fact is not an object of the program")
        }
        let info = module.classes[Int(classIndex)]
        var seen: Set<String> = []
        for field in fields {
            guard let slot = info.fields.firstIndex(of: field.name) else {
                throw ReplError("'\(info.name)' has no field '\(field.name)'; its fields are \(info.fields.joined(separator: ", "))")
            }
            guard seen.insert(field.name).inserted else { throw ReplError("field '\(field.name)' is given twice") }
            let given = try field.constant.map { constant throws(ReplError) in try value(of: constant) } ?? field.value
            guard let type = fieldTypes[info.name]?[field.name] else {
                values[slot] = given
                continue
            }
            guard let value = conform(given, to: type) else {
                throw ReplError("field '\(field.name)' of \(info.name) is a \(type); \(ReplFormat(classes: module.classes).value(given)) is not one")
            }
            values[slot] = value
        }
        return .object(classIndex: classIndex, fields: values)
    }

    /// The value of a static field whose initializer is a literal (`static GET_PRICE = 1;`).
    func value(of constant: ReplInput.StaticField) throws(ReplError) -> ContractValue {
        guard let info = checked?.classes.first(where: { $0.name == constant.type }),
              let declaration = info.fields.first(where: { $0.name == constant.field && $0.isStatic }),
              let initializer = declaration.decl.initializer else {
            throw ReplError("'\(constant.type).\(constant.field)' is not a static field with a value")
        }
        switch initializer.kind {
        case .number(let text): if let number = Decimal18(literal: text) { return .number(number) }
        case .string(let text): return .string(text)
        case .boolean(let flag): return .boolean(flag)
        case .unary(.negate, let inner):
            if case .number(let text) = inner.kind, let number = Decimal18(literal: text) { return .number(number.negated) }
        default: break
        }
        throw ReplError("'\(constant.type).\(constant.field)' is not a literal, so the REPL cannot use it as a value")
    }

    /// `value` as a value of the CMT type `type`, or nil when it is not one (strings become
    /// addresses for `address` fields; class-typed fields take only null: objects cannot be typed).
    func conform(_ value: ContractValue, to type: String) -> ContractValue? {
        var type = type.trimmingTrailingSpaces()
        if type.hasSuffix("?") {
            if value == .null { return .null }
            type.removeLast()
        }
        if type.hasSuffix("[]") {
            guard case .array(let elements) = value else { return nil }
            var converted: [ContractValue] = []
            for element in elements {
                guard let element = conform(element, to: String(type.dropLast(2))) else { return nil }
                converted.append(element)
            }
            return .array(converted)
        }
        switch (type, value) {
        case ("number", .number), ("string", .string), ("boolean", .boolean), ("address", .address), ("any", _): return value
        case ("address", .string(let text)): return (try? Address.parse(text)).map(ContractValue.address)
        case ("number", _), ("string", _), ("boolean", _), ("address", _), ("bytes", _): return nil
        default:
            // A class: only null can be written; anything else (maps, types the REPL does not know): as given.
            if module.classes.contains(where: { $0.name == type }) { return value == .null ? .null : nil }
            return value
        }
    }

    /// An object of another compilation of the program (before `reload`) as an object of this one:
    /// matched by class and field names; new fields take their initial values. Nil when the class is gone.
    func carried(_ value: ContractValue, from classes: [CMTBytecode.ClassInfo]) -> ContractValue? {
        switch value {
        case .object(let oldIndex, let oldFields):
            guard Int(oldIndex) < classes.count else { return nil }
            let old = classes[Int(oldIndex)]
            guard let index = try? classIndex(named: old.name), case .object(_, var fields) = initialObject(index).object else { return nil }
            let info = module.classes[Int(index)]
            for (slot, name) in info.fields.enumerated() {
                guard let oldSlot = old.fields.firstIndex(of: name), oldSlot < oldFields.count else { continue }
                fields[slot] = carried(oldFields[oldSlot], from: classes) ?? .null
            }
            return .object(classIndex: index, fields: fields)
        case .array(let elements):
            return .array(elements.map { carried($0, from: classes) ?? .null })
        case .map(let entries):
            return .map(entries.map { ContractValue.MapEntry(key: $0.key, value: carried($0.value, from: classes) ?? .null) })
        default:
            return value
        }
    }
}

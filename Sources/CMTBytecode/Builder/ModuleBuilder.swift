/// Assembles a ``Module``: interns constants, reserves function slots so calls can be emitted
/// before their callee is defined, and collects classes, state fields, entry points and debug info.
public struct ModuleBuilder: Sendable {
    private var constants: [Constant] = []
    private var constantIndex: [Constant: UInt16] = [:]
    private var functions: [Function?] = []
    private var functionNames: [String] = []
    private var classes: [ClassInfo] = []
    private var stateFields: [StateField] = []
    private var entryPoints: [EntryPoint] = []
    private var globals: [String] = []
    private var files: [String] = []
    private var locations: [DebugLocation] = []

    public init() {}

    /// The index of `constant`, adding it on first use.
    public mutating func constant(_ constant: Constant) -> ConstantIndex {
        if let index = constantIndex[constant] { return ConstantIndex(index) }
        let index = UInt16(truncatingIfNeeded: constants.count)
        constants.append(constant)
        constantIndex[constant] = index
        return ConstantIndex(index)
    }

    /// The index of a number constant.
    public mutating func number(_ value: Decimal18) -> ConstantIndex { constant(.number(value)) }
    /// The index of a string constant.
    public mutating func string(_ value: String) -> ConstantIndex { constant(.string(value)) }

    /// Reserves a function slot to be filled by ``define(_:)`` or ``define(_:as:)``.
    public mutating func declareFunction(name: String) -> FunctionIndex {
        functions.append(nil)
        functionNames.append(name)
        return FunctionIndex(UInt16(truncatingIfNeeded: functions.count - 1))
    }

    /// Index of the first function declared with `name`.
    public func function(named name: String) -> FunctionIndex? {
        functionNames.firstIndex(of: name).map { FunctionIndex(UInt16(truncatingIfNeeded: $0)) }
    }

    /// Finishes `builder` into the slot `index`.
    public mutating func define(_ index: FunctionIndex, as builder: FunctionBuilder) throws(BytecodeError) {
        let function = try builder.finish()
        functions[Int(index.index)] = function
        for location in builder.locations {
            let file: Int
            if let existing = files.firstIndex(of: location.file) {
                file = existing
            } else {
                files.append(location.file)
                file = files.count - 1
            }
            locations.append(
                DebugLocation(
                    function: index.index, instruction: UInt16(truncatingIfNeeded: location.instruction),
                    file: UInt16(truncatingIfNeeded: file), start: location.start, end: location.end))
        }
    }

    /// Declares and defines a function in one step.
    @discardableResult
    public mutating func define(_ builder: FunctionBuilder) throws(BytecodeError) -> FunctionIndex {
        let index = declareFunction(name: builder.name)
        try define(index, as: builder)
        return index
    }

    /// Adds a class and returns its index.
    public mutating func addClass(name: String, fields: [String], superclass: UInt16? = nil) -> UInt16 {
        classes.append(ClassInfo(name: name, fields: fields, superclass: superclass))
        return UInt16(truncatingIfNeeded: classes.count - 1)
    }

    /// Adds a persistent state field and returns its index.
    public mutating func addStateField(name: String, type: TypeDescriptor) -> UInt16 {
        stateFields.append(StateField(name: name, type: type))
        return UInt16(truncatingIfNeeded: stateFields.count - 1)
    }

    /// Adds a global variable and returns its index (the B operand of `getGlobal` and `setGlobal`).
    /// Names must be unique; the verifier rejects duplicates.
    public mutating func addGlobal(name: String) -> UInt16 {
        globals.append(name)
        return UInt16(truncatingIfNeeded: globals.count - 1)
    }

    /// Publishes `function` as an entry point.
    public mutating func addEntryPoint(
        name: String, function: FunctionIndex, parameters: [Parameter], returnType: TypeDescriptor, isReentrant: Bool = false
    ) {
        entryPoints.append(EntryPoint(name: name, function: function, parameters: parameters, returnType: returnType, isReentrant: isReentrant))
    }

    /// The finished module (not yet verified). Each function's frame is widened, when needed, to
    /// hold the capture window `C..C+n-1` of its `closure` instructions (the callee's capture count
    /// is only known here).
    /// - Throws: ``BytecodeError`` (`badFunction`) when a declared function was never defined.
    public func build() throws(BytecodeError) -> Module {
        var defined: [Function] = []
        for (index, function) in functions.enumerated() {
            guard let function else {
                throw BytecodeError(.badFunction, "function \(index) '\(functionNames[index])' declared but never defined")
            }
            defined.append(function)
        }
        for index in defined.indices {
            var needed = Int(defined[index].registerCount)
            for word in defined[index].code {
                guard let instruction = Instruction(encoded: word), instruction.opcode == .closure,
                    Int(instruction.b) < defined.count
                else { continue }
                needed = max(needed, Int(instruction.c) + Int(defined[Int(instruction.b)].captureCount))
            }
            defined[index].registerCount = UInt16(clamping: needed)
        }
        let sortedLocations = locations.sorted { ($0.function, $0.instruction) < ($1.function, $1.instruction) }
        return Module(
            constants: constants, functions: defined, classes: classes, entryPoints: entryPoints,
            stateFields: stateFields, globals: globals,
            debugInfo: sortedLocations.isEmpty ? nil : DebugInfo(files: files, locations: sortedLocations))
    }
}

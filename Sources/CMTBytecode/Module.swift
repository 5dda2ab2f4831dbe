/// One entry of a module's constant pool.
public enum Constant: Hashable, Sendable {
    case number(Decimal18)
    /// UTF-8 text.
    case string(String)
    case bytes([UInt8])
    /// An account or contract address (20 bytes; `cmt1…` in text).
    case address(Address)
}

/// One function's code and frame size.
public struct Function: Hashable, Sendable {
    /// The name used by backtraces and the disassembler (not necessarily unique).
    public var name: String
    /// Parameters arrive in registers 0..<parameterCount.
    public var parameterCount: UInt16
    /// How many of the parameters, the last ones, are captured values (a closure supplies them;
    /// see ``Opcode/closure``). At most ``parameterCount``.
    public var captureCount: UInt16
    /// Registers in the frame, parameters included.
    public var registerCount: UInt16
    /// Encoded instructions (see Opcode.swift).
    public var code: [UInt64]

    public init(name: String, parameterCount: UInt16, captureCount: UInt16 = 0, registerCount: UInt16, code: [UInt64]) {
        self.name = name
        self.parameterCount = parameterCount
        self.captureCount = captureCount
        self.registerCount = registerCount
        self.code = code
    }
}

/// A class: instances have one slot per field, in this order. A class that extends another starts
/// with its base class's fields, in the base's order.
public struct ClassInfo: Hashable, Sendable {
    public var name: String
    public var fields: [String]
    /// The index of the class this one extends, if any (module format 3).
    public var superclass: UInt16?
    public init(name: String, fields: [String], superclass: UInt16? = nil) {
        self.name = name
        self.fields = fields
        self.superclass = superclass
    }
}

/// A named, typed parameter of an entry point.
public struct Parameter: Hashable, Sendable {
    public var name: String
    public var type: TypeDescriptor
    public init(name: String, type: TypeDescriptor) {
        self.name = name
        self.type = type
    }
}

/// A public entry point of the module: the contract's ABI.
public struct EntryPoint: Hashable, Sendable {
    /// The name of the contract's constructor entry: it runs once, when the contract is deployed
    /// (`VM.deploy`), and no call can reach it afterwards.
    public static let constructorName = "constructor"

    public var name: String
    public var function: FunctionIndex
    public var parameters: [Parameter]
    public var returnType: TypeDescriptor
    /// Declared `reentrant`: another contract may call it while this contract is already on the
    /// call stack (docs/language.md "Calling another contract"); any other entry point refuses.
    public var isReentrant: Bool
    public init(name: String, function: FunctionIndex, parameters: [Parameter], returnType: TypeDescriptor, isReentrant: Bool = false) {
        self.name = name
        self.function = function
        self.parameters = parameters
        self.returnType = returnType
        self.isReentrant = isReentrant
    }
}

/// A persistent state field of a contract; it is stored under its name (docs/vm.md).
public struct StateField: Hashable, Sendable {
    public var name: String
    public var type: TypeDescriptor
    public init(name: String, type: TypeDescriptor) {
        self.name = name
        self.type = type
    }
}

/// Maps an instruction of one function to the source bytes it came from.
public struct DebugLocation: Hashable, Sendable {
    public var function: UInt16
    public var instruction: UInt16
    /// Index into ``DebugInfo/files``.
    public var file: UInt16
    public var start: UInt32
    public var end: UInt32
    public init(function: UInt16, instruction: UInt16, file: UInt16, start: UInt32, end: UInt32) {
        self.function = function
        self.instruction = instruction
        self.file = file
        self.start = start
        self.end = end
    }
}

/// Optional source mapping: file paths and instruction → byte-range entries sorted by
/// (function, instruction).
public struct DebugInfo: Hashable, Sendable {
    public var files: [String]
    public var locations: [DebugLocation]
    public init(files: [String] = [], locations: [DebugLocation] = []) {
        self.files = files
        self.locations = locations
    }

    /// The entry for `instruction` of `function`, or the nearest one before it in that function.
    public func location(function: UInt16, instruction: UInt16) -> DebugLocation? {
        var best: DebugLocation?
        for location in locations where location.function == function && location.instruction <= instruction {
            best = location
        }
        return best
    }
}

/// A compiled bytecode module as it is serialized: not yet verified, so the VM does not accept it
/// (see ``VerifiedModule``).
public struct Module: Hashable, Sendable {
    /// "CMTB".
    public static let magic: [UInt8] = [0x43, 0x4D, 0x54, 0x42]
    /// The format version this library reads and writes.
    public static let currentVersion: UInt16 = 3

    public var constants: [Constant]
    public var functions: [Function]
    public var classes: [ClassInfo]
    public var entryPoints: [EntryPoint]
    public var stateFields: [StateField]
    /// Names of the module's global variables (``Opcode/getGlobal``, ``Opcode/setGlobal``), unique.
    /// Globals live for one call and start as null; the names serve the disassembler and debugging.
    public var globals: [String]
    public var debugInfo: DebugInfo?

    public init(
        constants: [Constant] = [], functions: [Function] = [], classes: [ClassInfo] = [],
        entryPoints: [EntryPoint] = [], stateFields: [StateField] = [], globals: [String] = [],
        debugInfo: DebugInfo? = nil
    ) {
        self.constants = constants
        self.functions = functions
        self.classes = classes
        self.entryPoints = entryPoints
        self.stateFields = stateFields
        self.globals = globals
        self.debugInfo = debugInfo
    }

    /// The entry point called `name`, if any.
    public func entryPoint(named name: String) -> EntryPoint? {
        entryPoints.first { $0.name == name }
    }
}

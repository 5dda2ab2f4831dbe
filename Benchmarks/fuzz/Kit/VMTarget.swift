import CMTBytecode
import CMTVM

/// What the VM fuzzers run on each input: decode and verify the bytes; when they verify, load the
/// module as a ``Program`` deployed on an ``InMemoryHost`` and call every entry point (once with
/// well-typed arguments, once with awkward ones) and the first functions by index, each with a small
/// gas and heap limit so no input can hang. Traps, reverts and rejections are fine; a crash is a bug.
public enum VMTarget {
    /// Gas per call: small enough that every input finishes in milliseconds.
    public static let limits = ExecutionLimits(gasLimit: 200_000, maxCallDepth: 64, stackSlots: 1 << 14, heapBytes: 1 << 20)
    /// Functions called by index (with null arguments), after the entry points.
    static let functionsCalledByIndex = 4

    /// Runs `bytes`. - Returns: Whether the verifier accepted them.
    @discardableResult
    public static func run(_ bytes: [UInt8]) -> Bool {
        guard let verified = try? Verifier.verify(bytes: bytes) else { return false }
        let module = verified.module
        let program = Program(verified)
        let contract = Address.named("fuzz")
        let host = InMemoryHost()
        host.setBalance(Decimal18(1_000), for: contract)
        host.deploy(program, at: contract)
        let context = CallContext(contract: contract, sender: Address.named("sender"), value: Decimal18(3))
        for entry in module.entryPoints {
            for awkward in [false, true] {
                let arguments = entry.parameters.map { sample($0.type, module: module, awkward: awkward) }
                _ = entry.name == EntryPoint.constructorName
                    ? VM.deploy(program, arguments: arguments, context: context, host: host, limits: limits)
                    : VM.call(program, entryPoint: entry.name, arguments: arguments, context: context, host: host, limits: limits)
            }
        }
        for (index, function) in module.functions.prefix(functionsCalledByIndex).enumerated() {
            let arguments = [ContractValue](repeating: .null, count: Int(function.parameterCount))
            _ = VM.call(
                program, function: FunctionIndex(UInt16(index)), arguments: arguments, context: context, host: host,
                limits: limits)
        }
        return true
    }

    /// A value of `type`; `awkward` values are still well-typed but sit at edges (empty, huge,
    /// out-of-range function references, objects with missing fields).
    static func sample(_ type: TypeDescriptor, module: Module, awkward: Bool, depth: Int = 0) -> ContractValue {
        guard depth < 8 else { return .null }
        switch type {
        case .void: return .null
        case .number: return awkward ? .number(Decimal18(Int64.max)) : .int(2)
        case .boolean: return .boolean(!awkward)
        case .string: return .string(awkward ? "" : "é\u{0}x")
        case .bytes: return .bytes(awkward ? [] : [0, 255])
        case .address: return .address(Address.named(awkward ? "" : "fuzz"))
        case .any: return awkward ? .array([.null, .map([])]) : .int(1)
        case .array(let element):
            return .array(awkward ? [] : [sample(element, module: module, awkward: awkward, depth: depth + 1)])
        case .map(let key, let value):
            let entry = ContractValue.MapEntry(
                key: sample(key, module: module, awkward: awkward, depth: depth + 1),
                value: sample(value, module: module, awkward: awkward, depth: depth + 1))
            return .map([entry, entry])
        case .optional(let wrapped):
            return awkward ? .null : sample(wrapped, module: module, awkward: awkward, depth: depth + 1)
        case .object(let index):
            let fieldCount = Int(index) < module.classes.count ? module.classes[Int(index)].fields.count : 0
            return .object(classIndex: index, fields: [ContractValue](repeating: .int(1), count: awkward ? fieldCount + 1 : fieldCount))
        case .function:
            return .function(awkward ? UInt16.max : 0)
        }
    }
}

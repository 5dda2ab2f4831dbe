import CMTBytecode
import CMTVM

/// Binds template parameters (`--param name=value`, else the manifest's defaults) by name to the
/// contract's constructor parameters, type-checking each value against the constructor's type.
/// Reading a bundle's bound values lives here; binding `--param` texts against a manifest is
/// CMTBuild's `ParameterBinding.bind`.
public enum ParameterBinding {
    /// Why parameters cannot be bound: a usage error, said plainly.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// The constructor arguments of bound parameters, checked again against the module (a bundle's
    /// recorded values must fit the bundle's own constructor).
    public static func values(_ bound: [BundleWriter.BoundParameter], module: Module) throws(Failure) -> [ContractValue] {
        let constructor = module.entryPoint(named: "constructor")?.parameters ?? []
        guard bound.map(\.name) == constructor.map(\.name) else {
            throw Failure(description: "the bound parameters (\(bound.map(\.name).joined(separator: ", "))) are not the constructor's (\(constructor.map(\.name).joined(separator: ", ")))")
        }
        var result: [ContractValue] = []
        for (item, parameter) in zip(bound, constructor) {
            do {
                result.append(try ArgumentValues.parse(item.value, as: parameter.type))
            } catch {
                throw Failure(description: "parameter \(item.name): \(error)")
            }
        }
        return result
    }
}

import CMTBytecode
import CMTVM

/// Binds template parameters (`--param name=value`, else the manifest's defaults) by name to the
/// contract's constructor parameters, type-checking each value against the constructor's type.
public enum ParameterBinding {
    /// Why parameters cannot be bound: a usage error, said plainly.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The constructor arguments in constructor order, with their texts (for the bundle).
    /// - Parameters:
    ///   - given: `name=value` texts from the command line.
    ///   - module: the contract's module (its `constructor` entry point gives names and types).
    ///   - manifest: the project's manifest, for defaults.
    public static func bind(_ given: [String], module: Module, manifest: Manifest?) throws(Failure) -> [BundleWriter.BoundParameter] {
        let constructor = module.entryPoint(named: "constructor")?.parameters ?? []
        var values: [String: String] = [:]
        for item in given {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw Failure(description: "--param expects NAME=VALUE, got '\(item)'")
            }
            let name = String(item[..<equals])
            guard constructor.contains(where: { $0.name == name }) else {
                let known = constructor.map { "\($0.name): \(ABI.typeName($0.type, module))" }
                throw Failure(description: "the constructor has no parameter '\(name)'"
                              + (known.isEmpty ? " (it takes none)" : "; it takes \(known.joined(separator: ", "))"))
            }
            guard values[name] == nil else { throw Failure(description: "--param \(name) is given twice") }
            values[name] = String(item[item.index(after: equals)...])
        }
        var bound: [BundleWriter.BoundParameter] = []
        for parameter in constructor {
            let type = ABI.typeName(parameter.type, module)
            guard let text = values[parameter.name] ?? manifest?.parameters.first(where: { $0.name == parameter.name })?.defaultValue else {
                throw Failure(description: "missing --param \(parameter.name)=VALUE (\(type)): the constructor needs it and [parameters] gives no default")
            }
            do {
                _ = try ArgumentValues.parse(text, as: parameter.type)
            } catch {
                throw Failure(description: "--param \(parameter.name): \(error) (the constructor takes \(type))")
            }
            bound.append(BundleWriter.BoundParameter(name: parameter.name, type: type, value: text))
        }
        return bound
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

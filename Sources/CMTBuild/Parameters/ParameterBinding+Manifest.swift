import CMTBundle
import CMTBytecode

extension ParameterBinding {
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

}

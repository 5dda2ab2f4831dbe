import CMTBundle
import CMTBytecode
import CMTChain
import CMTVM
import Foundation

/// What a deploy transaction carries from a bundle file (`cmtc deploy F.sbc [--param k=v]…`):
/// the bundle's bytes, verified here first (every check the node makes), and template parameters
/// read against the constructor's types.
public struct DeployBundle: Sendable, Equatable {
    public let bytes: [UInt8]
    public let parameters: [TemplateParameter]
    /// The contract's name from the bundle's manifest.
    public let contractName: String

    /// The bundle in `bytes`; `assignments` are `NAME=VALUE` texts. Without any, the deploy
    /// carries none (the constructor takes the bundle's bound values, or nothing). With some,
    /// every constructor parameter must have a value: given, or bound in the bundle.
    public init(bytes: [UInt8], assignments: [String]) throws(ClientError) {
        let bundle: LoadedBundle
        do { bundle = try BundleReader.read(bytes) } catch { throw ClientError(.badBundle, "the bundle does not verify: \(error)") }
        guard bundle.contract != nil else { throw ClientError(.badBundle, "the bundle holds a script, not a contract") }
        self.bytes = bytes
        contractName = bundle.contract ?? ""
        guard !assignments.isEmpty else {
            parameters = []
            return
        }
        var given: [String: String] = [:]
        for text in assignments {
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw ClientError(.badArgument, "--param expects NAME=VALUE, got '\(text)'")
            }
            let name = String(text[..<equals])
            guard given[name] == nil else { throw ClientError(.badArgument, "--param \(name) is given twice") }
            given[name] = String(text[text.index(after: equals)...])
        }
        let constructor = bundle.module.module.entryPoint(named: "constructor")?.parameters ?? []
        for name in given.keys.sorted() where !constructor.contains(where: { $0.name == name }) {
            throw ClientError(.badArgument, "the constructor has no parameter '\(name)' (it has: \(constructor.map(\.name).joined(separator: ", ")))")
        }
        var parameters: [TemplateParameter] = []
        for parameter in constructor {
            guard let text = given[parameter.name] ?? bundle.bound.first(where: { $0.name == parameter.name })?.value else {
                throw ClientError(.badArgument, "--param \(parameter.name)=VALUE is missing (the bundle binds no value for it)")
            }
            do {
                parameters.append(TemplateParameter(name: parameter.name, value: ValueCodec.encode(try ArgumentValues.parse(text, as: parameter.type))))
            } catch {
                throw ClientError(.badArgument, "--param \(parameter.name): \(error)")
            }
        }
        self.parameters = parameters
    }

    /// The bundle file at `path`.
    public init(file path: String, assignments: [String]) throws(ClientError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw ClientError(.badBundle, "cannot read '\(path)'") }
        try self.init(bytes: Array(data), assignments: assignments)
    }
}

import CMTBundle
import CMTBytecode
import CMTCompiler
import CMTSource

/// The checks between `cmt.toml` and the compiled contract: the named contract exists, every
/// `[[webhooks]]` entry names a real `webhook` handler, and `[parameters]` are exactly the
/// constructor's parameters with the same types (and defaults that fit them).
public enum ProjectChecks {
    public static func check(_ project: Project, module: Module, checked: CheckedModule, isScript: Bool) -> [Diagnostic] {
        guard let manifest = project.manifest else { return [] }
        var diagnostics: [Diagnostic] = []
        let ownContracts = checked.classes.filter { $0.kind == .contract && !$0.isDeclared }
        let contracts = ownContracts.map(\.name)
        if isScript {
            if let contract = manifest.contract {
                diagnostics.append(Diagnostic(BuildMessages.unknownContract(contract, found: []), at: manifest.contractSpan))
            }
            if let webhook = manifest.webhooks.first {
                diagnostics.append(Diagnostic(BuildMessages.noContractForManifest("[[webhooks]]"), at: webhook.span))
            }
            if let parameter = manifest.parameters.first {
                diagnostics.append(Diagnostic(BuildMessages.noContractForManifest("[parameters]"), at: parameter.span))
            }
            return diagnostics
        }
        let contractName = contracts.first ?? "the contract"
        if contracts.count > 1 {
            let span = ownContracts[1].nameSpan
            diagnostics.append(Diagnostic(BuildMessages.severalContracts(contracts), at: span))
        }
        if let contract = manifest.contract, !contracts.contains(contract) {
            diagnostics.append(Diagnostic(BuildMessages.unknownContract(contract, found: contracts), at: manifest.contractSpan))
            return diagnostics
        }
        let handlers = module.entryPoints.compactMap { $0.name.hasPrefix("webhook:") ? String($0.name.dropFirst(8)) : nil }
        for webhook in manifest.webhooks where !handlers.contains(webhook.handler) {
            diagnostics.append(Diagnostic(BuildMessages.unknownWebhook(webhook.handler, contract: contractName, known: handlers), at: webhook.span))
        }
        guard !manifest.parameters.isEmpty else { return diagnostics }
        let constructor = module.entryPoint(named: "constructor")?.parameters ?? []
        for parameter in manifest.parameters {
            guard let actual = constructor.first(where: { $0.name == parameter.name }) else {
                diagnostics.append(Diagnostic(BuildMessages.parameterNotInConstructor(parameter.name, contract: contractName,
                                                                                      known: constructor.map(\.name)), at: parameter.span))
                continue
            }
            guard let declared = ParameterTypes.descriptor(parameter.type) else { continue }  // reported by the loader
            if declared != actual.type {
                diagnostics.append(Diagnostic(BuildMessages.parameterTypeMismatch(parameter.name, declared: parameter.type,
                                                                                  actual: actual.type.description), at: parameter.typeSpan))
                continue
            }
            if let text = parameter.defaultValue {
                do {
                    _ = try ArgumentValues.parse(text, as: declared)
                } catch {
                    diagnostics.append(Diagnostic(BuildMessages.badDefault(parameter.name, "\(error)"), at: parameter.defaultSpan))
                }
            }
        }
        let listed = Set(manifest.parameters.map(\.name))
        let anchor = project.manifestFile.map { file in
            manifest.parameters.first.map { _ in TOMLLocator(file: file).tableSpan("parameters") } ?? Span.point(file.id, 0)
        } ?? manifest.packageSpan
        for parameter in constructor where !listed.contains(parameter.name) {
            diagnostics.append(Diagnostic(BuildMessages.constructorParameterMissing(parameter.name, type: parameter.type.description,
                                                                                    contract: contractName), at: anchor))
        }
        return diagnostics
    }
}

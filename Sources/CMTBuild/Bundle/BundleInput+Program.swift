import CMTBundle

extension BundleInput {
    /// What the bundle of a compiled project holds.
    public init(_ program: CompiledProgram) {
        let manifest = program.project.manifest
        self.init(
            packageName: program.project.name, version: manifest?.version ?? "0.0.0", contract: ABI.Contract(checked: program.checked),
            uses: (manifest?.uses ?? []).map(\.name),
            webhooks: (manifest?.webhooks ?? []).map { BundleInput.Webhook(name: $0.name, handler: $0.handler, secret: $0.secret) },
            parameters: (manifest?.parameters ?? []).map {
                BundleInput.Parameter(name: $0.name, type: $0.type, description: $0.description, defaultValue: $0.defaultValue)
            },
            module: program.module, ruleSets: program.ruleSets, processes: program.processes, aliases: program.aliases, files: program.files,
            sourceFiles: program.sources.allFiles, root: program.project.root, manifestFile: program.project.manifestFile?.bytes,
            listedClasses: ABI.listedClasses(program.checked))
    }
}

extension BundleWriter {
    /// Writes the bundle of a compiled project.
    public static func write(_ program: CompiledProgram, bound: [BoundParameter], withSources: Bool) throws(BundleError) -> [UInt8] {
        try write(BundleInput(program), bound: bound, withSources: withSources)
    }
}

import CMTBytecode
import CMTProcessEngine
import CMTRuleEngine
import CMTSource

/// Everything ``BundleWriter`` writes, as plain values: what a build produced (module, rule sets,
/// process definitions, the contract's interface) and the manifest entries a bundle records.
/// CMTBuild fills it from a compiled project (`BundleInput(program)`); nothing here needs the
/// compiler.
public struct BundleInput {
    /// A `[[webhooks]]` entry.
    public struct Webhook: Sendable, Equatable {
        public let name: String
        public let handler: String
        /// A reference to the secret (`env:NAME`), never the secret itself.
        public let secret: String?
        public init(name: String, handler: String, secret: String?) {
            self.name = name
            self.handler = handler
            self.secret = secret
        }
    }

    /// A `[parameters]` entry.
    public struct Parameter: Sendable, Equatable {
        public let name: String
        public let type: String
        public let description: String?
        public let defaultValue: String?
        public init(name: String, type: String, description: String?, defaultValue: String?) {
            self.name = name
            self.type = type
            self.description = description
            self.defaultValue = defaultValue
        }
    }

    public var packageName: String
    public var version: String
    /// The contract's name and events; nil for a script.
    public var contract: ABI.Contract?
    /// The classes `abi.json` lists (nil: every class; a program of modules lists its exported
    /// classes and those its interface reaches).
    public var listedClasses: Set<String>?
    /// The `uses` libraries, by name.
    public var uses: [String]
    public var webhooks: [Webhook]
    public var parameters: [Parameter]
    /// The compiled module (with its debug info, whose file paths are renamed project-relative).
    public var module: Module
    /// Rule sets and process definitions by project-relative name.
    public var ruleSets: [String: CompiledRuleSet]
    public var processes: [String: CompiledProcess]
    /// Other names `load_rules` and `start_process` accept → the project-relative name.
    public var aliases: [String: String]
    /// The source files by project-relative name (the source map and `--with-sources`).
    public var files: [(name: String, file: SourceFile)]
    /// Every file the compiler saw, generated ones included (the source map finds the debug info's files here).
    public var sourceFiles: [SourceFile]
    /// The project folder (paths under it are recorded relative to it).
    public var root: String
    /// The manifest's bytes (`cmt.toml`), stored with the sources.
    public var manifestFile: [UInt8]?

    public init(packageName: String, version: String, contract: ABI.Contract?, uses: [String], webhooks: [Webhook], parameters: [Parameter],
                module: Module, ruleSets: [String: CompiledRuleSet], processes: [String: CompiledProcess], aliases: [String: String],
                files: [(name: String, file: SourceFile)], sourceFiles: [SourceFile], root: String, manifestFile: [UInt8]?,
                listedClasses: Set<String>? = nil) {
        self.listedClasses = listedClasses
        self.packageName = packageName
        self.version = version
        self.contract = contract
        self.uses = uses
        self.webhooks = webhooks
        self.parameters = parameters
        self.module = module
        self.ruleSets = ruleSets
        self.processes = processes
        self.aliases = aliases
        self.files = files
        self.sourceFiles = sourceFiles
        self.root = root
        self.manifestFile = manifestFile
    }
}

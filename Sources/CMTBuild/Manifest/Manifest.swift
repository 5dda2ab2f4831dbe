import CMTSource

/// A project's `cmt.toml`, read and checked (see docs/projects.md for the reference).
public struct Manifest: Sendable, Equatable {
    /// The `[sources]` globs, relative to the project folder.
    public struct SourcePatterns: Sendable, Equatable {
        public var cmt = ["src/**/*.cmt"]
        public var rules = ["rules/**/*.drl", "rules/**/*.rl"]
        public var processes = ["processes/**/*.bpm"]
        public var tests = ["tests/**/*.cmt"]
        public init() {}
    }

    /// One `[[webhooks]]` entry: a hook the node publishes, run by a `webhook` handler of the contract.
    public struct Webhook: Sendable, Equatable {
        public var name: String
        /// The contract's `webhook` function; defaults to ``name``.
        public var handler: String
        /// A reference to the secret (`env:NAME`), never the secret itself.
        public var secret: String?
        /// Where the entry is written (its `name` value), for diagnostics.
        public var span: Span
    }

    /// One `[parameters]` entry: a template parameter, bound by name to a constructor parameter.
    public struct Parameter: Sendable, Equatable {
        public var name: String
        /// A CMT type as written (`number`, `address`, `string[]`, …).
        public var type: String
        public var description: String?
        /// The default as text (numbers and booleans as written, strings as they are), read like a `--param` value.
        public var defaultValue: String?
        /// The span of the parameter's name in cmt.toml.
        public var span: Span
        /// The span of its `type` value.
        public var typeSpan: Span
        /// The span of its `default` value (or of its name when there is none).
        public var defaultSpan: Span
    }

    /// One `[dependencies]` entry: another project (a folder with a `cmt.toml`) or a bundle (`.sbc`)
    /// whose contract this project calls, by a path relative to the project folder.
    public struct Dependency: Sendable, Equatable {
        public var name: String
        /// The path as written, relative to the project folder.
        public var path: String
        /// The span of the path value, for diagnostics.
        public var span: Span
    }

    public var name: String
    public var version: String
    /// The contract deployed from the project (`contract` in [package]); nil when not given.
    public var contract: String?
    /// Library modules (`Stdlib/lib/<name>`) compiled into the module, with where each is named.
    public var uses: [(name: String, span: Span)]
    public var sources: SourcePatterns
    public var webhooks: [Webhook]
    /// In the order the file lists them.
    public var parameters: [Parameter]
    /// The `[dependencies]` entries, in the order the file lists them.
    public var dependencies: [Dependency] = []
    /// The manifest file (for spans).
    public var file: FileID
    /// Spans of the `contract` value and of the `[package]` header, for diagnostics.
    public var contractSpan: Span
    public var packageSpan: Span

    public static func == (lhs: Manifest, rhs: Manifest) -> Bool {
        lhs.name == rhs.name && lhs.version == rhs.version && lhs.contract == rhs.contract && lhs.uses.map(\.name) == rhs.uses.map(\.name)
            && lhs.sources == rhs.sources && lhs.webhooks == rhs.webhooks && lhs.parameters == rhs.parameters
            && lhs.dependencies == rhs.dependencies
    }
}

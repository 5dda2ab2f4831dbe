import CMTBundle
import CMTBytecode
import CMTProcessEngine
import CMTRuleEngine

/// Decoded bundles by the SHA-256 of their bytes, with the host services of each: a bundle is
/// read and verified once however many contracts run it and however often they are called.
/// Bundles are immutable chain state (a hash names exactly one byte string), so entries never go
/// stale.
public final class BundleCache {
    /// A verified bundle and the process and rules services of its program.
    public struct Entry {
        public let bundle: LoadedBundle
        public let processService: WorkflowProcessService
        public let ruleService: RulesEngineService
    }

    private var entries: [[UInt8]: Entry] = [:]

    public init() {}

    /// How many bundles are held.
    public var count: Int { entries.count }

    /// The entry for bundle bytes whose SHA-256 is `hash`: decoded and verified the first time.
    public func entry(hash: [UInt8], bytes: () -> [UInt8]?) throws(BundleError) -> Entry? {
        if let entry = entries[hash] { return entry }
        guard let data = bytes() else { return nil }
        let bundle = try BundleReader.read(data)
        let services = bundle.services()
        let entry = Entry(bundle: bundle, processService: services.0, ruleService: services.1)
        entries[hash] = entry
        return entry
    }
}

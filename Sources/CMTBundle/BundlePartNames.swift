/// The names of a bundle's rule-network and process parts, and back: one part per rule or process
/// file, named after the file's project path so that every name is unique and gives the path back.
///
/// A file in the project's own folder for its kind keeps its path: `rules/discount.drl` is stored as
/// `rules/discount.drl.rete`, `processes/order.bpm` as `processes/order.bpm.proc`. Any other file
/// (at the project root, in another folder) goes under `@/` (the project folder) with its full path:
/// `pricing.rl` is `rules/@/pricing.rl.rete`. A path in the kind's folder that itself starts with `@/`
/// is stored the long way too (`rules/@/x.drl` as `rules/@/rules/@/x.drl.rete`), so no two paths
/// share a name.
enum BundlePartNames {
    /// A kind of compiled part: its folder in the project and the bundle, and its extension.
    struct Kind: Sendable {
        let folder: String
        let suffix: String

        static let rules = Kind(folder: "rules/", suffix: ".rete")
        static let processes = Kind(folder: "processes/", suffix: ".proc")
    }

    /// Stands for the project folder: what follows is a full project path.
    static let rootMarker = "@/"

    /// The part name for the file at project path `path`.
    static func part(for path: String, kind: Kind) -> String {
        if path.hasPrefix(kind.folder) {
            let rest = path.dropFirst(kind.folder.count)
            if !rest.hasPrefix(rootMarker) { return kind.folder + rest + kind.suffix }
        }
        return kind.folder + rootMarker + path + kind.suffix
    }

    /// Whether `part` is in the folder of `kind` and has its extension.
    static func isPart(_ part: String, of kind: Kind) -> Bool {
        part.hasPrefix(kind.folder) && part.hasSuffix(kind.suffix) && part.count > kind.folder.count + kind.suffix.count
    }

    /// The project path a part name stands for; nil when `part` is not the name `part(for:kind:)`
    /// gives any path (so each path has exactly one name: `rules/@/rules/x.drl.rete` is refused).
    static func path(of part: String, kind: Kind) -> String? {
        guard isPart(part, of: kind) else { return nil }
        let inner = String(part.dropFirst(kind.folder.count).dropLast(kind.suffix.count))
        let path = inner.hasPrefix(rootMarker) ? String(inner.dropFirst(rootMarker.count)) : kind.folder + inner
        guard !path.isEmpty, self.part(for: path, kind: kind) == part else { return nil }
        return path
    }
}

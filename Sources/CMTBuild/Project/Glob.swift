/// Matches project-relative paths against the `[sources]` globs: `*` and `?` within one path
/// segment, `**` for any number of segments (`src/**/*.cmt` matches `src/a.cmt` and `src/x/y/a.cmt`).
public enum Glob {
    /// Whether `path` (segments separated by `/`) matches `pattern`.
    public static func matches(_ path: String, _ pattern: String) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.unicodeScalars) }
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.unicodeScalars) }
        return match(segments[...], parts[...])
    }

    /// A pattern is safe when it is relative and never climbs out of the project (`..`).
    public static func isSafe(_ pattern: String) -> Bool {
        !pattern.isEmpty && !pattern.hasPrefix("/") && !pattern.split(separator: "/").contains("..")
    }

    private static func match(_ path: ArraySlice<[Unicode.Scalar]>, _ pattern: ArraySlice<[Unicode.Scalar]>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == ["*", "*"] {
            let rest = pattern.dropFirst()
            var remaining = path
            while true {
                if match(remaining, rest) { return true }
                guard !remaining.isEmpty else { return false }
                remaining = remaining.dropFirst()
            }
        }
        guard let segment = path.first, matchSegment(segment[...], first[...]) else { return false }
        return match(path.dropFirst(), pattern.dropFirst())
    }

    private static func matchSegment(_ text: ArraySlice<Unicode.Scalar>, _ pattern: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        switch first {
        case "*":
            var remaining = text
            while true {
                if matchSegment(remaining, pattern.dropFirst()) { return true }
                guard !remaining.isEmpty else { return false }
                remaining = remaining.dropFirst()
            }
        case "?":
            return !text.isEmpty && matchSegment(text.dropFirst(), pattern.dropFirst())
        default:
            return text.first == first && matchSegment(text.dropFirst(), pattern.dropFirst())
        }
    }
}

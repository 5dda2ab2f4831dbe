/// Caps the diagnostics shown per file: a binary file or a file of another language gives
/// thousands of errors, and the first few say everything useful.
public enum DiagnosticLimit {
    /// What was left out of one file.
    public struct Hidden: Hashable, Sendable {
        public let file: FileID
        public var errors = 0
        public var warnings = 0
        public var notes = 0
    }

    /// How many diagnostics of one file `cmtc` shows.
    public static let defaultPerFile = 50

    /// The first `perFile` diagnostics of each file in the order given, and per file (in order of
    /// first appearance) what was left out.
    public static func apply(_ diagnostics: [Diagnostic], perFile: Int) -> (shown: [Diagnostic], hidden: [Hidden]) {
        var counts: [FileID: Int] = [:]
        var shown: [Diagnostic] = []
        var hidden: [Hidden] = []
        var hiddenIndex: [FileID: Int] = [:]
        for diagnostic in diagnostics {
            let file = diagnostic.span.file
            let seen = counts[file, default: 0]
            counts[file] = seen + 1
            if seen < perFile {
                shown.append(diagnostic)
                continue
            }
            let index = hiddenIndex[file] ?? {
                hidden.append(Hidden(file: file))
                hiddenIndex[file] = hidden.count - 1
                return hidden.count - 1
            }()
            switch diagnostic.severity {
            case .error: hidden[index].errors += 1
            case .warning: hidden[index].warnings += 1
            case .note: hidden[index].notes += 1
            }
        }
        return (shown, hidden)
    }
}

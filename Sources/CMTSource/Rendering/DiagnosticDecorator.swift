/// Decides how the parts of a rendered diagnostic look; ``PlainDecorator`` for files and pipes,
/// ``ANSIDecorator`` for terminals. Colour is a swap of decorator, never a branch in the renderer.
public protocol DiagnosticDecorator: Sendable {
    func severity(_ severity: Severity, _ text: String) -> String
    func gutter(_ text: String) -> String
    func highlight(_ severity: Severity, _ text: String) -> String
    func emphasis(_ text: String) -> String
}

/// No decoration: the text form used in golden tests and when output is not a terminal.
public struct PlainDecorator: DiagnosticDecorator {
    public init() {}
    public func severity(_ severity: Severity, _ text: String) -> String { text }
    public func gutter(_ text: String) -> String { text }
    public func highlight(_ severity: Severity, _ text: String) -> String { text }
    public func emphasis(_ text: String) -> String { text }
}

/// ANSI colours in the style of rustc and swiftc: red errors, yellow warnings, blue gutters.
public struct ANSIDecorator: DiagnosticDecorator {
    public init() {}

    private func color(for severity: Severity) -> String {
        switch severity {
        case .error: "\u{1B}[1;31m"
        case .warning: "\u{1B}[1;33m"
        case .note: "\u{1B}[1;36m"
        }
    }

    public func severity(_ severity: Severity, _ text: String) -> String { color(for: severity) + text + "\u{1B}[0m" }
    public func gutter(_ text: String) -> String { "\u{1B}[1;34m" + text + "\u{1B}[0m" }
    public func highlight(_ severity: Severity, _ text: String) -> String { color(for: severity) + text + "\u{1B}[0m" }
    public func emphasis(_ text: String) -> String { "\u{1B}[1m" + text + "\u{1B}[0m" }
}

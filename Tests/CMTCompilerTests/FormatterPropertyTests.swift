import CMTCompiler
import Testing

@Suite("Formatter properties over the corpus")
struct FormatterPropertyTests {
    static let names = FormatterCorpus.inputs.map(\.name)

    static func source(_ name: String) -> String {
        FormatterCorpus.inputs.first { $0.name == name }?.source ?? ""
    }

    @Test("every corpus input parses without diagnostics", arguments: names)
    func corpusIsValid(name: String) {
        #expect(FormatterTestSupport.diagnostics(Self.source(name)).map(\.text) == [])
    }

    @Test("formatting twice gives the same text as formatting once", arguments: names)
    func idempotent(name: String) throws {
        let once = try FormatterTestSupport.format(Self.source(name)).get()
        let twice = try FormatterTestSupport.format(once).get()
        #expect(twice == once)
    }

    @Test("the formatted text parses to the same tree as the input", arguments: names)
    func preservesTree(name: String) throws {
        let source = Self.source(name)
        let output = try FormatterTestSupport.format(source).get()
        #expect(FormatterTestSupport.diagnostics(output).map(\.text) == [])
        #expect(FormatterTestSupport.dump(output) == FormatterTestSupport.dump(source))
    }

    @Test("every comment survives formatting exactly once", arguments: names)
    func preservesComments(name: String) throws {
        let source = Self.source(name)
        let output = try FormatterTestSupport.format(source).get()
        #expect(FormatterTestSupport.commentTexts(output) == FormatterTestSupport.commentTexts(source))
    }
}

@Suite("Formatter properties over mutated inputs")
struct FormatterMutationTests {
    /// Checks the three properties on `source` if it parses cleanly; returns whether it did.
    @discardableResult
    static func check(_ source: String, _ what: String) -> Bool {
        guard case .success(let once) = FormatterTestSupport.format(source) else { return false }
        let twice = try? FormatterTestSupport.format(once).get()
        #expect(twice == once, "not idempotent (\(what)):\n\(source)")
        #expect(FormatterTestSupport.dump(once) == FormatterTestSupport.dump(source), "tree changed (\(what)):\n\(source)")
        #expect(FormatterTestSupport.commentTexts(once) == FormatterTestSupport.commentTexts(source),
                "comments changed (\(what)):\n\(source)")
        return true
    }

    @Test("every prefix of a corpus input is refused or formats with all three properties",
          arguments: FormatterPropertyTests.names)
    func prefixes(name: String) {
        let bytes = Array(FormatterPropertyTests.source(name).utf8)
        for length in 0...bytes.count {
            Self.check(String(decoding: bytes[0..<length], as: UTF8.self), "first \(length) bytes")
        }
    }

    @Test("a corpus input with any one line removed is refused or formats with all three properties",
          arguments: FormatterPropertyTests.names)
    func lineRemoved(name: String) {
        let lines = FormatterPropertyTests.source(name).split(separator: "\n", omittingEmptySubsequences: false)
        for index in lines.indices {
            var copy = lines
            copy.remove(at: index)
            Self.check(copy.joined(separator: "\n"), "line \(index + 1) removed")
        }
    }
}

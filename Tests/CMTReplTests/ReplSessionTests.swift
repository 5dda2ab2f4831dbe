import CMTRepl
import CMTSource
import Foundation
import Testing

/// The REPL's session as a library (CMTRepl): driven line by line with its output captured, no
/// terminal and no process (the end-to-end tests drive `cmtc repl` itself).
@Suite struct ReplSessionTests {
    static let pricing = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples/pricing").path

    /// Lines written to results and to messages, and the diagnostics reported.
    final class Captured: @unchecked Sendable {
        var lines: [String] = []
        var messages: [String] = []
        var diagnostics = 0
    }

    static func open(_ paths: [String], _ captured: Captured) -> ReplSession? {
        var output = ReplOutput { diagnostics, _, _ in captured.diagnostics += diagnostics.count }
        output.line = { captured.lines.append($0) }
        output.message = { captured.messages.append($0) }
        return ReplSession.open(paths: paths, options: ReplSession.Options(), output: output)
    }

    @Test("a session inserts, fires and shows facts through its output, and :quit ends it")
    func insertFireFacts() throws {
        let captured = Captured()
        let session = try #require(Self.open([Self.pricing], captured))
        #expect(session.loaded.files == [session.current])
        #expect(session.run("insert Message(status: Message.GET_PRICE, fico_score: 741, listed_price: 100, price: 100)"))
        #expect(session.run("fire"))
        #expect(session.run("facts"))
        #expect(session.run("not a command"))
        #expect(!session.run(":quit"))
        #expect(captured.lines == [
            "f-1 inserted", "fired Pricing (f-1)", "1 rule fired", "f-1 Message {status: 1, fico_score: 741, listed_price: 100, price: 80}",
        ])
        #expect(captured.messages.count == 1 && captured.messages[0].hasPrefix("error: "))
    }

    @Test("completion offers the program's fact types and rules")
    func completion() throws {
        let session = try #require(Self.open([Self.pricing], Captured()))
        #expect(session.completion.candidates(line: "insert Mes", cursor: 10) == ["Message"])
        #expect(session.completion.candidates(line: "why Pri", cursor: 7) == ["Pricing"])
    }

    @Test("a program without rule files opens no session and says why")
    func noRuleFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cmt-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "let x = 1;\n".write(to: folder.appendingPathComponent("a.cmt"), atomically: true, encoding: .utf8)
        let captured = Captured()
        #expect(Self.open([folder.path], captured) == nil)
        #expect(captured.messages.first?.contains("no .drl or .rl rule files") == true)
    }
}

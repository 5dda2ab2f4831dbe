import CMTCompiler
import CMTSource
import Testing

/// Finding a declaration's doc comment looks only at the whitespace just before the declaration,
/// so a doc comment followed by many declarations costs time linear in the file (found by
/// fuzz-readers: a DRL `declare` of 16 KB of repeated fields took over 2 s; 50,000 fields after one
/// doc comment took minutes, counting newlines from the comment to every field).
@Suite struct DocCommentScanTests {
    @Test("a doc comment followed by 50,000 fields parses in linear time",
          .timeLimit(.minutes(1)))
    func manyFieldsAfterOneDocComment() {
        let fields = (0..<50_000).map { "    f\($0): number;\n" }.joined()
        let text = "/// The class.\ncontract C {\n    /// The first field.\n" + fields + "}\n"
        let (syntax, diagnostics) = Parser.parse(SourceFile(id: FileID(0), path: "t.cmt", text: text))
        #expect(diagnostics.isEmpty)
        #expect(syntax.items.count == 1)
    }
}

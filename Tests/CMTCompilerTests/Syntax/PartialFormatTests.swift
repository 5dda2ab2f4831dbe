import CMTCompiler
import CMTSource
import Testing

/// `cmtc fmt` on a file with syntax errors formats the top-level items that parse and keeps the
/// others, and everything the parser skipped, byte for byte.
@Suite struct PartialFormatTests {
    static func format(_ bytes: [UInt8]) -> FormatResult {
        Formatter.format(SourceFile(id: FileID(0), path: "broken.cmt", bytes: bytes))
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    @Test("clean items around a broken one are formatted; the broken one is kept exactly as written")
    func formatsAroundErrors() throws {
        let source = "let   a=1\nfunction f( {\n  let x =\n}\nlet b   =  'two'  // note\n"
        let result = Self.format(Array(source.utf8))
        guard case .partial(let partial) = result else {
            Issue.record("expected a partial format")
            return
        }
        #expect(!partial.verbatimRegions.isEmpty)
        let regions = partial.verbatimRegions.map { String(decoding: Array(source.utf8)[$0.start..<$0.end], as: UTF8.self) }
        #expect(regions.first?.hasPrefix("function f( {") == true)
        #expect(partial.text.hasPrefix("let a = 1;\nfunction f( {\n  let x =\n}"))
        #expect(!partial.diagnostics.isEmpty)
    }

    @Test("formatting a partly formatted file again changes nothing")
    func idempotent() {
        let sources = [
            "let   a=1\nfunction f( {\n  let x =\n}\nlet b   =  2\n",
            "class C { x: number = ; }\n/* c */ let y=[1,2,]\n}}\nfunction g(){return 1}",
            "contract K {\n  public function f(): number { return 1 +; }\n}\n\n\nlet z = `t ${ 1 + } u`\n",
        ]
        for source in sources {
            let once = Self.format(Array(source.utf8)).output
            let twice = Self.format(once).output
            #expect(String(decoding: twice, as: UTF8.self) == String(decoding: once, as: UTF8.self), "\(source)")
        }
    }

    @Test("bytes that are not UTF-8 inside a broken region come out unchanged")
    func invalidUTF8Kept() {
        let broken: [UInt8] = Array("let s = \"a".utf8) + [0xFF, 0xC3, 0x28] + Array("\" + ;".utf8)
        let source = Array("let   ok=1;\n".utf8) + broken + Array("\n".utf8)
        let output = Self.format(source).output
        #expect(Self.contains(output, broken))
        #expect(output.starts(with: Array("let ok = 1;\n".utf8)))
    }

    @Test("every verbatim region of the mutated corpus appears byte for byte in the output, and no comment is lost")
    func regionsSurviveOnMutations() {
        var state: UInt64 = 0x00F0_0D17
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let seeds = SyntaxTreeCorpus.files.map(\.bytes).filter { $0.count < 1_500 && !$0.isEmpty }
        var partials = 0
        for _ in 0..<300 {
            var bytes = seeds[next() % seeds.count]
            for _ in 0..<(1 + next() % 3) {
                let position = next() % bytes.count
                if next() % 2 == 0 { bytes.remove(at: position) } else { bytes.insert(UInt8(truncatingIfNeeded: next()), at: position) }
                if bytes.isEmpty { bytes = [0x20] }
            }
            guard case .partial(let partial) = Self.format(bytes) else { continue }
            partials += 1
            for region in partial.verbatimRegions {
                #expect(Self.contains(partial.bytes, Array(bytes[region.start..<region.end])))
            }
            let file = SourceFile(id: FileID(0), path: "m.cmt", bytes: bytes)
            let comments = Parser.parse(file).0.comments.filter { $0.kind == .block || $0.kind == .docBlock }
            for comment in comments {
                #expect(Self.contains(partial.bytes, Array(bytes[comment.span.start..<comment.span.end])), "a block comment is lost")
            }
        }
        #expect(partials > 100)
    }
}

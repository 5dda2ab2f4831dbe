import CMTBuild
import CMTSource
import Foundation
import Testing

/// No manifest, however damaged, crashes the loader: seeded mutations of real manifests either load
/// or give diagnostics, and every diagnostic points inside the file.
@Suite("cmt.toml robustness")
struct ManifestRobustnessTests {
    static let seeds: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TestProject.goldens.path)) ?? []
        return names.filter { $0.hasSuffix(".toml") }.sorted().compactMap { try? TestProject.golden($0) }
    }()

    @Test("seeded byte mutations of the golden manifests never crash the loader")
    func mutations() throws {
        #expect(Self.seeds.count >= 10)
        var state: UInt64 = 0x70_4D1
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let alphabet = Array("[]{}=\",.#\n '\\abc019-_+:".utf8)
        var diagnosed = 0
        for seed in Self.seeds {
            for _ in 0..<60 {
                var bytes = Array(seed.utf8)
                for _ in 0...next(4) {
                    let index = next(bytes.count + 1)
                    switch next(3) {
                    case 0: bytes.insert(alphabet[next(alphabet.count)], at: index)
                    case 1: if index < bytes.count { bytes.remove(at: index) }
                    default: if index < bytes.count { bytes[index] = UInt8(next(256)) }
                    }
                }
                let sources = SourceManager()
                let file = sources.add(path: "cmt.toml", bytes: bytes)
                let result = ManifestLoader.load(file)
                for diagnostic in result.diagnostics {
                    #expect(diagnostic.span.file == file.id)
                    #expect(diagnostic.span.start >= 0 && diagnostic.span.end <= bytes.count && diagnostic.span.start <= diagnostic.span.end)
                }
                if !result.diagnostics.isEmpty { diagnosed += 1 }
                _ = DiagnosticRenderer(sources: sources).render(result.diagnostics)
            }
        }
        #expect(diagnosed > 0)
    }

    @Test("generated TOML fragments, well-formed or not, never crash the loader")
    func generatedFragments() {
        let pieces = [
            "[package]\n", "[[webhooks]]\n", "[parameters]\n", "[a.b]\n", "[ \"q\" ]\n", "name = \"x\"\n", "version = \"0.1.0\"\n",
            "uses = [\"a\", \"b\",]\n", "x = [\n 1,\n # c\n 2 ]\n", "t = { a = 1, b = { c = [] } }\n", "d = 1979-05-27T07:32:00Z\n",
            "f = 0.5e-3\n", "h = 0xDEAD_BEEF\n", "s = '''\nraw\n'''\n", "m = \"\"\"\nline \\\n  next\"\"\"\n", "b = true\n",
            "k.l.m = -inf\n", "\"quoted key\" = 1\n", "a = [[1, 2], [\"x\"]]\n", "# comment\n", "\n", "e = \"\\u00E9\"\n",
            "bad = \n", "[", "]", "{", "}", "=", ",", "\"", "'", "#", ".", " ", "1", "a", "[[", "]]", "\\", "-",
        ]
        var state: UInt64 = 0xF4A6
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var loaded = 0
        for _ in 0..<1500 {
            var text = ""
            for _ in 0..<(1 + next(8)) { text += pieces[next(next(2) == 0 ? 22 : pieces.count)] }
            let sources = SourceManager()
            let result = ManifestLoader.load(sources.add(path: "cmt.toml", text: text))
            if !result.diagnostics.contains(where: { $0.code == "E0800" }) { loaded += 1 }
        }
        #expect(loaded > 100)  // many reach TOMLKit, which builds their values
    }

    @Test("the syntax check accepts TOML 1.0's forms (TOMLKit then reads them)")
    func validTOMLAccepted() {
        let text = #"""
            # A comment
            [package] # trailing comment
            name = "valid"
            version = '1.0.0'
            "quoted.key" = 1
            dotted . key = "x"
            site."google.com" = true
            ints = [ +99, 42, 0, -17, 1_000, 0xDEADBEEF, 0o755, 0b1101 ]
            floats = [ +1.0, 3.1415, -0.01, 5e+22, 1e06, -2E-2, 6.626e-34, 224_617.445_991, inf, -inf, nan ]
            dates = [ 1979-05-27T07:32:00Z, 1979-05-27T00:32:00.999999-07:00, 1979-05-27 07:32:00, 1979-05-27, 07:32:00.5 ]
            strings = [ "tab\tquote\" \u00E9 \U0001F600", 'C:\Users', """
            Roses are red
            Violets are blue""", '''
            raw \n ''', """a \
                  b""" ]
            nested = [ [ 1, 2 ], [ "a", 'b' ], [], { x = 1 } ]
            multiline = [
              1, # one
              2,
            ]
            inline = { first = "Tom", last = { x = [1] } }
            empty = {}

            [[webhooks]]
            name = "a"

            [ parameters . "x y" ]
            type = "number"
            """#
        let sources = SourceManager()
        let result = ManifestLoader.load(sources.add(path: "cmt.toml", text: text))
        #expect(!result.diagnostics.contains { $0.code == "E0800" }, "\(DiagnosticRenderer(sources: sources).render(result.diagnostics))")
    }
}

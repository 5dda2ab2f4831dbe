import Testing
@testable import CMTSource

@Suite("Source files")
struct SourceFileTests {
    @Test("lines and columns are 1-based and columns count characters, not bytes")
    func locationsCountCharacters() {
        let file = SourceFile(id: FileID(0), path: "a.cmt", text: "let é = 1;\nlet x = \"ü\" + y;\n")
        #expect(file.location(of: 0) == SourceLocation(line: 1, column: 1, offset: 0))
        // "let é" : 'é' is two bytes, so the space after it is byte 6 but column 6.
        #expect(file.location(of: 6).column == 6)
        let yOffset = Array(file.bytes).firstIndex(of: UInt8(ascii: "y")) ?? -1
        #expect(file.location(of: yOffset).line == 2)
        #expect(file.location(of: yOffset).column == 15)
    }

    @Test("line text drops the line terminator, including CRLF")
    func lineTextDropsTerminators() {
        let file = SourceFile(id: FileID(0), path: "a.cmt", text: "one\r\ntwo\nthree")
        #expect(file.lineText(1) == "one")
        #expect(file.lineText(2) == "two")
        #expect(file.lineText(3) == "three")
        #expect(file.lineText(4) == "")
        #expect(file.lineCount == 3)
    }

    @Test("offsets past the end clamp to the last position")
    func offsetsClamp() {
        let file = SourceFile(id: FileID(0), path: "a.cmt", text: "ab\ncd")
        #expect(file.location(of: 99) == SourceLocation(line: 2, column: 3, offset: 5))
        #expect(file.offset(line: 2, column: 2) == 4)
        #expect(file.offset(line: 9, column: 1) == 5)
    }

    @Test("the source manager hands out distinct ids and finds files by id")
    func managerFindsFiles() {
        let sources = SourceManager()
        let a = sources.add(path: "a.cmt", text: "a")
        let b = sources.add(path: "b.cmt", text: "b")
        #expect(a.id != b.id)
        #expect(sources.file(b.id)?.path == "b.cmt")
        #expect(sources.file(FileID(7)) == nil)
    }
}

@Suite("Test files")
struct TestFileMarkingTests {
    @Test("a file is a test file when marked by id or by path, and only then")
    func marking() {
        let sources = SourceManager()
        let contract = sources.add(path: "escrow.cmt", text: "")
        let byID = sources.add(path: "tests/a.cmt", text: "")
        sources.markAsTestFile(byID.id)
        sources.markAsTestFile(path: "tests/b.cmt")
        let byPath = sources.add(path: "tests/b.cmt", text: "")
        #expect(sources.isTestFile(byID.id) && sources.isTestFile(byPath.id))
        #expect(!sources.isTestFile(contract.id))
        #expect(!sources.isTestFile(FileID(99)))
    }
}

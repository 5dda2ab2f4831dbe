import CMTBytecode
import CMTVM
import Foundation
import Testing

/// `Goldens/programs/order_book.cmt`, a program written as a TypeScript developer would write it (classes,
/// arrow functions, template literals, switch, destructuring, spread, labels, do-while), compiled
/// and run optimized and not, with its whole output and gas pinned.
@Suite struct TypeScriptStyleProgramTests {
    static let source: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Goldens/programs/order_book.cmt")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    @Test("the order book program compiles, runs and prints its trades", arguments: [true, false])
    func orderBook(optimize: Bool) throws {
        #expect(!Self.source.isEmpty, "Goldens/programs/order_book.cmt is missing")
        let run = try runScript(Self.source, optimize: optimize)
        #expect(run.revertReason == nil && run.trapReason == nil)
        #expect(run.output == [
            "b1 buys 3 at 10.5 (total 31.5)",
            "s1 sells 2 at 10.25 (total 20.5)",
            "b2 buys 1 at 10.1 (total 10.1)",
            "s2 sells 4 at 10.05 (total 40.2)",
            "x1 does something with 1 at 0 (total 0)",
            "trade b1 <- s2: 3 @ 10.05",
            "trade b2 <- s2: 1 @ 10.05",
            "volume 40.2 CMT on night",
            "rounds 3",
        ])
    }
}

import CMTBytecode
import Foundation
import Testing

/// docs/bytecode.md restates Opcode.swift and IntrinsicOperation.swift (ORDER OP); these tests
/// keep its tables in step with the code.
@Suite struct DocumentationTests {
    func bytecodeDoc() throws -> [Substring] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/bytecode.md")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
    }

    /// The text between the first pair of backquotes of a table row's given cell.
    func quoted(_ row: Substring, cell: Int) -> String? {
        let cells = row.split(separator: "|", omittingEmptySubsequences: false)
        guard cells.count > cell else { return nil }
        let parts = cells[cell].split(separator: "`")
        return parts.count >= 2 ? String(parts[1]) : nil
    }

    @Test("docs/bytecode.md lists every opcode in Opcode order")
    func instructionTable() throws {
        let rows = try bytecodeDoc().filter { $0.hasPrefix("| `") }
        #expect(rows.compactMap { quoted($0, cell: 1) } == Opcode.allCases.map(\.name))
    }

    @Test("docs/bytecode.md lists every intrinsic with its raw value and argument count")
    func intrinsicTable() throws {
        let rows = try bytecodeDoc().filter { $0.first == "|" && $0.dropFirst(2).first?.isNumber == true }
        let documented = rows.compactMap { quoted($0, cell: 2) }
        let expected = IntrinsicOperation.allCases.map { "\($0)" }
        #expect(documented.map { String($0.prefix { $0 != "(" }) } == expected)
        for (row, operation) in zip(rows, IntrinsicOperation.allCases) {
            #expect(row.hasPrefix("| \(operation.rawValue) |"), "\(row)")
        }
        for (signature, operation) in zip(documented, IntrinsicOperation.allCases) {
            let arguments = signature.drop { $0 != "(" }.split(separator: ",").count
            #expect(arguments == operation.argumentCount, "\(signature)")
        }
    }
}

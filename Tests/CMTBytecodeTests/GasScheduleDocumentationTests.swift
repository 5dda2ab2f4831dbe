import CMTBytecode
import Foundation
import Testing

/// docs/gas.md's schedule table is the consensus price list; `GasSchedule.current` is what the code
/// charges. These tests parse the table and require the two to be the same, so neither can drift.
@Suite struct GasScheduleDocumentationTests {
    func gasDoc() throws -> [Substring] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/gas.md")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The rows of the table under `## The schedule`: (name, gas).
    func documentedEntries() throws -> [(String, Int64?)] {
        let lines = try gasDoc()
        let start = try #require(lines.firstIndex { $0.hasPrefix("## The schedule") }, "docs/gas.md has no '## The schedule' section")
        var entries: [(String, Int64?)] = []
        for line in lines[(start + 1)...] {
            if line.hasPrefix("## ") { break }
            guard line.hasPrefix("| `") else { continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3 else { continue }
            let name = cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            entries.append((name, Int64(cells[2].replacingOccurrences(of: ",", with: ""))))
        }
        return entries
    }

    @Test("docs/gas.md's title names the version of GasSchedule.current")
    func versionMatches() throws {
        let title = try #require(try gasDoc().first)
        #expect(title == "# Gas schedule, version \(GasSchedule.current.version)")
    }

    @Test("docs/gas.md's schedule table lists every price of GasSchedule.current, in order, with its value")
    func tableMatchesCode() throws {
        let documented = try documentedEntries()
        let code = GasSchedule.current.entries
        #expect(documented.map(\.0) == code.map(\.name))
        for ((name, documentedGas), entry) in zip(documented, code) where name == entry.name {
            #expect(documentedGas == entry.gas, "docs/gas.md gives \(name) as \(documentedGas.map(String.init) ?? "no number"), the code \(entry.gas)")
        }
    }

    @Test("every schedule entry has a distinct name, and every price is non-negative")
    func entriesAreWellFormed() {
        let names = GasSchedule.current.entries.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(GasSchedule.current.entries.allSatisfy { $0.gas >= 0 })
        #expect(GasSchedule.current.bytesPerGas > 0 && GasSchedule.current.ruleMemoryBytesPerGas > 0)
    }

    @Test("Opcode.baseGas reads the instruction groups of the schedule")
    func baseGasFollowsSchedule() {
        let schedule = GasSchedule.current
        #expect(Opcode.add.baseGas == UInt32(schedule.instructionBase))
        #expect(Opcode.getIndex.baseGas == UInt32(schedule.instructionIndexed))
        #expect(Opcode.div.baseGas == UInt32(schedule.instructionHeavy))
        #expect(Opcode.call.baseGas == UInt32(schedule.instructionAllocating))
        #expect(Opcode.host.baseGas == UInt32(schedule.instructionStateOrHost))
        #expect(Opcode.gas.baseGas == 0)
    }
}

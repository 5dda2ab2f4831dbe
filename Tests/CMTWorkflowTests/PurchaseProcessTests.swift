import CMTProcessEngine
import CMTVM
import CMTWorkflow
import Testing

/// The white paper's purchase process (§3.2), as printed, driven by its `while (process.next())` loop.
@Suite struct PurchaseProcessTests {
    func purchase() throws -> CompiledProcess {
        try #require(Support.compile(try Support.purchaseXML()))
    }

    @Test func nextVisitsEveryStateOnceAndEndsWhenTheLastBranchEnds() throws {
        let process = try purchase()
        let runtime = ProcessRuntime(process: process)
        var (instance, _) = try runtime.start(id: 1)
        #expect(runtime.state(instance) == "request a purchase")
        var seen: [String] = []
        var statesSeen: [[String]] = []
        while try runtime.next(&instance).0 {
            seen.append(runtime.state(instance))
            statesSeen.append(runtime.states(instance))
        }
        #expect(seen == ["evaluate", "decrement inventory", "credit seller", "deduct from buyer"])
        #expect(statesSeen[1] == ["decrement inventory", "credit seller", "deduct from buyer"])
        #expect(instance.ended)
        #expect(runtime.state(instance) == "")
        #expect(try runtime.next(&instance).0 == false)
        // The unnamed fork transitions make children /1, /2, /3; all ended in 'done'.
        #expect(instance.tokens.map(\.path) == ["/", "/1", "/2", "/3"])
        #expect(instance.tokens.allSatisfy { $0.ended })
        #expect(runtime.node(of: instance, token: "/2") == "done")
    }

    @Test func disapproveGoesStraightToDone() throws {
        let process = try purchase()
        let runtime = ProcessRuntime(process: process)
        var (instance, _) = try runtime.start(id: 2)
        _ = try runtime.next(&instance)
        #expect(runtime.state(instance) == "evaluate")
        try runtime.signal(&instance, transition: "disapprove")
        #expect(instance.ended)
        #expect(runtime.node(of: instance, token: "/") == "done")
        #expect(try runtime.next(&instance).0 == false)
    }

    @Test func instancesSurviveSerializationBetweenEverySteps() throws {
        let process = try purchase()
        let runtime = ProcessRuntime(process: process)
        var (instance, _) = try runtime.start(id: 3)
        var bytes = instance.serialized(process: process)
        var states: [String] = []
        while true {
            var restored = try ProcessInstance(serialized: bytes, process: process)
            #expect(restored == instance)
            let running = try runtime.next(&restored).0
            instance = restored
            bytes = instance.serialized(process: process)
            if !running { break }
            states.append(runtime.state(instance))
        }
        #expect(states == ["evaluate", "decrement inventory", "credit seller", "deduct from buyer"])
        #expect(try ProcessInstance(serialized: bytes, process: process).ended)
    }

    @Test func sameStepsGiveTheSameBytes() throws {
        let process = try purchase()
        let runtime = ProcessRuntime(process: process)
        func run() throws -> [[UInt8]] {
            var (instance, _) = try runtime.start(id: 9, variables: [("price", .int(12))])
            var all = [instance.serialized(process: process)]
            while try runtime.next(&instance).0 { all.append(instance.serialized(process: process)) }
            all.append(instance.serialized(process: process))
            return all
        }
        #expect(try run() == run())
    }

    @Test func malformedBytesAreRejectedNotTrusted() throws {
        let process = try purchase()
        let runtime = ProcessRuntime(process: process)
        let (instance, _) = try runtime.start(id: 4)
        let bytes = instance.serialized(process: process)
        for length in 0..<bytes.count {
            #expect(throws: ProcessError.self) { try ProcessInstance(serialized: Array(bytes.prefix(length)), process: process) }
        }
        #expect(throws: ProcessError.self) { try ProcessInstance(serialized: bytes + [0], process: process) }
        var flipped = bytes
        for index in flipped.indices {
            flipped[index] ^= 0xFF
            _ = try? ProcessInstance(serialized: flipped, process: process)  // must not crash
            flipped[index] ^= 0xFF
        }
    }
}

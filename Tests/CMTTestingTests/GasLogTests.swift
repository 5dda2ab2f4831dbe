import CMTTesting
import Testing

/// The gas report of `cmtc test` (CMTTesting's `GasLog`), as a library.
@Suite struct GasLogTests {
    @Test("the table has one row per contract function, sorted, with calls, min, average (rounded down) and max")
    func table() {
        let log = GasLog()
        log.record(contract: "Shop", function: "buy", gas: 10)
        log.record(contract: "Shop", function: "buy", gas: 15)
        log.record(contract: "Bank", function: "pay", gas: 7)
        #expect(log.table() == [
            "contract  function  calls  min  avg  max",
            "Bank      pay           1    7    7    7",
            "Shop      buy           2   10   12   15",
        ])
    }
}

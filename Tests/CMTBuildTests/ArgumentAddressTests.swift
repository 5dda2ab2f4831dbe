import CMTBuild
import CMTBundle
import CMTBytecode
import CMTVM
import Foundation
import Testing

/// `--arg`, `--param` and JSON values of type `address` go through `Address.parse`: bech32 with
/// the prefix `cmt` and 20 bytes, anything else refused with the reason.
@Suite struct ArgumentAddressTests {
    @Test("an address argument is read as its 20 bytes, in either case, alone, in arrays and from JSON")
    func validAddresses() throws {
        let bank = Address.named("bank")
        #expect(try ArgumentValues.parse(bank.text, as: .address) == .address(bank))
        #expect(try ArgumentValues.parse(bank.text.uppercased(), as: .address) == .address(bank))
        #expect(try ArgumentValues.parse("[\"\(bank.text)\"]", as: .array(.address)) == .array([.address(bank)]))
        #expect(try ArgumentValues.fromJSON(bank.text, as: .optional(.address)) == .address(bank))
    }

    @Test("a mistyped, foreign or short address argument is refused with the reason")
    func invalidAddresses() {
        let text = Address.named("bank").text
        let typo = String(text.dropLast()) + (text.last == "x" ? "q" : "x")
        for (text, reason) in [(typo, "checksum"), ("cmt1bank", "shorter than"), ("cosmos1qqqsyqcyq5rqwzqfpg9scrgwpugpzysnrk363e", "prefix"),
                               ("bank", "no '1'")] {
            do {
                _ = try ArgumentValues.parse(text, as: .address)
                Issue.record("\(text) was accepted")
            } catch {
                #expect("\(error)".contains("is not an address") && "\(error)".contains(reason), "\(error)")
            }
        }
    }
}

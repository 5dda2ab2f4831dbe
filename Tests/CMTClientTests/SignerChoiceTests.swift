import CMTChain
import CMTClient
import CMTNode
import Testing

/// Which key signs: a named key, a dev account on a dev chain, dev account 0 by default on a dev
/// chain, and nothing without --key elsewhere.
@Suite("Choosing the signing key")
struct SignerChoiceTests {
    static func noKeys(_ name: String) throws(KeyFileError) -> SigningKey { throw KeyFileError(.notFound, "no key '\(name)'") }

    @Test("a dev chain signs with dev account 0 by default, or the dev account asked for")
    func devChainDefaults() throws {
        #expect(try SignerChoice.key(named: nil, devAccount: nil, chainID: "cmt-dev-1", open: Self.noKeys).address == DevAccounts.key(0).address)
        #expect(try SignerChoice.key(named: nil, devAccount: 3, chainID: "cmt-dev-1", open: Self.noKeys).address == DevAccounts.key(3).address)
    }

    @Test("another chain needs --key, and refuses dev accounts")
    func otherChainsNeedAKey() {
        for devAccount in [nil, UInt32(1)] {
            let error = #expect(throws: ClientError.self) { try SignerChoice.key(named: nil, devAccount: devAccount, chainID: "cmt-main-1", open: Self.noKeys) }
            #expect(error?.code == .noKey)
        }
    }

    @Test("a named key is opened, and a key that cannot be opened is C012 with the key error")
    func namedKeys() throws {
        let key = DevAccounts.key(5)
        #expect(try SignerChoice.key(named: "alice", devAccount: nil, chainID: "cmt-main-1", open: { _ throws(KeyFileError) in key }).address == key.address)
        let error = #expect(throws: ClientError.self) { try SignerChoice.key(named: "bob", devAccount: nil, chainID: "cmt-dev-1", open: Self.noKeys) }
        #expect(error?.code == .noKey)
        #expect(error?.message.contains("K005") == true)
    }
}

import Crypto

/// The development accounts: keys derived from one fixed, published seed, so a dev chain, its
/// tests and its documentation share the same funded accounts (docs/chain.md, "Dev accounts").
///
/// Account i's private seed is SHA-256(``masterSeed`` ‖ 0x00 ‖ i as 4 big-endian bytes). Everyone
/// can compute these keys: they must never hold anything of value.
public enum DevAccounts {
    /// The fixed seed text every dev account derives from.
    public static let masterSeed = "CMT dev accounts v1: public test keys, never hold value with them"

    /// The signing key of dev account `index`.
    public static func key(_ index: UInt32) -> SigningKey {
        var input = Array(masterSeed.utf8)
        input.append(0)
        input += [UInt8(index >> 24), UInt8(index >> 16 & 0xFF), UInt8(index >> 8 & 0xFF), UInt8(index & 0xFF)]
        let seed = Array(SHA256.hash(data: input))
        // A SHA-256 digest is always a valid 32-byte Ed25519 seed.
        guard let key = try? SigningKey(seed: seed) else { preconditionFailure("a 32-byte seed is always a key") }
        return key
    }

    /// The first `count` dev accounts' keys.
    public static func keys(_ count: Int) -> [SigningKey] { (0..<UInt32(max(0, count))).map(key) }
}

import CMTChain
import CMTNode

/// Which key signs (docs/client.md, "Keys"): `--key NAME` opens a stored key (`cmtc keys`);
/// `--dev-account N` takes dev account N; with neither, a dev chain (a chain id that starts with
/// `cmt-dev`, as `cmt-node dev`'s `cmt-dev-1`) signs with dev account 0, and any other chain
/// needs `--key`. Dev accounts are refused on a chain that is not a dev chain: their keys are public.
public enum SignerChoice {
    /// The chain id prefix of dev chains.
    public static let devChainPrefix = "cmt-dev"

    public static func isDevChain(_ chainID: String) -> Bool { chainID.hasPrefix(devChainPrefix) }

    /// The signing key; `open` opens a stored key by name (asking for its passphrase).
    public static func key(
        named name: String?, devAccount: UInt32?, chainID: String, open: (String) throws(KeyFileError) -> SigningKey
    ) throws(ClientError) -> SigningKey {
        if let name {
            guard devAccount == nil else { throw ClientError(.badInput, "give --key or --dev-account, not both") }
            do { return try open(name) } catch { throw ClientError(.noKey, "key '\(name)': \(error.description)") }
        }
        guard isDevChain(chainID) else {
            let what = devAccount == nil ? "no key given" : "dev accounts sign only on a dev chain"
            throw ClientError(.noKey, "\(what): chain '\(chainID)' is not a dev chain (its id does not start with '\(devChainPrefix)'); give --key NAME (see `cmtc keys`)")
        }
        return DevAccounts.key(devAccount ?? 0)
    }
}

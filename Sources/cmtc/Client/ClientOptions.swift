import ArgumentParser
import CMTChain
import CMTClient
import CMTNode
import Foundation

/// The options every command that talks to a node takes (docs/client.md): where the node is,
/// `--json` output, and how errors end the command (`error[C001]: …`, exit 1).
struct NodeOptions: ParsableArguments {
    @Option(help: "The node's JSON-RPC URL.")
    var rpc: String = RPCConnection.defaultURL

    @Flag(help: "Print JSON instead of text.")
    var json = false

    /// Connects and runs `body`; a ``ClientError`` is printed (as JSON with `--json`) and exits 1.
    func run(_ body: (ClientSession) async throws(ClientError) -> Void) async throws {
        do {
            try await body(try await ClientSession.connect(url: rpc))
        } catch {
            report(error)
            throw ExitCode(1)
        }
    }

    /// Runs `body` without connecting first (for checks of the command line itself).
    func check(_ body: () throws(ClientError) -> Void) throws {
        do { try body() } catch {
            report(error)
            throw ExitCode(1)
        }
    }

    func report(_ error: ClientError) {
        if json { print(error.json.prettyText) } else { printError(error.description) }
    }

    /// Prints `value` as pretty JSON (with `--json`) or `text` otherwise.
    func output(_ value: JSONValue, text: @autoclosure () -> String) {
        print(json ? value.prettyText : text())
    }
}

/// The options of commands that sign a transaction: which key, the gas limit and how long to wait.
struct SigningOptions: ParsableArguments {
    @Option(help: "Sign with this stored key (see `cmtc keys`). Default on a dev chain: dev account 0.")
    var key: String?

    @Option(name: .customLong("dev-account"), help: "Sign with dev account N (dev chains only: chain ids starting with 'cmt-dev').")
    var devAccount: UInt32?

    @Option(name: .customLong("keys-dir"), help: "The key folder (default: ~/.cmt/keys).")
    var keysDir: String?

    @Option(name: .customLong("passphrase-file"), help: "Read the key's passphrase from the first line of this file.")
    var passphraseFile: String?

    @Option(help: "The gas limit (default: the node's estimate plus a quarter).")
    var gas: UInt64?

    @Option(help: "Seconds to wait for the transaction to be included.")
    var wait: Int = 60

    /// The key that signs on the session's chain.
    func signingKey(for session: ClientSession) throws(ClientError) -> SigningKey {
        try SignerChoice.key(named: key, devAccount: devAccount, chainID: session.chainID) { name throws(KeyFileError) in
            let passphrase = try PassphraseSource(file: passphraseFile).read(prompt: "Passphrase of '\(name)': ", confirm: false)
            return try KeyStore(folder: keysDir ?? KeyStore.defaultFolder).open(name, passphrase: passphrase)
        }
    }

    /// Signs, submits and waits for `action`, with a progress line on standard error; prints the
    /// receipt and fails with C011 when it did not succeed.
    func execute(_ action: TxAction, in session: ClientSession, options: NodeOptions) async throws(ClientError) -> NodeReceipt {
        let key = try signingKey(for: session)
        let progress = ProgressLine()
        let receipt: NodeReceipt
        do {
            receipt = try await session.execute(
                action, key: key, gasLimit: gas, wait: .seconds(max(1, wait)), submitted: { progress.submitted($0.hash) }, progress: { progress.waited($0) })
        } catch {
            progress.finish()
            throw error
        }
        progress.finish()
        options.output(receipt.json, text: ReceiptText.lines(receipt))
        guard receipt.succeeded else { throw ReceiptText.failure(receipt) }
        return receipt
    }
}

/// The line on standard error while a transaction waits for inclusion: rewritten in place on a
/// terminal, one line otherwise.
final class ProgressLine: Sendable {
    let terminal = isatty(2) != 0

    func submitted(_ hash: String) {
        if terminal {
            FileHandle.standardError.write(Data("\rsubmitted \(hash), waiting for a block…".utf8))
        } else {
            printError("submitted \(hash), waiting for a block")
        }
    }

    func waited(_ duration: Duration) {
        guard terminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[Kwaiting for a block… \(InclusionWaiter.seconds(duration))".utf8))
    }

    func finish() {
        if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

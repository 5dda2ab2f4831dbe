import CMTBytecode
import CMTChain
import Foundation

/// The seeds of the `fuzz-tx` harness: valid signed transactions of every body kind, with and
/// without a fee payer, signed by dev accounts 0 (signer) and 2 (fee payer) for ``TxTarget/chainID``,
/// plus a few at the edges (the largest amounts and numbers, a body with every optional field).
public enum TxSeeds {
    /// The keys the seeds and the mutator sign with (dev accounts 0, 1 and 2).
    public static let signer = DevAccounts.key(0)
    public static let recipient = DevAccounts.key(1)
    public static let feePayer = DevAccounts.key(2)

    static let contract = Address(bytes: (0..<20).map { UInt8($0 * 13 & 0xFF) }) ?? Address.named("fuzz")

    /// Every action kind once.
    static let actions: [TxAction] = [
        .transfer(to: recipient.address, amount: Amount(atto: 1_500_000_000_000_000_000)),
        .deploy(
            bundle: Array("PK\u{3}\u{4} bundle".utf8), constructorArguments: [1, 7, 1, 3] + [UInt8](repeating: 0, count: 16),
            parameters: [TemplateParameter(name: "rate", value: [1, 4, 2, 0x25]), TemplateParameter(name: "owner", value: [1, 0])],
            value: Amount(atto: 42)),
        .call(contract: contract, function: "transfer", arguments: [1, 7, 1, 4, 3, 0x61, 0x62, 0x63], value: .zero),
        .webhookEvent(contract: contract, hook: "shipment", payload: Array("{\"orderId\":\"o1\"}".utf8)),
    ]

    /// The seed transactions' bytes.
    public static func transactions() -> [[UInt8]] {
        var seeds: [[UInt8]] = []
        for action in actions {
            for sponsored in [false, true] {
                let transaction = Transaction(
                    chainID: TxTarget.chainID, nonce: sponsored ? 1 : 0, gasLimit: 21_000,
                    maxFeePerGas: Amount(atto: 2_000_000_000), priorityFeePerGas: Amount(atto: 1_000_000_000),
                    expiryHeight: sponsored ? 100 : nil, signer: signer.publicKey, feePayer: sponsored ? feePayer.publicKey : nil,
                    action: action)
                if let bytes = try? transaction.signed(by: signer, feePayer: sponsored ? feePayer : nil) { seeds.append(bytes) }
            }
        }
        let edge = Transaction(
            chainID: TxTarget.chainID, nonce: .max, gasLimit: .max, maxFeePerGas: Amount(atto: .max),
            priorityFeePerGas: Amount(atto: .max), expiryHeight: .max, signer: signer.publicKey,
            action: .transfer(to: recipient.address, amount: Amount(atto: .max)))
        if let bytes = try? edge.signed(by: signer) { seeds.append(bytes) }
        return seeds
    }

    /// Writes the seeds as files `seed-N` into `directory` (made when missing); gives how many,
    /// or nil when it cannot write.
    public static func write(to directory: String) -> Int? {
        let url = URL(fileURLWithPath: directory)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            let seeds = transactions()
            for (index, seed) in seeds.enumerated() {
                try Data(seed).write(to: url.appendingPathComponent("seed-\(index)"))
            }
            return seeds.count
        } catch {
            return nil
        }
    }
}

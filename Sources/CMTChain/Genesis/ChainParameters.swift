/// The chain's economic and size parameters, set in genesis and kept in state under
/// `chain("parameters")` (docs/chain.md, "Genesis").
public struct ChainParameters: Hashable, Sendable {
    /// The base fee per gas: the least a transaction may offer per gas (the minimum gas price,
    /// until the economics issue makes it follow block use).
    public var minimumGasPrice: Amount
    /// The most gas the transactions of one block may reserve (the sum of their gas limits, as
    /// CometBFT's `max_gas`); also the most one transaction may ask for.
    public var blockGasLimit: UInt64
    /// The most bytes one transaction may have.
    public var maxTransactionBytes: Int
    /// The most transaction bytes one block may hold.
    public var maxBlockBytes: Int
    /// The gas a CMT transfer uses (all of it; a transfer runs no code).
    public var transferGas: UInt64
    /// The gas every deploy, call or webhook event uses before its body runs.
    public var contractBaseGas: UInt64
    /// The gas per byte of a deploy, call or webhook event transaction, on top of ``contractBaseGas``.
    public var contractByteGas: UInt64

    public init(
        minimumGasPrice: Amount, blockGasLimit: UInt64, maxTransactionBytes: Int, maxBlockBytes: Int, transferGas: UInt64,
        contractBaseGas: UInt64, contractByteGas: UInt64
    ) {
        self.minimumGasPrice = minimumGasPrice
        self.blockGasLimit = blockGasLimit
        self.maxTransactionBytes = maxTransactionBytes
        self.maxBlockBytes = maxBlockBytes
        self.transferGas = transferGas
        self.contractBaseGas = contractBaseGas
        self.contractByteGas = contractByteGas
    }

    /// The defaults `cmt-node init` writes: 1 gwei-like base fee (10^-9 CMT per gas), 100 million
    /// gas per block, 1 MiB per transaction, 4 MiB of transactions per block, 21,000 gas per
    /// transfer and per contract transaction plus 1 gas per byte.
    public static let standard = ChainParameters(
        minimumGasPrice: Amount(atto: 1_000_000_000), blockGasLimit: 100_000_000,
        maxTransactionBytes: StatelessCheck.defaultMaxTransactionBytes, maxBlockBytes: 4 << 20, transferGas: 21_000,
        contractBaseGas: 21_000, contractByteGas: 1)

    /// Checks every parameter's range.
    /// - Throws: ``GenesisError/Code/badParameter`` naming the first parameter out of range.
    public func validate() throws(GenesisError) {
        func bad(_ message: String) -> GenesisError { GenesisError(.badParameter, message) }
        guard blockGasLimit > 0, blockGasLimit <= 1 << 62 else { throw bad("parameters.block_gas_limit must be 1 ... 2^62, got \(blockGasLimit)") }
        guard maxTransactionBytes >= 256, maxTransactionBytes <= 64 << 20 else {
            throw bad("parameters.max_transaction_bytes must be 256 ... 67108864, got \(maxTransactionBytes)")
        }
        guard maxBlockBytes >= maxTransactionBytes, maxBlockBytes <= 100 << 20 else {
            throw bad("parameters.max_block_bytes must be max_transaction_bytes ... 104857600 (CometBFT's limit), got \(maxBlockBytes)")
        }
        guard transferGas > 0, transferGas <= blockGasLimit else {
            throw bad("parameters.transfer_gas must be 1 ... block_gas_limit, got \(transferGas)")
        }
        guard contractBaseGas > 0, contractBaseGas <= blockGasLimit else {
            throw bad("parameters.contract_base_gas must be 1 ... block_gas_limit, got \(contractBaseGas)")
        }
        guard contractByteGas <= 1 << 20 else { throw bad("parameters.contract_byte_gas must be at most 1048576, got \(contractByteGas)") }
        guard minimumGasPrice.times(blockGasLimit) != nil else {
            throw bad("parameters.minimum_gas_price × block_gas_limit exceeds what an amount holds")
        }
    }

    /// The gas a transaction of `byteCount` bytes with `action` uses before any code runs (all of
    /// a transfer's gas). Saturates instead of overflowing.
    public func intrinsicGas(of action: TxAction, byteCount: Int) -> UInt64 {
        if case .transfer = action { return transferGas }
        let (perByte, overflow) = contractByteGas.multipliedReportingOverflow(by: UInt64(max(0, byteCount)))
        guard !overflow else { return .max }
        let (total, overflowSum) = contractBaseGas.addingReportingOverflow(perByte)
        return overflowSum ? .max : total
    }

    /// The canonical bytes stored in state under `chain("parameters")`: version byte 1, the base
    /// fee (16 bytes), block gas limit (8), maximum transaction and block bytes (8 each), transfer
    /// gas, contract base gas and contract byte gas (8 each), all big-endian.
    public var encoded: [UInt8] {
        var writer = ChainBytesWriter()
        writer.u8(1)
        writer.amount(minimumGasPrice)
        writer.u64(blockGasLimit)
        writer.u64(UInt64(maxTransactionBytes))
        writer.u64(UInt64(maxBlockBytes))
        writer.u64(transferGas)
        writer.u64(contractBaseGas)
        writer.u64(contractByteGas)
        return writer.bytes
    }
}

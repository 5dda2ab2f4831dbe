import CMTChain
import CMTNode

/// Receipts, call results and events as `cmtc` prints them for people (docs/client.md, "Output").
public enum ReceiptText {
    /// ```
    /// transaction 0x5c6f… in block 2: success (gas 21000, fee 0.000021 CMT)
    /// contract cmt1…
    /// returned "O000001"
    /// event Offered(id: O000001, owner: cmt1…, kind: borrow, amount: 1200)
    /// ```
    public static func lines(_ receipt: NodeReceipt) -> String {
        var lines = ["transaction \(receipt.transactionHash) in block \(receipt.blockHeight): \(outcome(receipt)) (gas \(receipt.gasUsed), fee \(receipt.fee) CMT)"]
        if let contract = receipt.contractAddress { lines.append("contract \(contract.text)") }
        if receipt.returnJSON != .null { lines.append("returned \(receipt.returnJSON.text)") }
        lines += receipt.events.map { "event \($0.text)" }
        return lines.joined(separator: "\n")
    }

    /// The status, with the reason, the place and the rejection code when there are any.
    public static func outcome(_ receipt: NodeReceipt) -> String {
        outcome(status: receipt.status, reason: receipt.reason, location: receipt.location, rejectionCode: receipt.rejectionCode)
    }

    static func outcome(status: String, reason: String, location: String?, rejectionCode: Int?) -> String {
        var text = status
        if let rejectionCode { text += " (code \(rejectionCode))" }
        if !reason.isEmpty { text += ": \(reason)" }
        if let location { text += " at \(location)" }
        return text
    }

    /// The error for a receipt that did not succeed (``ClientError/Code/failedReceipt``).
    public static func failure(_ receipt: NodeReceipt) -> ClientError {
        ClientError(.failedReceipt, "\(receipt.transactionHash) \(outcome(receipt))", rpcCode: receipt.rejectionCode ?? receipt.statusCode)
    }

    /// The error for a read-only call that did not succeed (``ClientError/Code/failedReceipt``).
    public static func failure(status result: CallResult) -> ClientError {
        ClientError(.failedReceipt, "the call \(outcome(status: result.status, reason: result.reason, location: result.location, rejectionCode: nil))",
                    rpcCode: result.statusCode)
    }

    /// A JSON object's members one per line, `name: value` (values as ``ValueText/plain(_:)``).
    public static func members(_ value: JSONValue) -> String {
        guard case .object(let members) = value else { return value.prettyText }
        return members.map { "\($0.name): \(ValueText.plain($0.value))" }.joined(separator: "\n")
    }

    /// A read-only call's outcome: the return value as a person reads it, or the error.
    public static func value(_ result: CallResult) throws(ClientError) -> String {
        guard result.succeeded else { throw failure(status: result) }
        return ValueText.plain(result.returnJSON)
    }

    /// An event from `cmt_getLogs`: `block 3 0x5c6f…: Offered(…) from cmt1…`.
    public static func logLine(_ event: NodeEvent) -> String {
        var text = ""
        if let height = event.height { text += "block \(height) " }
        if let hash = event.transactionHash { text += "\(hash): " }
        return text + event.text + " from \(event.contract)"
    }
}

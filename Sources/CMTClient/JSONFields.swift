import CMTBytecode
import CMTChain
import CMTNode

/// Reading the members of the node's JSON answers (docs/rpc.md, "Encodings"): 64-bit numbers as
/// decimal strings, amounts as decimal strings of atto-CMT, byte strings as `0x`-hex, addresses
/// as bech32. A member that is missing or of another shape is a ``ClientError/Code/badResponse``.
enum JSONFields {
    static func string(_ value: JSONValue?, _ what: String) throws(ClientError) -> String {
        guard case .string(let text) = value else { throw ClientError(.badResponse, "\(what) is not a string: \(value?.text ?? "missing")") }
        return text
    }

    static func uint64(_ value: JSONValue?, _ what: String) throws(ClientError) -> UInt64 {
        switch value {
        case .string(let text), .number(let text):
            guard let number = UInt64(text) else { throw ClientError(.badResponse, "\(what) is not a whole number: \(text)") }
            return number
        default:
            throw ClientError(.badResponse, "\(what) is not a number: \(value?.text ?? "missing")")
        }
    }

    static func amount(_ value: JSONValue?, _ what: String) throws(ClientError) -> Amount {
        guard case .string(let text) = value, let atto = UInt128(text) else {
            throw ClientError(.badResponse, "\(what) is not an amount in atto-CMT: \(value?.text ?? "missing")")
        }
        return Amount(atto: atto)
    }

    static func hex(_ value: JSONValue?, _ what: String) throws(ClientError) -> [UInt8] {
        let text = try string(value, what)
        guard text.hasPrefix("0x"), let bytes = Hex.decode(String(text.dropFirst(2))) else { throw ClientError(.badResponse, "\(what) is not 0x-hex: \(text)") }
        return bytes
    }

    /// `0x` and lower-case hex.
    static func hexText(_ bytes: [UInt8]) -> JSONValue { .string("0x" + Hex.encode(bytes)) }

    /// An amount as the node takes it: decimal digits of atto-CMT.
    static func amountText(_ amount: Amount) -> JSONValue { .string(String(amount.atto)) }
}

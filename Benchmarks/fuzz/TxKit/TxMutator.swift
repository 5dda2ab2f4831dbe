import CMTChain
import CMTFuzzKit

/// The structure-aware mutations of `fuzz-tx`. A body edited blindly fails the signature check,
/// so most edits take the body out of the envelope, change it (a field dropped, repeated, moved,
/// added unknown, or given a boundary value, in the body or in a nested message; a varint made
/// longer than needed) and sign it again with the seeds' keys, so the check's later stages see it.
/// The rest edit the envelope itself (signatures, fields) or its bytes.
public enum TxMutator {
    /// Payloads at the edges of what the fields accept.
    static let payloads: [[UInt8]] = [
        [], [0], Array("0".utf8), Array("00".utf8), Array("01".utf8), Array("-1".utf8), Array("+1".utf8), Array("1e3".utf8),
        Array("340282366920938463463374607431768211455".utf8), Array("340282366920938463463374607431768211456".utf8),
        Array(String(repeating: "9", count: 80).utf8), Array(TxTarget.chainID.utf8), Array("cmt-fuzz-2".utf8),
        Array(String(repeating: "c", count: 51).utf8), [0xFF, 0xFE], [0xC0, 0x80], Array("é".utf8),
        [UInt8](repeating: 7, count: 19), [UInt8](repeating: 7, count: 20), [UInt8](repeating: 7, count: 21),
        [UInt8](repeating: 0, count: 32), [UInt8](repeating: 0xFF, count: 32), [UInt8](repeating: 1, count: 33),
        TxSeeds.recipient.publicKey.bytes, TxSeeds.feePayer.publicKey.bytes, [8, 1, 18, 32] + TxSeeds.feePayer.publicKey.bytes,
        [8, 2, 18, 32] + TxSeeds.signer.publicKey.bytes, [8, 0], [10, 0], Array("transfer".utf8),
    ]

    /// Varint values at the edges.
    static let numbers: [UInt64] = [0, 1, 2, 99, 127, 128, 0xFFFF_FFFF, 1 << 63, .max]

    public static func mutate(_ input: [UInt8], seeds: [[UInt8]], maxSize: Int, using random: inout FuzzRandom) -> [UInt8] {
        var current = input
        if WireReader.fields(current) == nil || current.isEmpty, let seed = random.pick(seeds), random.oneIn(2) { current = seed }
        var output: [UInt8]
        switch random.below(8) {
        case 0, 1, 2, 3: output = resignedBodyEdit(current, using: &random) ?? byteEdit(current, using: &random)
        case 4, 5: output = messageEdit(current, depth: 0, using: &random) ?? byteEdit(current, using: &random)
        case 6: output = byteEdit(current, using: &random)
        default:
            // Crossover: this envelope's body with another seed's signatures, or the reverse.
            guard let other = random.pick(seeds), let mine = WireReader.fields(current), let theirs = WireReader.fields(other),
                  let body = mine.first(where: { $0.number == 1 }), let signature = theirs.first(where: { $0.number == 2 }) else {
                output = byteEdit(current, using: &random)
                break
            }
            output = Array(current[body.range]) + Array(other[signature.range])
        }
        return output.count <= maxSize ? output : Array(output.prefix(maxSize))
    }

    /// The envelope's body edited and signed again (by the signer, and by the fee payer when the
    /// body names one); nil when the input is not an envelope with a body.
    static func resignedBodyEdit(_ envelope: [UInt8], using random: inout FuzzRandom) -> [UInt8]? {
        guard let fields = WireReader.fields(envelope), let bodyField = fields.first(where: { $0.number == 1 && $0.wireType == 2 }) else {
            return nil
        }
        var body = Array(envelope[bodyField.payload])
        for _ in 0...random.below(3) {
            if random.oneIn(2), let edited = nestedEdit(body, using: &random) {
                body = edited
            } else {
                body = messageEdit(body, depth: 0, using: &random) ?? byteEdit(body, using: &random)
            }
        }
        let message = SignBytes.of(body: body, chainID: TxTarget.chainID)
        var writer = WireWriter()
        writer.bytesField(1, body)
        guard let signature = try? TxSeeds.signer.sign(message) else { return nil }
        writer.bytesField(2, random.oneIn(16) ? Array(signature.dropLast()) : signature)
        let bodyFields: [WireReader.Field] = WireReader.fields(body) ?? []
        let namesFeePayer = bodyFields.contains { $0.number == 8 }
        if namesFeePayer || random.oneIn(16), let payer = try? TxSeeds.feePayer.sign(message) { writer.bytesField(3, payer) }
        return writer.bytes
    }

    /// One edit inside the body's action (transfer, deploy, call, webhook event), a template
    /// parameter, or a public key, or that field removed: where the field checks look; nil when
    /// the body has none.
    static func nestedEdit(_ body: [UInt8], using random: inout FuzzRandom) -> [UInt8]? {
        guard let fields = WireReader.fields(body) else { return nil }
        let nested = fields.indices.filter { [7, 8, 10, 11, 12, 13].contains(fields[$0].number) && fields[$0].wireType == 2 }
        guard let index = random.pick(nested) else { return nil }
        let field = fields[index]
        var out = body
        if random.oneIn(8) {
            // No action, no signer, no fee payer key (with its signature still there).
            out.removeSubrange(field.range)
            return out
        }
        var inner = Array(body[field.payload])
        let innerFields = WireReader.fields(inner) ?? []
        if [12, 13].contains(field.number), random.oneIn(4), let name = innerFields.first(where: { $0.number == 2 }) {
            // A call without its function, a webhook event without its hook.
            inner.removeSubrange(name.range)
        } else if field.number == 11, random.oneIn(4), let parameter = innerFields.first(where: { $0.number == 3 }) {
            // A template parameter named twice.
            inner.insert(contentsOf: inner[parameter.range], at: parameter.range.upperBound)
        } else if field.number == 11, random.oneIn(2), let parameters = WireReader.fields(inner)?.filter({ $0.number == 3 }),
           let parameter = random.pick(parameters) {
            // Inside a deploy's template parameter.
            let edited = messageEdit(Array(inner[parameter.payload]), depth: 2, using: &random) ?? []
            var writer = WireWriter()
            writer.bytesField(3, edited)
            inner.replaceSubrange(parameter.range, with: writer.bytes)
        } else {
            inner = messageEdit(inner, depth: 1, using: &random) ?? byteEdit(inner, using: &random)
        }
        var writer = WireWriter()
        writer.bytesField(Int(field.number), inner)
        out.replaceSubrange(field.range, with: writer.bytes)
        return out
    }

    /// One edit of the fields of protobuf bytes, maybe inside a nested message; nil when they do
    /// not parse as fields.
    static func messageEdit(_ bytes: [UInt8], depth: Int, using random: inout FuzzRandom) -> [UInt8]? {
        guard let fields = WireReader.fields(bytes) else { return nil }
        var pieces = fields.map { Array(bytes[$0.range]) }
        let index = random.below(max(pieces.count, 1))
        switch random.below(9) {
        case 0 where !pieces.isEmpty: pieces.remove(at: index)
        case 1 where !pieces.isEmpty: pieces.insert(pieces[index], at: random.below(pieces.count + 1))
        case 2 where pieces.count > 1: pieces.swapAt(index, random.below(pieces.count))
        case 3:
            // An unknown field, or a known number with another wire type.
            var writer = WireWriter()
            let number = random.pick([4, 9, 14, 15, 99, 536_870_911, 1, 2, 7, 10]) ?? 99
            if random.oneIn(2) { writer.varintField(number, random.pick(numbers) ?? 0) } else { writer.bytesField(number, random.pick(payloads) ?? []) }
            pieces.insert(writer.bytes, at: random.below(pieces.count + 1))
        case 4...5 where !pieces.isEmpty:
            let field = fields[index]
            var writer = WireWriter()
            if field.wireType == 0 {
                writer.varintField(Int(field.number), random.pick(numbers) ?? 0)
            } else if field.wireType == 2, depth < 3, random.oneIn(2),
                      let inner = messageEdit(Array(bytes[field.payload]), depth: depth + 1, using: &random) {
                writer.bytesField(Int(field.number), inner)
            } else {
                writer.bytesField(Int(field.number), random.pick(payloads) ?? [])
            }
            pieces[index] = writer.bytes
        case 6 where !pieces.isEmpty:
            // The same field with a longer varint in its key or length than needed.
            var piece = pieces[index]
            if let first = piece.first {
                piece = [first | 0x80, 0x00] + piece.dropFirst()
            }
            pieces[index] = piece
        case 7 where !pieces.isEmpty && fields[index].wireType == 2:
            let field = fields[index]
            var payload = Array(bytes[field.payload])
            payload = byteEdit(payload, using: &random)
            var writer = WireWriter()
            writer.bytesField(Int(field.number), payload)
            pieces[index] = writer.bytes
        default:
            return byteEdit(bytes, using: &random)
        }
        return pieces.flatMap { $0 }
    }

    /// A byte-level edit: a flipped bit, a byte set, bytes inserted, removed or cut off.
    static func byteEdit(_ bytes: [UInt8], using random: inout FuzzRandom) -> [UInt8] {
        var out = bytes
        let position = random.below(out.count + 1)
        switch random.below(5) {
        case 0 where !out.isEmpty: out[min(position, out.count - 1)] ^= UInt8(1) << UInt8(random.below(8))
        case 1 where !out.isEmpty: out[min(position, out.count - 1)] = random.pick([0, 0x7F, 0x80, 0xFF, 0x0A, 0x12]) ?? 0
        case 2: out.insert(contentsOf: (0...random.below(4)).map { _ in UInt8(random.below(256)) }, at: position)
        case 3 where !out.isEmpty: out.removeSubrange(min(position, out.count - 1)..<min(out.count, position + 1 + random.below(8)))
        default: out = Array(out.prefix(position))
        }
        return out
    }
}

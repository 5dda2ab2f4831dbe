import CMTBytecode

/// IPFS content ids (CIDv1) for the `files` API, computed exactly as
/// `ipfs add --cid-version=1 --raw-leaves` does: the data is cut into 256 KiB chunks stored as raw
/// blocks (codec 0x55, sha2-256); one chunk is the whole file, and more are linked by a balanced
/// tree of dag-pb nodes (codec 0x70) of at most 174 links each, whose UnixFS data records the file
/// size and each child's size. The text form is multibase base32 (`b…`).
public enum ContentID {
    public static let chunkSize = 262_144
    public static let maxLinks = 174

    /// One block of the DAG: its binary CID, the file bytes below it, and its cumulative size.
    struct Block {
        var cid: [UInt8]
        var fileSize: Int
        var treeSize: Int
    }

    /// The CID text of `data`.
    public static func cid(of data: [UInt8]) -> String {
        "b" + base32(root(of: data).cid)
    }

    static func root(of data: [UInt8]) -> Block {
        var leaves: [Block] = []
        var offset = 0
        repeat {
            let end = min(offset + chunkSize, data.count)
            let chunk = Array(data[offset..<end])
            leaves.append(Block(cid: binaryCID(codec: 0x55, ContentHash.sha256(chunk)), fileSize: chunk.count, treeSize: chunk.count))
            offset = end
        } while offset < data.count
        var level = leaves
        while level.count > 1 {
            var next: [Block] = []
            var start = 0
            while start < level.count {
                next.append(node(Array(level[start..<min(start + maxLinks, level.count)])))
                start += maxLinks
            }
            level = next
        }
        return level[0]
    }

    /// A dag-pb node linking `children` (links first, then the UnixFS data, as dag-pb encodes them).
    static func node(_ children: [Block]) -> Block {
        var unixfs: [UInt8] = [0x08, 0x02]  // Type = File
        let fileSize = children.reduce(0) { $0 + $1.fileSize }
        unixfs += [0x18] + varint(UInt64(fileSize))
        for child in children { unixfs += [0x20] + varint(UInt64(child.fileSize)) }
        var encoded: [UInt8] = []
        for child in children {
            var link: [UInt8] = [0x0A] + varint(UInt64(child.cid.count)) + child.cid
            link += [0x12, 0x00]  // Name = ""
            link += [0x18] + varint(UInt64(child.treeSize))
            encoded += [0x12] + varint(UInt64(link.count)) + link
        }
        encoded += [0x0A] + varint(UInt64(unixfs.count)) + unixfs
        let treeSize = encoded.count + children.reduce(0) { $0 + $1.treeSize }
        return Block(cid: binaryCID(codec: 0x70, ContentHash.sha256(encoded)), fileSize: fileSize, treeSize: treeSize)
    }

    static func binaryCID(codec: UInt8, _ digest: [UInt8]) -> [UInt8] {
        [0x01, codec, 0x12, UInt8(digest.count)] + digest
    }

    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            bytes.append(byte)
        } while value != 0
        return bytes
    }

    /// RFC 4648 base32, lower case, no padding.
    static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var out = ""
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
            buffer &= (1 << UInt32(bits)) - 1
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return out
    }
}

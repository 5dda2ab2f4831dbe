/// Checks the structure of a bundle's ZIP container before ZIPFoundation reads it: the end record,
/// the central directory and every local header must be in bounds, agree with each other, and
/// describe stored (uncompressed) entries laid end to end, as ``BundleArchive`` writes them. A
/// damaged or hostile file is rejected here with a clear error rather than reaching a reader that
/// trusts its offsets.
enum ZIPLayout {
    static func validate(_ bytes: [UInt8]) throws(BundleError) {
        func u16(_ offset: Int) throws(BundleError) -> Int {
            guard offset >= 0, offset + 2 <= bytes.count else { throw BundleError("not a bundle: the ZIP structure is truncated") }
            return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
        }
        func u32(_ offset: Int) throws(BundleError) -> Int {
            guard offset >= 0, offset + 4 <= bytes.count else { throw BundleError("not a bundle: the ZIP structure is truncated") }
            return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16 | Int(bytes[offset + 3]) << 24
        }
        func fail(_ detail: String) -> BundleError { BundleError("not a bundle: the ZIP structure is damaged (\(detail))") }

        let end = bytes.count - 22
        guard end >= 0, try u32(end) == 0x0605_4B50 else { throw fail("no end-of-archive record at the end of the file") }
        guard try u16(end + 4) == 0, try u16(end + 6) == 0 else { throw fail("multi-disk archives are not bundles") }
        let count = try u16(end + 8)
        guard try u16(end + 10) == count, count > 0 else { throw fail("entry counts disagree") }
        let directorySize = try u32(end + 12)
        let directoryOffset = try u32(end + 16)
        guard try u16(end + 20) == 0 else { throw fail("the archive has a comment") }
        guard directoryOffset + directorySize == end else { throw fail("the central directory does not end where the end record starts") }
        var cursor = directoryOffset
        var expectedLocal = 0
        for _ in 0..<count {
            guard try u32(cursor) == 0x0201_4B50 else { throw fail("bad central directory entry at byte \(cursor)") }
            let method = try u16(cursor + 10)
            let compressed = try u32(cursor + 20)
            let size = try u32(cursor + 24)
            let nameLength = try u16(cursor + 28)
            let extraLength = try u16(cursor + 30)
            let commentLength = try u16(cursor + 32)
            let local = try u32(cursor + 42)
            guard method == 0, compressed == size else { throw fail("entry at byte \(local) is compressed") }
            guard extraLength == 0, commentLength == 0, nameLength > 0 else { throw fail("entry at byte \(local) has extra fields or no name") }
            guard cursor + 46 + nameLength <= end else { throw fail("a central directory entry runs past the directory") }
            guard local == expectedLocal else { throw fail("entries are not laid end to end (byte \(local))") }
            guard try u32(local) == 0x0403_4B50 else { throw fail("no local header at byte \(local)") }
            guard try u16(local + 8) == method, try u32(local + 18) == compressed, try u32(local + 22) == size,
                try u32(local + 14) == (try u32(cursor + 16)), try u16(local + 26) == nameLength, try u16(local + 28) == 0
            else { throw fail("the local header at byte \(local) disagrees with the central directory") }
            guard Array(bytes[(local + 30)..<min(bytes.count, local + 30 + nameLength)]) == Array(bytes[(cursor + 46)..<(cursor + 46 + nameLength)])
            else { throw fail("the names at byte \(local) disagree") }
            expectedLocal = local + 30 + nameLength + size
            guard expectedLocal <= directoryOffset else { throw fail("entry data at byte \(local) runs into the central directory") }
            cursor += 46 + nameLength
        }
        guard expectedLocal == directoryOffset, cursor == end else { throw fail("there are bytes outside the entries") }
    }
}

/// Copies between libFuzzer's raw buffers and byte arrays for the `fuzz-*` entry points.
public enum FuzzBuffer {
    /// The `size` bytes at `data` (empty for a null pointer).
    public static func read(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// Writes at most `maxSize` bytes of `bytes` to `data`. - Returns: The count written.
    public static func write(_ bytes: [UInt8], to data: UnsafeMutablePointer<UInt8>?, maxSize: Int) -> Int {
        guard let data else { return 0 }
        let count = min(bytes.count, maxSize)
        for index in 0..<count { data[index] = bytes[index] }
        return count
    }
}

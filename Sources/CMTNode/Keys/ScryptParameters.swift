/// The scrypt cost of a key file: N = 2^log2N, r, p (RFC 7914).
public struct ScryptParameters: Sendable, Equatable {
    public var log2N: Int
    public var r: Int
    public var p: Int

    public init(log2N: Int, r: Int, p: Int) {
        self.log2N = log2N
        self.r = r
        self.p = p
    }

    /// What new key files use: N = 2^17, r = 8, p = 1 (128 MiB, a fraction of a second).
    public static let standard = ScryptParameters(log2N: 17, r: 8, p: 1)
    /// For tests and throwaway keys (`--light-kdf`): N = 2^12, r = 8, p = 1 (4 MiB, milliseconds).
    public static let light = ScryptParameters(log2N: 12, r: 8, p: 1)

    /// The memory scrypt needs: 128 · N · r bytes.
    public var memoryBytes: Int { 128 << log2N * r }

    /// Checks the bounds a file may ask for: log2N 10…20, r 1…16, p 1…16, memory at most 1 GiB.
    public func validate() throws(KeyFileError) {
        guard (10...20).contains(log2N), (1...16).contains(r), (1...16).contains(p), memoryBytes <= 1 << 30 else {
            throw KeyFileError(.badKDFParameters, "scrypt log2_n \(log2N), r \(r), p \(p) are outside the accepted bounds "
                               + "(log2_n 10...20, r 1...16, p 1...16, at most 1 GiB of memory)")
        }
    }
}

/// Knuth–Morris–Pratt search for a byte string: linear in the haystack plus the needle, so a
/// contract cannot make `indexOf` or `split` quadratic while paying gas only per byte.
///
/// Matching UTF-8 bytes of valid strings finds exactly the scalar-aligned matches, because UTF-8
/// is self-synchronising.
struct BytePattern {
    let needle: [UInt8]
    /// failure[i]: length of the longest proper prefix of needle[0...i] that is also its suffix.
    private let failure: [Int]

    init(_ needle: [UInt8]) {
        self.needle = needle
        var failure = [Int](repeating: 0, count: needle.count)
        var length = 0
        var index = 1
        while index < needle.count {
            if needle[index] == needle[length] {
                length += 1
                failure[index] = length
                index += 1
            } else if length > 0 {
                length = failure[length - 1]
            } else {
                index += 1
            }
        }
        self.failure = failure
    }

    /// Byte offset of the first match starting at or after `start`, or nil.
    func firstMatch(in haystack: [UInt8], from start: Int = 0) -> Int? {
        if needle.isEmpty { return start <= haystack.count ? start : nil }
        var matched = 0
        var index = start
        while index < haystack.count {
            while matched > 0, haystack[index] != needle[matched] { matched = failure[matched - 1] }
            if haystack[index] == needle[matched] { matched += 1 }
            if matched == needle.count { return index - needle.count + 1 }
            index += 1
        }
        return nil
    }
}

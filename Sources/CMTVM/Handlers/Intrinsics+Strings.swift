import CMTBytecode

/// The white space `String.prototype.trim` removes: JavaScript's WhiteSpace and LineTerminator.
private let javaScriptWhiteSpace: Set<UInt32> = [
    0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
    0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF,
]

/// Byte offsets where each Unicode scalar of valid UTF-8 starts, followed by the byte count.
private func scalarStarts(_ bytes: [UInt8]) -> [Int] {
    var starts: [Int] = []
    starts.reserveCapacity(bytes.count + 1)
    for (offset, byte) in bytes.enumerated() where byte & 0xC0 != 0x80 { starts.append(offset) }
    starts.append(bytes.count)
    return starts
}

extension Execution {
    /// The string intrinsics: scalar-indexed, on the string's UTF-8 bytes.
    mutating func stringIntrinsic(_ operation: IntrinsicOperation, _ arguments: UnsafeMutablePointer<Value>)
        -> Result<Value, TrapReason>
    {
        let text: [UInt8]
        switch stringBytes(arguments[0], "\(operation)'s receiver") {
        case .success(let bytes): text = bytes
        case .failure(let trap): return .failure(trap)
        }
        var other: [UInt8] = []
        switch operation {
        case .stringIndexOf, .stringIncludes, .stringStartsWith, .stringEndsWith, .stringSplit:
            switch stringBytes(arguments[1], "\(operation)'s argument") {
            case .success(let bytes): other = bytes
            case .failure(let trap): return .failure(trap)
            }
        default: break
        }
        if let trap = chargeWork(bytes: text.count + other.count) { return .failure(trap) }
        switch operation {
        case .stringSlice:
            let starts = scalarStarts(text)
            switch sliceRange(arguments[1], arguments[2], count: starts.count - 1) {
            case .success(let range): return newString(Array(text[starts[range.lowerBound]..<starts[range.upperBound]]))
            case .failure(let trap): return .failure(trap)
            }
        case .stringIndexOf:
            guard let offset = BytePattern(other).firstMatch(in: text) else { return .success(.int(-1)) }
            var index: Int64 = 0
            for byte in text[..<offset] where byte & 0xC0 != 0x80 { index += 1 }
            return .success(.int(index))
        case .stringIncludes: return .success(.bool(BytePattern(other).firstMatch(in: text) != nil))
        case .stringStartsWith: return .success(.bool(text.starts(with: other)))
        case .stringEndsWith: return .success(.bool(text.count >= other.count && text.suffix(other.count).elementsEqual(other)))
        case .stringToUpperCase: return newString(text.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 })
        case .stringToLowerCase: return newString(text.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 })
        case .stringTrim:
            let string = String(decoding: text, as: UTF8.self)
            var scalars = string.unicodeScalars[...]
            while let first = scalars.first, javaScriptWhiteSpace.contains(first.value) { scalars = scalars.dropFirst() }
            while let last = scalars.last, javaScriptWhiteSpace.contains(last.value) { scalars = scalars.dropLast() }
            return newString(Array(String(scalars).utf8))
        case .stringSplit: return split(text, separator: other)
        case .stringCharAt:
            let index: Int128
            switch wholeNumber(arguments[1], "charAt index") {
            case .success(let value): index = value
            case .failure(let trap): return .failure(trap)
            }
            let starts = scalarStarts(text)
            guard index >= 0, index < Int128(starts.count - 1) else { return newString([]) }
            return newString(Array(text[starts[Int(index)]..<starts[Int(index) + 1]]))
        case .stringToBytes:
            if let trap = allocate(MemoryCost.text(text.count)) { return .failure(trap) }
            return .success(heap.newText(.bytes, text))
        case .stringChars: return split(text, separator: [])
        default: return .failure(.typeMismatch("\(operation) is not a string operation"))
        }
    }

    /// JavaScript `split` with a string separator: an empty separator gives the scalars, an empty
    /// text gives `[""]` (or `[]` when the separator is empty too).
    private mutating func split(_ text: [UInt8], separator: [UInt8]) -> Result<Value, TrapReason> {
        var pieces: [ArraySlice<UInt8>] = []
        if separator.isEmpty {
            let starts = scalarStarts(text)
            for index in 0..<(starts.count - 1) { pieces.append(text[starts[index]..<starts[index + 1]]) }
        } else {
            let pattern = BytePattern(separator)
            var start = 0
            while let match = pattern.firstMatch(in: text, from: start) {
                pieces.append(text[start..<match])
                start = match + separator.count
            }
            pieces.append(text[start...])
        }
        var values: [Value] = []
        values.reserveCapacity(pieces.count)
        for piece in pieces {
            switch newString(Array(piece)) {
            case .success(let value): values.append(value)
            case .failure(let trap): return .failure(trap)
            }
        }
        return makeArray(values)
    }
}

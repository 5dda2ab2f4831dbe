/// What the VM knows of a table from the `table` instruction's descriptor string, which the
/// compiler writes as a constant: `NAME CLASS FIELD…` separated by single spaces: the table's name
/// (the state field's name), the class index of its records, and its indexed fields.
struct TableDescriptor: Hashable, Sendable {
    var name: String
    var classIndex: UInt16
    var indexes: [String]

    init?(_ text: String) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, !parts[0].isEmpty, let classIndex = UInt16(parts[1]),
            parts.dropFirst(2).allSatisfy({ !$0.isEmpty })
        else { return nil }
        name = parts[0]
        self.classIndex = classIndex
        indexes = Array(parts.dropFirst(2))
    }

    /// The storage keys of a table (docs/vm.md "Tables"). Every key starts with the reserved
    /// prefix (a 0 byte, which no state field's key has, and the key layout version;
    /// ``StorageKeys``), then a kind byte and the table's name.
    private func prefix(_ kind: UInt8) -> [UInt8] { StorageKeys.reserved + [kind] + Array(name.utf8) + [0] }

    /// Prefix of every record key; a record lives at this prefix followed by its key's bytes.
    var recordPrefix: [UInt8] { prefix(UInt8(ascii: "r")) }

    /// The key of the table's record count.
    var countKey: [UInt8] { prefix(UInt8(ascii: "n")) }

    /// Prefix of the index entries of `field` whose value has the encoding `encodedValue`; an entry
    /// is this prefix followed by the record's key. The encoding is self-delimiting, so entries of
    /// different values never share a prefix.
    func indexPrefix(_ field: String, _ encodedValue: [UInt8]) -> [UInt8] {
        prefix(UInt8(ascii: "i")) + Array(field.utf8) + [0] + encodedValue
    }
}

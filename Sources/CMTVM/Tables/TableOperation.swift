/// The commands of the `table` host operation (`host r, table, 5`: the operation number, the
/// table's descriptor, then up to three arguments, null when absent). The compiler repeats these
/// numbers as `TableOperationCode`; a test keeps the two equal.
public enum TableOperation: Int64, Sendable, CaseIterable {
    /// get(key): a copy of the record, or null.
    case get = 0
    /// put(key, record): inserts or replaces the record and its index entries.
    case put
    /// has(key): whether a record is stored under the key.
    case has
    /// delete(key): removes the record and its index entries; gives whether it existed.
    case delete
    /// range(from, to, limit): records with from <= key < to ("" as `to`: no bound), in key order.
    case range
    /// keys(from, to, limit): their keys.
    case keys
    /// count(): the number of records.
    case count
    /// find(field, value): records whose indexed `field` equals `value`, in key order.
    case find
}

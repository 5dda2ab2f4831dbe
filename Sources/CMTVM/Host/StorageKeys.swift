/// The layout of the storage keys the runtime reserves next to state fields (tables, stored rule
/// sessions, process instances): every such key starts with a 0 byte, which no state field's key
/// (an identifier) does, then the key layout's format version. A later layout gets a new version
/// byte, so keys of two layouts never meet under one prefix: the runtime finds its keys by exact
/// key or prefix, so a key of another layout is never read as one of this layout.
public enum StorageKeys {
    /// The key layout's format version (the second byte of every reserved key).
    public static let version: UInt8 = 1
    /// The first two bytes of every reserved key.
    public static let reserved: [UInt8] = [0, version]

    /// A reserved key: ``reserved`` followed by `text`'s UTF-8 bytes (`rules/…`, `process/…`).
    public static func named(_ text: String) -> [UInt8] { reserved + Array(text.utf8) }
}

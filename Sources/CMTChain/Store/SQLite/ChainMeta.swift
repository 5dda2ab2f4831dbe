import GRDB

/// The head in the `chain_meta` table (docs/chain.md, "The store"): `height` (the state version,
/// 8 bytes big-endian), `app_hash` (32 bytes), `time` (the last block's time in seconds, 8 bytes
/// big-endian two's complement) and `has_blocks` (1 byte, 0 or 1), written together by every
/// commit.
enum ChainMeta {
    static let names = ["height", "app_hash", "time", "has_blocks"]
    static let upsert = "INSERT INTO chain_meta (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET value = excluded.value"

    static func readHead(_ db: Database) throws -> ChainHead? {
        let statement = try RawStatement(db, "SELECT name, value FROM chain_meta WHERE name IN ('height', 'app_hash', 'time', 'has_blocks')")
        var values: [String: [UInt8]] = [:]
        while try statement.step() {
            values[String(decoding: statement.bytes(0), as: UTF8.self)] = statement.bytes(1)
        }
        if values.isEmpty { return nil }
        guard let height = values["height"], height.count == 8, let hash = values["app_hash"], let appHash = StateHash(bytes: hash),
            let time = values["time"], time.count == 8, let hasBlocks = values["has_blocks"], hasBlocks == [0] || hasBlocks == [1]
        else { throw ChainStoreError(.corrupt, "the chain head in chain_meta is incomplete or malformed") }
        return ChainHead(
            version: integer(height), appHash: appHash, time: Int64(bitPattern: integer(time)), hasBlocks: hasBlocks == [1])
    }

    static func writeHead(_ head: ChainHead, on db: Database) throws {
        let values: [[UInt8]] = [bytes(head.version), head.appHash.bytes, bytes(UInt64(bitPattern: head.time)), [head.hasBlocks ? 1 : 0]]
        for (name, value) in zip(names, values) {
            let statement = try RawStatement(db, upsert)
            try statement.bind(1, text: name)
            try statement.bind(2, value)
            try statement.run()
        }
    }

    private static func integer(_ bytes: [UInt8]) -> UInt64 { bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }

    private static func bytes(_ value: UInt64) -> [UInt8] { withUnsafeBytes(of: value.bigEndian) { Array($0) } }
}

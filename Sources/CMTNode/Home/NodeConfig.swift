import CMTSource
import TOMLKit

/// A node's `config.toml` (docs/node.md, "The home folder"), written by `cmt-node init` and read
/// at start with TOMLKit. Unknown keys and values of the wrong type are refused with the key's
/// name, so that a misspelt setting never silently takes its default.
public struct NodeConfig: Sendable, Equatable {
    /// The node's name.
    public var moniker: String = "cmt-dev"
    /// The JSON-RPC port on 127.0.0.1 (`--port` overrides it; 0 for a free port).
    public var rpcPort: Int = 8545
    /// The largest request body (bytes).
    public var rpcMaxBodyBytes: Int = 5 << 20
    /// Seconds between blocks; 0 makes a block as soon as a transaction arrives.
    public var blockTime: Int = 0
    /// `sqlite` (`data/chain.sqlite`) or `memory` (nothing persists).
    public var storage: String = "sqlite"
    public var mempoolSize: Int = 10_000
    public var mempoolMaxBytes: Int = 64 << 20
    public var mempoolMaxNonceGap: Int = 64

    public init() {}

    /// The file's text.
    public var toml: String {
        """
        # cmt-node configuration (docs/node.md, "The home folder").
        moniker = "\(moniker)"

        [rpc]
        # JSON-RPC 2.0 over HTTP on 127.0.0.1 (cmt-node dev --port overrides it; 0 = a free port).
        port = \(rpcPort)
        max_body_bytes = \(rpcMaxBodyBytes)

        [consensus]
        # Seconds between blocks; 0 = a block as soon as a transaction arrives.
        block_time = \(blockTime)

        [storage]
        # "sqlite" (data/chain.sqlite, kept across restarts) or "memory" (nothing persists).
        backend = "\(storage)"

        [mempool]
        size = \(mempoolSize)
        max_txs_bytes = \(mempoolMaxBytes)
        max_nonce_gap = \(mempoolMaxNonceGap)

        """
    }

    /// Reads a config file's bytes.
    /// - Throws: ``NodeError`` (invalid params) naming the key or the syntax problem.
    public init(bytes: [UInt8]) throws(NodeError) {
        if let problem = TOMLPrecheck.problem(bytes) { throw NodeError(.invalidParams, "config.toml, byte \(problem.offset): \(problem.text)") }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw NodeError(.invalidParams, "config.toml: \(error)")
        }
        var reader = Reader(root: table)
        moniker = try reader.string(nil, "moniker") ?? moniker
        rpcPort = try reader.int(["rpc"], "port", in: 0...65_535) ?? rpcPort
        rpcMaxBodyBytes = try reader.int(["rpc"], "max_body_bytes", in: 1_024...(64 << 20)) ?? rpcMaxBodyBytes
        blockTime = try reader.int(["consensus"], "block_time", in: 0...86_400) ?? blockTime
        storage = try reader.string(["storage"], "backend") ?? storage
        guard storage == "memory" || storage == "sqlite" else { throw NodeError(.invalidParams, "config.toml: storage.backend must be \"memory\" or \"sqlite\"") }
        mempoolSize = try reader.int(["mempool"], "size", in: 1...1_000_000) ?? mempoolSize
        mempoolMaxBytes = try reader.int(["mempool"], "max_txs_bytes", in: 1_024...(1 << 32)) ?? mempoolMaxBytes
        mempoolMaxNonceGap = try reader.int(["mempool"], "max_nonce_gap", in: 0...10_000) ?? mempoolMaxNonceGap
        try reader.checkKnown()
    }

    /// Reads typed values and remembers which keys it read, to refuse the others.
    struct Reader {
        let root: TOMLTable
        var known: [String: Set<String>] = [:]

        static let tables = ["rpc", "consensus", "storage", "mempool"]

        mutating func value(_ table: [String]?, _ key: String) throws(NodeError) -> (any TOMLValueConvertible)? {
            let name = table?.first ?? ""
            known[name, default: []].insert(key)
            guard let name = table?.first else { return root[key] }
            guard let value = root[name] else { return nil }
            guard let inner = value.table else { throw NodeError(.invalidParams, "config.toml: [\(name)] must be a table") }
            return inner[key]
        }

        mutating func string(_ table: [String]?, _ key: String) throws(NodeError) -> String? {
            guard let value = try value(table, key) else { return nil }
            guard value.type == .string, let text = value.string else { throw NodeError(.invalidParams, "config.toml: \(Self.path(table, key)) must be a string") }
            return text
        }

        mutating func int(_ table: [String]?, _ key: String, in range: ClosedRange<Int>) throws(NodeError) -> Int? {
            guard let value = try value(table, key) else { return nil }
            guard value.type == .int, let number = value.int, range.contains(number) else {
                throw NodeError(.invalidParams, "config.toml: \(Self.path(table, key)) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }

        func checkKnown() throws(NodeError) {
            for key in root.keys.sorted() {
                if Self.tables.contains(key) {
                    guard let inner = root[key]?.table else { throw NodeError(.invalidParams, "config.toml: [\(key)] must be a table") }
                    for innerKey in inner.keys.sorted() where !(known[key]?.contains(innerKey) ?? false) {
                        throw NodeError(.invalidParams, "config.toml: unknown key \(key).\(innerKey)")
                    }
                } else if !(known[""]?.contains(key) ?? false) {
                    throw NodeError(.invalidParams, "config.toml: unknown key \(key)")
                }
            }
        }

        static func path(_ table: [String]?, _ key: String) -> String { (table?.first.map { $0 + "." } ?? "") + key }
    }
}

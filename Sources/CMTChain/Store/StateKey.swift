import CMTBytecode

/// The key layout of chain state: every piece of state is one key/value pair in the state tree
/// (and one row in the store), named by a namespace tag byte and then fixed-width fields, so that
/// the keys of one account or one contract share a prefix and sort together (docs/chain.md, "Key
/// layout"). The tag values are part of the app hash: never renumber one.
public enum StateKey: Hashable, Sendable {
    /// An account: its nonce and CMT balance (``AccountRecord``).
    case account(Address)
    /// A deployed contract: which bundle it runs and how it was deployed.
    case contract(Address)
    /// A bundle's bytes by their SHA-256 (one copy however many contracts run it).
    case bundle([UInt8])
    /// One key of a contract's storage.
    case storage(Address, [UInt8])
    /// A file's bytes by its content id (the CID text's UTF-8 bytes).
    case file([UInt8])
    /// An entry of the index of due process timers: due time (seconds, big-endian), contract, and
    /// the timer's own id, so that the timers due by a time are a prefix walk, never a scan.
    case timer(due: Int64, contract: Address, id: [UInt8])
    /// A chain-wide value: parameters, versions (by name).
    case chain(String)
    /// What block `height` produced: its receipts root and events root (``BlockResult``), so that
    /// a receipt or an event is proven against the app hash of that height or any later one.
    case blockResult(height: UInt64)

    /// The namespace tags.
    public enum Tag: UInt8, Sendable, CaseIterable {
        case account = 0x01
        case contract = 0x02
        case bundle = 0x03
        case storage = 0x04
        case file = 0x05
        case timer = 0x06
        case chain = 0x07
        case blockResult = 0x08
    }

    /// The tag of this key's namespace.
    public var tag: Tag {
        switch self {
        case .account: .account
        case .contract: .contract
        case .bundle: .bundle
        case .storage: .storage
        case .file: .file
        case .timer: .timer
        case .chain: .chain
        case .blockResult: .blockResult
        }
    }

    /// The key's bytes in the state tree and the store.
    public var bytes: [UInt8] {
        var out: [UInt8] = [tag.rawValue]
        switch self {
        case .account(let address), .contract(let address):
            out += address.bytes
        case .bundle(let hash):
            out += hash
        case .storage(let contract, let key):
            out += contract.bytes
            out += key
        case .file(let cid):
            out += cid
        case .timer(let due, let contract, let id):
            out += StateKey.sortableBytes(due)
            out += contract.bytes
            out += id
        case .chain(let name):
            out += Array(name.utf8)
        case .blockResult(let height):
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: height >> UInt64(shift))) }
        }
        return out
    }

    /// The prefix shared by every storage key of `contract` (and by nothing else).
    public static func storagePrefix(_ contract: Address) -> [UInt8] {
        [Tag.storage.rawValue] + contract.bytes
    }

    /// The prefix of the whole timer index.
    public static let timerPrefix: [UInt8] = [Tag.timer.rawValue]

    /// The key named by `bytes`, or nil when they follow no namespace's layout.
    public init?(bytes: [UInt8]) {
        guard let first = bytes.first, let tag = Tag(rawValue: first) else { return nil }
        let rest = Array(bytes.dropFirst())
        let width = Address.size
        switch tag {
        case .account, .contract:
            guard rest.count == width, let address = Address(bytes: rest) else { return nil }
            self = tag == .account ? .account(address) : .contract(address)
        case .bundle:
            guard rest.count == 32 else { return nil }
            self = .bundle(rest)
        case .storage:
            guard rest.count >= width, let address = Address(bytes: Array(rest.prefix(width))) else { return nil }
            self = .storage(address, Array(rest.dropFirst(width)))
        case .file:
            guard !rest.isEmpty else { return nil }
            self = .file(rest)
        case .timer:
            guard rest.count >= 8 + width, let address = Address(bytes: Array(rest[8..<(8 + width)])) else { return nil }
            let due = StateKey.int64(fromSortable: Array(rest.prefix(8)))
            self = .timer(due: due, contract: address, id: Array(rest.dropFirst(8 + width)))
        case .chain:
            guard !rest.isEmpty, let name = String(validating: rest, as: UTF8.self) else { return nil }
            self = .chain(name)
        case .blockResult:
            guard rest.count == 8 else { return nil }
            self = .blockResult(height: rest.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        }
    }

    /// `value` as 8 bytes whose byte order is the numbers' order (big-endian, sign bit flipped).
    static func sortableBytes(_ value: Int64) -> [UInt8] {
        let biased = UInt64(bitPattern: value) ^ (1 << 63)
        return (0..<8).map { UInt8(truncatingIfNeeded: biased >> (56 - 8 * UInt64($0))) }
    }

    static func int64(fromSortable bytes: [UInt8]) -> Int64 {
        let biased = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int64(bitPattern: biased ^ (1 << 63))
    }
}

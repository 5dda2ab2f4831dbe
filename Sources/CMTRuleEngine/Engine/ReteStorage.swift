/// The session's working memory is a set of arenas of trivial structs, linked by `Int32` indices
/// (-1 is "none"): no class references, no reference counting and no allocation per token once
/// the arenas have grown. Freed slots go on a free list and are reused; a token's `generation`
/// tells a stale reference (kept in a fact's negative-match list) from the slot's new owner.
///
/// Lists that the original design kept as arrays with swap-remove keep exactly that order as
/// intrusive doubly linked lists: removing an element puts the last one in its place
/// (`ListOrder.swapRemove`), so iteration order, and with it activation order, is the same.
/// Alpha memories keep insertion order (removal unlinks in place).

/// A partial match (64 bytes, one cache line): what its node added (one fact, a `not`/`exists` position, or nothing) and its
/// place in the lists that hold it.
struct TokenSlot {
    var parent: Int32 = -1
    /// The fact a join added (-1: none).
    var fact: Int32 = -1
    var node: Int32 = 0
    /// Odd while the token is alive: bumped when it is made and when it is deleted.
    var generation: UInt32 = 0
    /// The live activation made from this token (-1: none).
    var activation: Int32 = -1
    /// For a token entering a `not`/`exists` node: the facts that match it, and the token passed on.
    var negativeCount: Int32 = 0
    var negativeOutput: Int32 = -1
    /// The tokens built on this one (swap-remove order).
    var firstChild: Int32 = -1
    var lastChild: Int32 = -1
    var previousSibling: Int32 = -1
    var nextSibling: Int32 = -1
    /// The left bucket of the next node holding this token (-1: none), and the links in it.
    var leftList: Int32 = -1
    var leftPrevious: Int32 = -1
    var leftNext: Int32 = -1
    /// Links in the token list of `fact` (join tokens only; swap-remove order).
    var factPrevious: Int32 = -1
    var factNext: Int32 = -1

    var isAlive: Bool { generation & 1 != 0 }
}

/// A fact in working memory. Its field value IDs live in `RuleSession.fieldIDs` at
/// `index * fieldStride`.
struct FactSlot {
    var handle = 0
    var type: Int32 = 0
    var fieldCount: Int32 = 0
    /// Grows with every insert and update: the fact's recency.
    var timestamp = 0
    var isAlive = false
    /// The fact's entries in alpha memories and their indexes (chained by `nextOfFact`).
    var firstAlphaLink: Int32 = -1
    /// Join tokens that added this fact (swap-remove order).
    var firstToken: Int32 = -1
    var lastToken: Int32 = -1
    /// The length of `matches` at which stale entries are next dropped: when it has doubled since
    /// the last clean-up, so it stays proportional to the live ones.
    var compactionAt: Int32 = 64
    /// `RuleSession.tokenDeaths` at the last clean-up (-1: never cleaned).
    var deathsAtCompaction = -1
    /// Tokens of `not`/`exists` nodes this fact matches, oldest first.
    var matches = SlotVector<NegativeMatch>()
}

/// Where a fact sits in an alpha memory or in one bucket of an alpha index.
struct AlphaLink {
    var list: Int32 = -1
    var slot: Int32 = -1
    var nextOfFact: Int32 = -1
}

/// The facts of an alpha memory, or of one bucket of an alpha index, in insertion order: a
/// contiguous array, so scans read it sequentially. A removed fact leaves a hole (-1) and the
/// holes are squeezed out once they are half the array, so removal is O(1) amortized and keeps
/// the order.
struct AlphaList {
    var facts: [Int32] = []
    /// The link of each entry (to tell it its new slot when the array is squeezed).
    var links: [Int32] = []
    var holes = 0
    var count: Int { facts.count - holes }
}

/// The two ends of an intrusive list and its length.
struct ListHead {
    var first: Int32 = -1
    var last: Int32 = -1
    var count: Int32 = 0
}

/// One token a fact matched at a `not`/`exists` node (8 bytes: written once per matching probe).
/// The node is the next one after the token's own node; for the root token, which is the left
/// input of every rule's first node, `token` holds `-(node + 1)` instead. Stale when the token's
/// generation has moved on (the root token never dies).
struct NegativeMatch {
    var token: Int32
    var generation: UInt32
}

/// A rule instance on the agenda.
struct ActivationSlot {
    var rule: Int32 = 0
    var salience = 0
    /// The timestamp of the newest fact matched: newer activations fire first.
    var recency = 0
    /// Creation order, the last tie-break.
    var sequence = 0
    var token: Int32 = -1
    var group: Int32 = 0
    /// False once cancelled or fired (its heap entry is then dropped lazily).
    var isLive = true
}

/// The built-in declarations every CMT file sees: the middleware calls, the contract context, and
/// the members of strings, arrays and maps. They are written in CMT itself, with their docs, so the
/// checker, the language server's hover and the reference in docs/ all read the same text. Later
/// phases implement each one; nothing else declares built-ins.
public enum Prelude {
    /// The path shown for prelude declarations in diagnostics and hovers.
    public static let path = "<prelude>"

    public static let source = #"""
/// Writes a value to the call's output (shown by `cmtc run` and `cmtc test`).
declare function print(value: any): void;

/// Reverts the call with `reason` unless `condition` holds.
declare function require(condition: boolean, reason?: string): void;

/// Stops the call, undoes all of its state changes, and reports `reason` to the caller.
declare function revert(reason: string): never;

/// Moves `amount` CMT from the contract's balance to `to`; reverts if the balance is too small.
declare function transfer(to: address, amount: number): void;

/// The CMT balance of an account or contract.
declare function balance(account: address): number;

/// The address written in `text`, bech32 with the prefix `cmt` (`address("cmt1…")`): the text
/// must be a string literal holding a valid address; it is checked when compiling.
declare function address(text: string): address;

/// Opens a session of the rule set in `path` (a `.drl` or `.rl` file of the project).
declare function load_rules(path: string): RuleSession;

/// Starts a new instance of the process definition in `path` (a `.bpm` file of the project).
declare function start_process(path: string, variables?: Map<string, any>): Process;

/// Loads the process instance with the given id, as returned by `Process.id`.
declare function load_process(id: number): Process;

/// The message (transaction or call) being executed.
declare const msg: MessageContext;

/// The block the call executes in.
declare const block: BlockContext;

/// Content-addressed files kept with the chain.
declare const files: Files;

/// Who called and what they sent.
declare class MessageContext {
    /// The account or contract that made this call.
    readonly sender: address;
    /// CMT sent along with the call.
    readonly value: number;
}

/// The block a call executes in.
declare class BlockContext {
    /// The height of the block.
    readonly height: number;
    /// The block's time, in seconds since 1970-01-01 UTC, as agreed by the validators.
    readonly time: number;
}

/// A session of a rule set: facts inserted into it are matched against the rules.
declare class RuleSession {
    /// Inserts `fact` and fires the rules until none is activated (the white paper's call).
    send(fact: object): void;
    /// Inserts `fact` without firing.
    insert(fact: object): void;
    /// Tells the session that `fact` has changed.
    update(fact: object): void;
    /// Removes `fact` from the session.
    retract(fact: object): void;
    /// Fires activated rules, at most `limit` of them; returns how many fired.
    fire(limit?: number): number;
    /// Sets the rule set's global `name` (`global number threshold;` in the rule file) for this
    /// session; reverts when there is no such global or `value` is not of its type.
    setGlobal(name: string, value: any): void;
    /// The session's facts of class `type`, in insertion order: `engine.facts(Invoice)` is an
    /// `Invoice[]`; for the rest of the call they are the session's facts (`update` works on them).
    facts(type: object): object[];
    /// Runs the rule set's query `name` with its arguments (`engine.query(Invoice, "overdue", 100)`)
    /// and gives, for each match in order, the fact of class `type` it matched: an `Invoice[]`.
    query(type: object, name: string, arguments?: any): object[];
}

/// A running instance of a business process.
declare class Process {
    /// The instance id, to store and pass to `load_process` later.
    readonly id: number;
    /// The name of the node the instance's main token is in.
    readonly state: string;
    /// The nodes of every active token.
    readonly states: string[];
    /// The names of the open tasks (those of the sub-processes its tokens wait for included).
    readonly tasks: string[];
    /// The names of the open tasks assigned to `actor` (directly or through their swimlane).
    tasksFor(actor: address): string[];
    /// Whether the process has ended.
    readonly ended: boolean;
    /// Advances one pending step; returns whether anything is still pending.
    next(): boolean;
    /// Leaves the current state by the named transition, or by the default one. Reverts when the
    /// current token waits for a task assigned to another actor than `msg.sender`.
    signal(transition?: string): void;
    /// Starts working on the named task (jBPM's task start): `msg.sender` becomes its actor.
    /// Reverts when the task is assigned to another actor or already started.
    begin(task: string): void;
    /// Completes the named task. Reverts when the task is assigned to another actor than
    /// `msg.sender`; an unassigned task becomes the sender's.
    complete(task: string): void;
    /// The process variable `name` if it holds a number, else null.
    numberVariable(name: string): number?;
    /// The process variable `name` if it holds a string, else null.
    stringVariable(name: string): string?;
    /// The process variable `name` if it holds a boolean, else null.
    booleanVariable(name: string): boolean?;
    /// Sets the process variable `name` (on the root token) to a number, string, boolean or address.
    setVariable(name: string, value: any): void;
}

/// Files stored by their content id: the IPFS CIDv1 that `ipfs add --cid-version=1 --raw-leaves`
/// gives the same bytes (raw leaves, sha2-256, 256 KiB chunks, base32).
declare class Files {
    /// Stores `data` and returns its content id; storing the same bytes again changes nothing.
    put(data: bytes): string;
    /// The bytes stored under `cid`, or null.
    get(cid: string): bytes?;
    /// Whether bytes are stored under `cid`.
    has(cid: string): boolean;
}

// MARK: db (white paper §3.3)

/// The contract's database: named tables of records kept in its state.
declare const db: Database;

/// Declares the tables of a contract.
declare class Database {
    /// Declares the secondary indexes of a table by field names of its record class; only as the
    /// initializer of a `Table<T>` state field: `loans: Table<Loan> = db.table(["borrower"]);`.
    table(indexes?: string[]): object;
}

/// A named table of records of class `T` keyed by strings, declared as a contract state field
/// (`loans: Table<Loan>;`). Every operation is metered and undone when the call reverts. Records
/// are copies: change one and `put` it back.
declare class Table<T> {
    /// A copy of the record stored under `key`, or null.
    get(key: string): T?;
    /// Stores `record` under `key`, replacing any record there, and updates the indexes.
    put(key: string, record: T): void;
    /// Whether a record is stored under `key`.
    has(key: string): boolean;
    /// Removes the record under `key`; returns whether there was one.
    delete(key: string): boolean;
    /// The records whose keys `k` satisfy `from <= k < to` in byte order (`to` "": no upper
    /// bound), in key order, at most `limit` of them.
    range(from: string, to: string, limit?: number): T[];
    /// The keys of those records.
    keys(from: string, to: string, limit?: number): string[];
    /// The number of records.
    count(): number;
    /// The records whose indexed field `field` (a name given to `db.table`) equals `value`, in key order.
    find(field: string, value: any): T[];
}

// END db

/// Arithmetic on exact decimals.
declare class Math {
    /// The largest integer not greater than `x`.
    static floor(x: number): number;
    /// The smallest integer not less than `x`.
    static ceil(x: number): number;
    /// `x` rounded to the nearest integer, halves away from zero.
    static round(x: number): number;
    /// The absolute value of `x`.
    static abs(x: number): number;
    /// The smaller of `a` and `b`.
    static min(a: number, b: number): number;
    /// The larger of `a` and `b`.
    static max(a: number, b: number): number;
}

/// Members of every `string`.
declare class String {
    /// The number of characters (Unicode scalars).
    readonly length: number;
    /// The characters from `start` up to, not including, `end` (default: the end).
    slice(start: number, end?: number): string;
    /// The index of the first occurrence of `search`, or -1.
    indexOf(search: string): number;
    /// Whether `search` occurs in the string.
    includes(search: string): boolean;
    startsWith(prefix: string): boolean;
    endsWith(suffix: string): boolean;
    toUpperCase(): string;
    toLowerCase(): string;
    /// The string without white space at either end.
    trim(): string;
    /// The parts between occurrences of `separator`.
    split(separator: string): string[];
    /// The character at `index` as a string.
    charAt(index: number): string;
    /// The UTF-8 bytes of the string.
    toBytes(): bytes;
}

/// Members of every `number`.
declare class Number {
    /// The canonical decimal text: `80`, `0.3`, `-1.5`.
    toString(): string;
    /// The text with exactly `digits` fractional digits, rounded half away from zero.
    toFixed(digits: number): string;
}

/// Members of every `bytes` value.
declare class Bytes {
    readonly length: number;
    /// The bytes from `start` up to, not including, `end`.
    slice(start: number, end?: number): bytes;
    /// Lower-case hexadecimal text.
    toHex(): string;
}

/// Members of every `address`.
declare class Address {
    /// The bech32 text, `cmt1…`.
    toString(): string;
}

/// Members of every array `T[]`.
declare class Array<T> {
    /// The number of elements.
    readonly length: number;
    /// Appends `value` at the end.
    push(value: T): void;
    /// Removes and returns the last element, or null when empty.
    pop(): T?;
    /// The elements from `start` up to, not including, `end`, as a new array.
    slice(start: number, end?: number): T[];
    /// The index of the first element equal to `value`, or -1.
    indexOf(value: T): number;
    /// Whether an element equals `value`.
    includes(value: T): boolean;
    /// The elements' text joined with `separator`.
    join(separator: string): string;
    /// Reverses the elements in place.
    reverse(): void;
}

/// Members of every map `Map<K, V>`; iteration follows insertion order.
declare class Map<K, V> {
    /// The number of entries.
    readonly size: number;
    /// The value for `key`, or null.
    get(key: K): V?;
    /// Sets the value for `key`.
    set(key: K, value: V): void;
    /// Whether `key` has a value.
    has(key: K): boolean;
    /// Removes `key`; returns whether it was there.
    delete(key: K): boolean;
    /// The keys in insertion order.
    keys(): K[];
    /// The values in insertion order.
    values(): V[];
}
"""#
}

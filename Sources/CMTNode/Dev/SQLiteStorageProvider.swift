import CMTChain
import Foundation

/// Keeps the chain in one SQLite database (``SQLiteChainStore``) in a folder (the home's `data/`):
/// the file named in `data/current` (`chain.sqlite` when there is none). A replacement for
/// `dev_revert` is a new file beside it; adopting it rewrites `current` (write, then rename, so a
/// crash leaves either name) and deletes the old file.
public struct SQLiteStorageProvider: ChainStorageProvider {
    public let folder: String
    public let durability: ChainDatabase.Durability

    public init(folder: String, durability: ChainDatabase.Durability = .standard) {
        self.folder = folder
        self.durability = durability
    }

    var pointer: String { folder + "/current" }

    /// The current database file's name.
    func currentName() -> String {
        guard let data = FileManager.default.contents(atPath: pointer),
            let name = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
            Self.isValidName(name)
        else { return "chain.sqlite" }
        return name
    }

    static func isValidName(_ name: String) -> Bool {
        name.hasPrefix("chain") && name.hasSuffix(".sqlite") && !name.contains("/") && name.count <= 80
    }

    public func openCurrent() throws(NodeError) -> any ChainStorage { try open(currentName()) }

    public func makeReplacement() throws(NodeError) -> StorageReplacement {
        let name = "chain-\(UUID().uuidString.lowercased().prefix(8)).sqlite"
        Self.remove(folder + "/" + name)
        return StorageReplacement(storage: try open(name), name: name)
    }

    public func adopt(_ replacement: StorageReplacement) throws(NodeError) {
        let old = currentName()
        let temporary = pointer + ".new"
        do {
            try Data((replacement.name + "\n").utf8).write(to: URL(fileURLWithPath: temporary))
            if FileManager.default.fileExists(atPath: pointer) { try FileManager.default.removeItem(atPath: pointer) }
            try FileManager.default.moveItem(atPath: temporary, toPath: pointer)
        } catch {
            throw NodeError(.store, "cannot switch \(pointer) to \(replacement.name): \(error)")
        }
        if old != replacement.name { Self.remove(folder + "/" + old) }
    }

    func open(_ name: String) throws(NodeError) -> any ChainStorage {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw NodeError(.store, "cannot make \(folder): \(error)")
        }
        do {
            return try SQLiteChainStore(path: folder + "/" + name, durability: durability)
        } catch {
            throw NodeError(.store, "\(folder)/\(name): \(error)")
        }
    }

    /// Deletes a database file and its WAL and shared-memory files.
    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

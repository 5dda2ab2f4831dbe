import Synchronization

/// Owns every ``SourceFile`` of one compilation and hands out their ``FileID``s, so that a span can
/// always be turned back into a path, a line and a column.
public final class SourceManager: Sendable {
    private let files = Mutex<[SourceFile]>([])
    private let testFileIDs = Mutex<Set<FileID>>([])
    private let testFilePaths = Mutex<Set<String>>([])

    public init() {}

    /// Adds a file with the given text and returns it.
    @discardableResult
    public func add(path: String, text: String) -> SourceFile {
        add(path: path, bytes: Array(text.utf8))
    }

    @discardableResult
    public func add(path: String, bytes: [UInt8]) -> SourceFile {
        files.withLock { files in
            let file = SourceFile(id: FileID(Int32(files.count)), path: path, bytes: bytes)
            files.append(file)
            return file
        }
    }

    public func file(_ id: FileID) -> SourceFile? {
        files.withLock { files in
            let index = Int(id.rawValue)
            return index >= 0 && index < files.count ? files[index] : nil
        }
    }

    public var allFiles: [SourceFile] { files.withLock { $0 } }

    /// Marks a file as a test file (`cmtc test`): only test files may use the test-only built-ins
    /// (`testing`, `expectRevert`, `assertEqual`, `Contract.deploy`, …).
    public func markAsTestFile(_ id: FileID) { testFileIDs.withLock { _ = $0.insert(id) } }

    /// Marks the file that is (or will be) added with `path` as a test file: for compile pipelines
    /// that add the files themselves.
    public func markAsTestFile(path: String) { testFilePaths.withLock { _ = $0.insert(path) } }

    /// Whether ``markAsTestFile(_:)`` or ``markAsTestFile(path:)`` marked the file.
    public func isTestFile(_ id: FileID) -> Bool {
        if testFileIDs.withLock({ $0.contains(id) }) { return true }
        guard let path = file(id)?.path else { return false }
        return testFilePaths.withLock { $0.contains(path) }
    }
}

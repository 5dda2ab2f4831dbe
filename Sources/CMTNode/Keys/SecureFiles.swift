import Foundation

/// Files only their owner may read: folders made 0700, files written 0600 through a temporary
/// file and a rename (a crash leaves the old file or the new one, never half of one), and a read
/// that refuses a file other users can read or write, as ssh refuses such a private key.
enum SecureFiles {
    /// Makes `path` (and missing parents) with mode 0700, or checks an existing one is not open
    /// to other users.
    static func makeFolder(_ path: String) throws(KeyFileError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw KeyFileError(.io, "'\(path)' is not a folder") }
            try checkPrivate(path, what: "the key folder", allowed: 0o700)
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw KeyFileError(.io, "cannot make the folder '\(path)': \(error.localizedDescription)")
        }
    }

    /// Refuses `path` when a group or other permission bit outside `allowed` is set, or when another
    /// user owns it.
    static func checkPrivate(_ path: String, what: String, allowed: UInt32 = 0o600) throws(KeyFileError) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw KeyFileError(.io, "cannot read '\(path)': \(String(cString: strerror(errno)))") }
        let mode = UInt32(info.st_mode) & 0o777
        guard mode & 0o077 == 0 else {
            throw KeyFileError(.insecurePermissions, "\(what) '\(path)' has mode \(String(mode, radix: 8)); other users may read it. "
                               + "Make it private: chmod \(String(allowed, radix: 8)) '\(path)'")
        }
        guard info.st_uid == geteuid() else {
            throw KeyFileError(.insecurePermissions, "\(what) '\(path)' belongs to another user (uid \(info.st_uid))")
        }
    }

    /// The bytes of a private file.
    static func read(_ path: String, what: String) throws(KeyFileError) -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else { throw KeyFileError(.notFound, "no file '\(path)'") }
        try checkPrivate(path, what: what)
        guard let data = FileManager.default.contents(atPath: path) else { throw KeyFileError(.io, "cannot read '\(path)'") }
        return Array(data)
    }

    /// Writes `bytes` to `path` with mode 0600; refuses to replace an existing file unless `replace`.
    static func write(_ bytes: [UInt8], to path: String, replace: Bool) throws(KeyFileError) {
        if !replace, FileManager.default.fileExists(atPath: path) { throw KeyFileError(.alreadyExists, "'\(path)' exists; it is not replaced") }
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw KeyFileError(.io, "cannot write '\(temporary)': \(String(cString: strerror(errno)))") }
        let written = bytes.withUnsafeBytes { buffer in Foundation.write(descriptor, buffer.baseAddress, buffer.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, synced else {
            unlink(temporary)
            throw KeyFileError(.io, "cannot write '\(temporary)'")
        }
        if !replace, link(temporary, path) != 0 {
            let reason = errno == EEXIST ? "it exists; it is not replaced" : String(cString: strerror(errno))
            unlink(temporary)
            throw KeyFileError(errno == EEXIST ? .alreadyExists : .io, "cannot write '\(path)': \(reason)")
        }
        if replace, rename(temporary, path) != 0 {
            unlink(temporary)
            throw KeyFileError(.io, "cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        unlink(temporary)
    }
}

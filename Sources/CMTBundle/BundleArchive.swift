import Foundation
import ZIPFoundation

/// The bundle's container: a ZIP archive (ZIPFoundation) written the same way every time: entries
/// in the order given, stored (not compressed, so no compressor version can change the bytes), the
/// fixed time 1980-01-01 00:00 UTC, permissions 0644, and no extra fields.
enum BundleArchive {
    /// 1980-01-01 00:00:00 UTC, the first time a ZIP header can hold.
    static let fixedDate = Date(timeIntervalSince1970: 315_532_800)
    /// The largest bundle read or written (a guard against memory exhaustion).
    static let maxBytes = 256 << 20

    static func write(_ parts: [(name: String, bytes: [UInt8])]) throws(BundleError) -> [UInt8] {
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for part in parts {
                let data = Data(part.bytes)
                try archive.addEntry(with: part.name, type: .file, uncompressedSize: Int64(data.count), modificationDate: fixedDate,
                                     permissions: 0o644, compressionMethod: .none) { position, size in
                    let start = Int(position)
                    return data.subdata(in: start..<min(data.count, start + size))
                }
            }
            guard let data = archive.data else { throw BundleError("the archive has no data") }
            return [UInt8](data)
        } catch let error as BundleError {
            throw error
        } catch {
            throw BundleError("cannot write the bundle archive: \(error)")
        }
    }

    /// The entries in archive order; throws when the archive is malformed, an entry is not a
    /// stored file, or its CRC-32 does not match.
    static func read(_ bytes: [UInt8]) throws(BundleError) -> [(name: String, bytes: [UInt8])] {
        guard bytes.count <= maxBytes else { throw BundleError("the bundle is larger than \(maxBytes >> 20) MiB") }
        try ZIPLayout.validate(bytes)
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw BundleError("not a bundle: the file is not a readable ZIP archive (\(error))")
        }
        var parts: [(name: String, bytes: [UInt8])] = []
        var total = 0
        for entry in archive {
            guard entry.type == .file else { throw BundleError("not a bundle: entry '\(entry.path)' is not a file") }
            guard entry.uncompressedSize >= 0, Int(entry.uncompressedSize) <= maxBytes - total else {
                throw BundleError("not a bundle: entry '\(entry.path)' is too large")
            }
            var data = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in data.append(chunk) }
            } catch {
                throw BundleError("the bundle is damaged: entry '\(entry.path)' cannot be read (\(error))")
            }
            total += data.count
            parts.append((entry.path, [UInt8](data)))
        }
        return parts
    }
}

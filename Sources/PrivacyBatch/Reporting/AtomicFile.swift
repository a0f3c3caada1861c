import Foundation
import PrivacyBatchCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a report under a fresh random name beside it, syncs it and renames it into place, `0600`
/// throughout: a reader sees the old file or the whole new one, and a link planted in the folder is
/// replaced, never followed.
public enum AtomicFile {
    /// Writes a CSV file through `body` under a temporary name, then syncs it and renames it into place; on an
    /// error the temporary file is removed and `path` is left as it was.
    public static func write(
        to path: String, neutraliseFormulas: Bool = true, _ body: (CSVWriter) throws -> Void
    ) throws {
        let temporary = SecureFile.temporaryPath(beside: path)
        let writer = CSVWriter(
            descriptor: try SecureFile.createExclusive(temporary), path: temporary,
            neutraliseFormulas: neutraliseFormulas)
        do {
            try body(writer)
            try writer.close(sync: true)
        } catch {
            try? writer.close()
            unlink(temporary)
            throw error
        }
        try SecureFile.commit(temporary, to: path)
    }

    static func write(data: Data, to path: String) throws {
        let temporary = SecureFile.temporaryPath(beside: path)
        let handle = FileHandle(fileDescriptor: try SecureFile.createExclusive(temporary), closeOnDealloc: true)
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            unlink(temporary)
            throw error
        }
        try SecureFile.commit(temporary, to: path)
    }
}

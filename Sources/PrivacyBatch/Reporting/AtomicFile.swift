import Foundation

/// Writes a report to a temporary file beside it and renames it into place, `0600` throughout.
enum AtomicFile {
    static func write(to path: String, neutraliseFormulas: Bool = true, _ body: (CSVWriter) throws -> Void) throws {
        let temporary = path + ".partial"
        let writer = try CSVWriter(path: temporary, neutraliseFormulas: neutraliseFormulas)
        do {
            try body(writer)
            try writer.close()
        } catch {
            try? writer.close()
            unlink(temporary)
            throw error
        }
        try rename(temporary, to: path)
    }

    static func write(data: Data, to path: String) throws {
        let temporary = path + ".partial"
        try SecureFile.createIfMissing(temporary)
        guard let handle = FileHandle(forWritingAtPath: temporary) else {
            throw POSIXFailure(operation: "open", path: temporary)
        }
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: data)
        try handle.synchronize()
        try handle.close()
        try rename(temporary, to: path)
    }

    private static func rename(_ from: String, to path: String) throws {
        guard Foundation.rename(from, path) == 0 else { throw POSIXFailure(operation: "rename", path: path) }
    }
}

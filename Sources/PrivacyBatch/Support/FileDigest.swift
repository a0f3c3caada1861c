import Crypto
import Foundation
import PrivacyBatchCore

/// The SHA-256 of a file, read in 1 MiB chunks so any size hashes in constant memory.
public enum FileDigest {
    /// The hex SHA-256 of the file at `path`, hashed on a blocking-I/O thread (``BlockingWork``).
    public static func sha256(ofFile path: String) async throws -> String {
        try await BlockingWork.run { try hash(path) }
    }

    private static func hash(_ path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw POSIXFailure(operation: "open", path: path)
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
        }
        return Hexadecimal.encode(hasher.finalize())
    }
}

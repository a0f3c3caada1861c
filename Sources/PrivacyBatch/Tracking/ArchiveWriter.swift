import AgeEncryption
import Crypto
import Foundation
import PrivacyBatchCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes one retrieval archive to disk as it streams in: checked as a zip on the way, encrypted when its
/// protection says so (no plaintext byte then reaches the disk), never whole in memory.
///
/// The bytes go to a fresh temporary name beside the target, created exclusively; only a whole, checked,
/// synced file is renamed onto the target, so a crash leaves either no archive or a complete one. Used by one
/// task at a time (the download that streams it); file writes run off the cooperative pool.
final class ArchiveWriter {
    /// Where the archive goes.
    let target: String
    private let partial: String
    private let descriptor: Int32
    private var zip = StreamingZipCheck()
    private var encryptor: AgeEncryptor?
    private var hasher = SHA256()
    private var stored = 0
    private var isOpen = true

    /// What was stored.
    struct Stored: Sendable, Equatable {
        /// The archive's final path.
        var path: String
        /// Bytes of the stored file.
        var size: Int
        /// SHA-256 (hex) of the stored file, as it is on disk.
        var sha256: String
    }

    /// Opens a temporary file beside `target` (`0600`, never through a link) for an archive kept as `protection`.
    init(target: String, protection: ArchiveProtection) throws {
        if case .encrypted(let recipients) = protection {
            encryptor = try AgeEncryptor(recipients: recipients)
        }
        self.target = target
        partial = SecureFile.temporaryPath(beside: target)
        descriptor = try SecureFile.createExclusive(partial)
        if let header = encryptor?.header { try writeNow(header) }
    }

    deinit {
        abandon()
    }

    /// Checks and stores the next piece of the archive.
    func write(_ piece: [UInt8]) async throws {
        try zip.update(piece)
        try await store(try encrypted(piece))
    }

    /// Ends the archive: the zip must be whole; the file is synced and renamed onto the target. On failure the
    /// temporary file is removed at once.
    func commit() async throws -> Stored {
        do {
            return try await finish()
        } catch {
            abandon()
            throw error
        }
    }

    /// Removes the temporary file; nothing reaches the target.
    func abandon() {
        guard isOpen else { return }
        isOpen = false
        close(descriptor)
        unlink(partial)
    }

    private func finish() async throws -> Stored {
        _ = try zip.finish()
        if var active = encryptor.take() { try await store(try active.finish()) }
        let (descriptor, partial, target) = (descriptor, partial, target)
        try await BlockingWork.run {
            guard fsync(descriptor) == 0 else { throw POSIXFailure(operation: "fsync", path: partial) }
        }
        isOpen = false
        close(descriptor)
        try await BlockingWork.run { try SecureFile.commit(partial, to: target) }
        return Stored(path: target, size: stored, sha256: Hexadecimal.encode(hasher.finalize()))
    }

    private func encrypted(_ piece: [UInt8]) throws -> [UInt8] {
        guard var active = encryptor.take() else { return piece }
        let result = Result { () throws(AgeError) in try active.update(piece) }
        encryptor = consume active
        return try result.get()
    }

    private func store(_ bytes: [UInt8]) async throws {
        guard !bytes.isEmpty else { return }
        hasher.update(data: bytes)
        stored += bytes.count
        let (descriptor, partial) = (descriptor, partial)
        try await BlockingWork.run { try Self.writeAll(bytes, to: descriptor, path: partial) }
    }

    /// Writes the age header at creation, before any task may have started.
    private func writeNow(_ bytes: [UInt8]) throws {
        hasher.update(data: bytes)
        stored += bytes.count
        try Self.writeAll(bytes, to: descriptor, path: partial)
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
        do {
            try FileHandle(fileDescriptor: descriptor, closeOnDealloc: false).write(contentsOf: bytes)
        } catch {
            throw POSIXFailure(operation: "write", path: path)
        }
    }
}

import PrivacyBatchCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A text file written in pieces under a fresh `0600` name beside its final one, then synced and renamed into
/// place: evidence of a million rows streams to disk through a 64 KiB buffer, and a reader sees the old file or
/// the whole new one. Not thread-safe; used inside one read of the ledger.
final class StreamedFile {
    /// The final name.
    let path: String
    /// The name it is written under until ``commit()``.
    let temporary: String
    private var descriptor: Int32
    private var committed = false
    private var buffer: [UInt8] = []
    private static let flushThreshold = 65_536

    /// Creates the temporary file (exclusively, never through a link).
    init(path: String) throws {
        self.path = path
        temporary = SecureFile.temporaryPath(beside: path)
        descriptor = try SecureFile.createExclusive(temporary)
        buffer.reserveCapacity(Self.flushThreshold + 4_096)
    }

    deinit {
        // Dropped without commit (an error on the way): the partial file must not stay beside the evidence.
        if !committed { discard() }
    }

    /// Appends `text` as UTF-8.
    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Flushes, syncs and closes the temporary file; its bytes are final, but not under ``path`` yet.
    func finish() throws {
        guard descriptor >= 0 else { return }
        try flush()
        guard fsync(descriptor) == 0 else { throw POSIXFailure(operation: "fsync", path: temporary) }
        let closed = systemClose(descriptor)
        descriptor = -1
        guard closed == 0 else {
            unlink(temporary)
            throw POSIXFailure(operation: "close", path: temporary)
        }
    }

    /// Renames the finished file into place (``finish()`` first).
    func commit() throws {
        try finish()
        committed = true
        try SecureFile.commit(temporary, to: path)
    }

    /// Removes the temporary file of a write that is abandoned.
    func discard() {
        if descriptor >= 0 {
            _ = systemClose(descriptor)
            descriptor = -1
        }
        unlink(temporary)
    }

    private func flush() throws {
        while !buffer.isEmpty {
            let written = systemWrite(descriptor, buffer)
            if written < 0 {
                if errno == EINTR { continue }
                throw POSIXFailure(operation: "write", path: temporary)
            }
            // A short write (a signal, a nearly full disk): the rest moves to the front and is retried.
            buffer.removeFirst(written)
        }
    }
}

// The class's own `write` hides the system call's inside it.
private func systemClose(_ descriptor: Int32) -> Int32 { close(descriptor) }

/// The array is passed as the call's buffer by Swift's array-to-pointer conversion, valid for the call only.
private func systemWrite(_ descriptor: Int32, _ bytes: [UInt8]) -> Int {
    write(descriptor, bytes, bytes.count)
}

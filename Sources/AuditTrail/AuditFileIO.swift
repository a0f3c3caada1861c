import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The log file's descriptor and the few positioned reads the writer needs to find its end.
///
/// Reads go through `FileHandle` so the module needs no pointer code; the descriptor itself is opened with
/// `open(2)` because only that can say `O_NOFOLLOW` and `O_APPEND`.
struct AuditFileIO {
    let handle: FileHandle
    let path: String
    // Small, because lines are short and a backwards scan reads a chunk per line it steps over.
    private static let chunkSize = 4096

    /// Opens `path` for appending, creating it `0600`; refuses a link or anything but this user's regular
    /// file, and takes an exclusive lock so that two writers cannot interleave lines.
    static func openForAppend(_ path: String) throws(AuditLogError) -> AuditFileIO {
        var created = true
        var descriptor = open(path, O_CREAT | O_EXCL | O_RDWR | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if descriptor < 0, errno == EEXIST {
            created = false
            descriptor = open(path, O_RDWR | O_APPEND | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        }
        guard descriptor >= 0 else {
            if errno == ELOOP { throw .symbolicLink(path: path) }
            throw .system(operation: "open", path: path, code: errno)
        }
        let file = AuditFileIO(handle: FileHandle(fileDescriptor: descriptor, closeOnDealloc: true), path: path)
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .system(operation: "stat", path: path, code: errno) }
        guard status.st_mode & S_IFMT == S_IFREG, status.st_uid == geteuid() else {
            throw .notRegularFile(path: path)
        }
        // O_NONBLOCK only kept a FIFO planted at the path from hanging the open; regular files ignore it.
        guard fcntl(descriptor, F_SETFL, O_APPEND) == 0 else {
            throw .system(operation: "fcntl", path: path, code: errno)
        }
        try lock(descriptor, path)
        // The umask may have narrowed the mode further, never widened it; an existing file is tightened
        // because the log names the shoppers whose requests it records.
        guard fchmod(descriptor, 0o600) == 0 else { throw .system(operation: "chmod", path: path, code: errno) }
        if created { try syncFolder(of: path) }
        return file
    }

    /// Takes the writer's exclusive lock, waiting up to a second for it.
    ///
    /// The wait is for this process's own children: a child spawned (fork, then exec) by any thread shares
    /// every open file description until its exec closes the `O_CLOEXEC` ones, so a log just closed here
    /// can stay locked for a moment. A writer in another process holds it far longer and is refused.
    private static func lock(_ descriptor: Int32, _ path: String) throws(AuditLogError) {
        for _ in 0..<100 {
            if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return }
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw .system(operation: "flock", path: path, code: errno)
            }
            usleep(10_000)
        }
        throw .locked(path: path)
    }

    /// Makes a new file's name durable: without it a crash could lose the whole log after its first append
    /// was synced and committed, which would then look like truncation.
    private static func syncFolder(of path: String) throws(AuditLogError) {
        let folder = (path as NSString).deletingLastPathComponent
        let descriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .system(operation: "open", path: folder, code: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw .system(operation: "fsync", path: folder, code: errno) }
    }

    static func message(for code: Int32) -> String { String(cString: strerror(code)) }

    func size() throws(AuditLogError) -> UInt64 {
        do { return try handle.seekToEnd() } catch { throw failure("seek", error) }
    }

    func read(from offset: UInt64, count: Int) throws(AuditLogError) -> [UInt8] {
        do {
            try handle.seek(toOffset: offset)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(count)
            while bytes.count < count {
                guard let data = try handle.read(upToCount: count - bytes.count), !data.isEmpty else {
                    throw AuditLogError.system(operation: "read", path: path, code: EIO)
                }
                bytes.append(contentsOf: data)
            }
            return bytes
        } catch let error as AuditLogError {
            throw error
        } catch {
            throw failure("read", error)
        }
    }

    /// The offset of the last newline before `end`, reading backwards a chunk at a time so that finding the
    /// end of a large log costs one line's worth of reads, not the whole file.
    func lastNewline(before end: UInt64) throws(AuditLogError) -> UInt64? {
        var chunkEnd = end
        while chunkEnd > 0 {
            let chunkStart = chunkEnd > UInt64(Self.chunkSize) ? chunkEnd - UInt64(Self.chunkSize) : 0
            let chunk = try read(from: chunkStart, count: Int(chunkEnd - chunkStart))
            if let index = chunk.lastIndex(of: UInt8(ascii: "\n")) { return chunkStart + UInt64(index) }
            chunkEnd = chunkStart
        }
        return nil
    }

    func append(_ bytes: [UInt8]) throws(AuditLogError) {
        do { try handle.write(contentsOf: bytes) } catch { throw failure("write", error) }
    }

    func sync() throws(AuditLogError) {
        do { try handle.synchronize() } catch { throw failure("fsync", error) }
    }

    func truncate(at offset: UInt64) throws(AuditLogError) {
        do { try handle.truncate(atOffset: offset) } catch { throw failure("truncate", error) }
    }

    func closeFile() {
        try? handle.close()
    }

    private func failure(_ operation: String, _ error: any Error) -> AuditLogError {
        let code = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.code ?? Int(EIO)
        return .system(operation: operation, path: path, code: Int32(truncatingIfNeeded: code))
    }
}

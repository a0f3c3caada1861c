import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Creates folders `0700` and files `0600`, because ledgers and reports hold shoppers' personal data.
///
/// Nothing here follows a symbolic link or changes a folder the tool did not create: a link planted in a
/// run folder, or a shared folder given as `--reports`, must never make the tool write or chmod a file
/// outside the run. Every file is written beside its final name under a fresh random name created with
/// `O_EXCL|O_NOFOLLOW`, synced, renamed into place, and its folder synced.
public enum SecureFile {
    /// Creates `path` and any missing parents with mode `0700`, or checks that an existing `path` is safe
    /// to keep personal data in: a real folder (not a symbolic link), owned by this user, and not writable
    /// by group or others. An existing folder is never changed; an unsafe one is refused with the fix.
    public static func createDirectory(_ path: String) throws {
        var trimmed = path
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        if trimmed.isEmpty { trimmed = "." }
        if mkdir(trimmed, 0o700) == 0 {
            // Created here, so tightening it (against a permissive umask) changes nobody else's folder.
            guard chmod(trimmed, 0o700) == 0 else { throw POSIXFailure(operation: "chmod", path: trimmed) }
            return
        }
        switch errno {
        case EEXIST:
            try checkFolder(trimmed)
        case ENOENT:
            let parent = (trimmed as NSString).deletingLastPathComponent
            guard !parent.isEmpty, parent != trimmed else { throw POSIXFailure(operation: "mkdir", path: trimmed) }
            try createMissing(parent)
            // Once, not again recursively: a parent that still cannot hold it (a dangling link) is an error.
            guard mkdir(trimmed, 0o700) == 0 else {
                if errno == EEXIST { return try checkFolder(trimmed) }
                throw POSIXFailure(operation: "mkdir", path: trimmed)
            }
            guard chmod(trimmed, 0o700) == 0 else { throw POSIXFailure(operation: "chmod", path: trimmed) }
        default:
            throw POSIXFailure(operation: "mkdir", path: trimmed)
        }
    }

    /// Creates the missing parents of a folder; existing parents (`/tmp`, a home folder) are not checked,
    /// because only the folder the files go in decides who can plant or read them.
    private static func createMissing(_ path: String) throws {
        var status = stat()
        if stat(path, &status) == 0 { return }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try createMissing(parent) }
        if mkdir(path, 0o700) == 0 {
            guard chmod(path, 0o700) == 0 else { throw POSIXFailure(operation: "chmod", path: path) }
        } else if errno != EEXIST {
            throw POSIXFailure(operation: "mkdir", path: path)
        }
    }

    /// Refuses a folder that is a symbolic link, is not a folder, belongs to someone else, or that group
    /// or others can write to (they could plant links or swap files in it).
    public static func checkFolder(_ path: String) throws(ConfigurationError) {
        // `lstat("link/")` follows the link: the check is made on the name without its trailing slashes.
        var path = path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        var status = stat()
        guard lstat(path, &status) == 0 else {
            throw ConfigurationError("cannot inspect the folder \(path): \(String(cString: strerror(errno)))")
        }
        let type = status.st_mode & S_IFMT
        if type == S_IFLNK {
            throw ConfigurationError(
                "refusing to use \(path): it is a symbolic link; give the real folder it points to instead")
        }
        guard type == S_IFDIR else {
            throw ConfigurationError("refusing to use \(path): it is not a folder")
        }
        guard status.st_uid == geteuid() else {
            throw ConfigurationError(
                "refusing to use \(path): it belongs to another user (uid \(status.st_uid)); use a folder of your own"
            )
        }
        let mode = status.st_mode & 0o777
        guard mode & 0o022 == 0 else {
            throw ConfigurationError(
                "refusing to use \(path): group or others can write to it (mode \(String(mode, radix: 8))); run 'chmod go-w \(path)' or use a folder of your own"
            )
        }
    }

    /// Opens, creating it `0600` if missing, a file that must be a regular file of this user's: a symbolic
    /// link is refused (never followed, never chmod'ed), and an existing file is tightened to `0600`.
    public static func createIfMissing(_ path: String) throws {
        let descriptor = open(path, O_CREAT | O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            if errno == ELOOP {
                throw ConfigurationError(
                    "refusing to open \(path): it is a symbolic link; remove it (the tool never follows links in a run folder)"
                )
            }
            throw POSIXFailure(operation: "open", path: path)
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw POSIXFailure(operation: "stat", path: path) }
        guard status.st_mode & S_IFMT == S_IFREG, status.st_uid == geteuid() else {
            throw ConfigurationError("refusing to use \(path): it is not a regular file of yours")
        }
        guard fchmod(descriptor, 0o600) == 0 else { throw POSIXFailure(operation: "chmod", path: path) }
    }

    /// A fresh, unguessable name beside `path` for writing it: `.<name>.<random>.partial`.
    public static func temporaryPath(beside path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let random = Hexadecimal.encode((0..<8).map { _ in UInt8.random(in: 0...255) })
        return (folder as NSString).appendingPathComponent(".\(name).\(random).partial")
    }

    /// Creates `path` for writing, `0600`; fails if anything (a file, a link) already has that name.
    public static func createExclusive(_ path: String) throws -> Int32 {
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw POSIXFailure(operation: "create", path: path) }
        guard fchmod(descriptor, 0o600) == 0 else {
            let failure = POSIXFailure(operation: "chmod", path: path)
            close(descriptor)
            unlink(path)
            throw failure
        }
        return descriptor
    }

    /// Moves a finished, synced temporary file onto its final name and syncs the folder, so that after a
    /// crash the name holds either the old file or the whole new one.
    public static func commit(_ temporary: String, to path: String) throws {
        guard rename(temporary, path) == 0 else {
            let failure = POSIXFailure(operation: "rename", path: path)
            unlink(temporary)
            throw failure
        }
        try syncFolder(of: path)
    }

    /// Flushes a folder's entries (a rename, a new file) to disk.
    public static func syncFolder(of path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let descriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw POSIXFailure(operation: "open", path: folder) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw POSIXFailure(operation: "fsync", path: folder) }
    }
}

/// A failed system call on a path, with the system's reason.
public struct POSIXFailure: Error, CustomStringConvertible, Sendable {
    /// The call that failed.
    public let operation: String
    /// The path it was called on.
    public let path: String
    /// The `errno` at the time.
    public let code: Int32

    /// Captures `errno` for a failed call.
    public init(operation: String, path: String) {
        self.operation = operation
        self.path = path
        self.code = errno
    }

    /// The call, the path and the system's reason.
    public var description: String {
        "\(operation) \(path): \(String(cString: strerror(code)))"
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Creates folders `0700` and files `0600`, because ledgers and reports hold shoppers' personal data.
public enum SecureFile {
    /// Creates `path` and any missing parents with mode `0700`; tightens an existing folder to `0700`.
    public static func createDirectory(_ path: String) throws {
        try FileManager.default.createDirectory(
            atPath: path,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
        guard chmod(path, 0o700) == 0 else { throw POSIXFailure(operation: "chmod", path: path) }
    }

    /// Creates an empty file with mode `0600` unless it exists; an existing file is tightened to `0600`.
    public static func createIfMissing(_ path: String) throws {
        let descriptor = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw POSIXFailure(operation: "open", path: path) }
        defer { close(descriptor) }
        guard fchmod(descriptor, 0o600) == 0 else { throw POSIXFailure(operation: "chmod", path: path) }
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

import Foundation

/// Runs a standard tool (`age`, `openssl`) as a child process, waiting without blocking a thread, to check our
/// files against the reference implementation.
public enum ExternalTool {
    /// What the tool did.
    public struct Result: Sendable {
        /// Its exit status.
        public var status: Int32
        /// Its standard output, as bytes.
        public var output: Data
        /// Its standard error.
        public var errors: String
    }

    /// Whether the tool is installed (CI installs `age` and `openssl`; a test that needs one fails without it).
    public static func isInstalled(_ path: String) -> Bool {
        FileManager.default.isExecutableFile(atPath: path)
    }

    /// Runs `path arguments…` in `directory` to its end.
    public static func run(_ path: String, _ arguments: [String], in directory: String) async throws -> Result {
        let id = UUID().uuidString.prefix(8)
        let outputPath = (directory as NSString).appendingPathComponent(".tool-\(id).out")
        let errorPath = (directory as NSString).appendingPathComponent(".tool-\(id).err")
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outputPath)
            try? FileManager.default.removeItem(atPath: errorPath)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        process.standardInput = FileHandle.nullDevice
        let status = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, Error>) in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return Result(
            status: status,
            output: (try? Data(contentsOf: URL(fileURLWithPath: outputPath))) ?? Data(),
            errors: (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "")
    }
}

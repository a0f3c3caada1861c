import Foundation
import Testing

/// Runs `/usr/bin/openssl`; the interop tests must fail, not skip, when it is missing.
enum OpenSSL {
    static let path = "/usr/bin/openssl"

    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Output {
        try #require(
            FileManager.default.isExecutableFile(atPath: path),
            "openssl is required for the interop tests but was not found at \(path)",
            sourceLocation: sourceLocation)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Outputs here are a few hundred bytes, far below a pipe's buffer, so reading after exit cannot block.
        process.waitUntilExit()
        let out = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return Output(status: process.terminationStatus, stdout: out, stderr: err)
    }

    /// Runs and requires success, showing openssl's error otherwise.
    @discardableResult
    static func succeed(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Output {
        let output = try run(arguments, sourceLocation: sourceLocation)
        try #require(
            output.status == 0, "openssl \(arguments.joined(separator: " ")) failed: \(output.stderr)",
            sourceLocation: sourceLocation)
        return output
    }
}

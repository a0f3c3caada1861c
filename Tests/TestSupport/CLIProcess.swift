import Foundation

/// Runs the built `privacy-batch` executable as a child process, as an operator would.
public final class CLIProcess: @unchecked Sendable {
    /// What a finished process left behind.
    public struct Result: Sendable {
        /// The exit code, or 128 + signal when it was killed.
        public var status: Int32
        /// Everything it printed on stdout.
        public var stdout: String
        /// Everything it printed on stderr.
        public var stderr: String
    }

    private let process = Process()
    private let stdoutFile: String
    private let stderrFile: String

    /// Starts `privacy-batch arguments…` in `directory` with `environment` added to a clean one.
    public init(_ arguments: [String], directory: String, environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: Samples.executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var base = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory]
        base.merge(environment) { _, new in new }
        process.environment = base
        let id = UUID().uuidString.prefix(8)
        stdoutFile = (directory as NSString).appendingPathComponent(".cli-\(id).out")
        stderrFile = (directory as NSString).appendingPathComponent(".cli-\(id).err")
        _ = FileManager.default.createFile(atPath: stdoutFile, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrFile, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: stdoutFile)
        process.standardError = FileHandle(forWritingAtPath: stderrFile)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Runs to the end and returns what it did.
    public static func run(
        _ arguments: [String], directory: String, environment: [String: String] = [:]
    ) throws
        -> Result
    {
        let child = try CLIProcess(arguments, directory: directory, environment: environment)
        return child.wait()
    }

    /// The process id.
    public var pid: Int32 { process.processIdentifier }

    /// What it printed on stdout so far.
    public var stdoutSoFar: String { (try? String(contentsOfFile: stdoutFile, encoding: .utf8)) ?? "" }

    /// Sends a signal.
    public func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for the end.
    public func wait() -> Result {
        process.waitUntilExit()
        let status =
            process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return Result(
            status: status,
            stdout: (try? String(contentsOfFile: stdoutFile, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: stderrFile, encoding: .utf8)) ?? ""
        )
    }

    /// Polls `condition` every 50 ms for up to `seconds`; returns whether it became true.
    public static func eventually(within seconds: Double = 60, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(50_000)
        }
        return try condition()
    }
}

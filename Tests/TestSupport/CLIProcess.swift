import Foundation
import PrivacyBatchLedger
import Synchronization

/// Runs the built `privacy-batch` executable as a child process, as an operator would.
///
/// Waiting never blocks a thread: tests run in parallel on a small cooperative pool, and a blocked
/// thread there would starve the in-process simulators other tests depend on.
public final class CLIProcess: Sendable {
    /// What a finished process left behind.
    public struct Result: Sendable {
        /// The exit code, or 128 + signal when it was killed.
        public var status: Int32
        /// Everything it printed on stdout.
        public var stdout: String
        /// Everything it printed on stderr.
        public var stderr: String
    }

    private let process: Mutex<Process>
    private let identifier: Int32
    private let stdoutFile: String
    private let stderrFile: String
    private let exit = ExitState()

    /// Starts `privacy-batch arguments…` in `directory` with `environment` added to a clean one.
    public init(_ arguments: [String], directory: String, environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Samples.executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var base = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory,
            RecordKeyring.environmentVariable: try RecordKey.testingFile(in: directory),
        ]
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
        let exit = self.exit
        process.terminationHandler = { finished in
            let status =
                finished.terminationReason == .uncaughtSignal
                ? 128 + finished.terminationStatus : finished.terminationStatus
            let waiters = exit.state.withLock { state in
                state.status = status
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(returning: status) }
        }
        try process.run()
        identifier = process.processIdentifier
        self.process = Mutex(process)
    }

    /// Runs to the end and returns what it did.
    public static func run(
        _ arguments: [String],
        directory: String,
        environment: [String: String] = [:]
    ) async throws -> Result {
        try await CLIProcess(arguments, directory: directory, environment: environment).wait()
    }

    /// What it printed on stdout so far.
    public var stdoutSoFar: String { (try? String(contentsOfFile: stdoutFile, encoding: .utf8)) ?? "" }

    /// What it printed on stderr so far.
    public var stderrSoFar: String { (try? String(contentsOfFile: stderrFile, encoding: .utf8)) ?? "" }

    /// Sends a signal.
    public func signal(_ number: Int32) {
        kill(identifier, number)
    }

    /// Waits for the end without blocking a thread.
    public func wait() async -> Result {
        let status = await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            let known = exit.state.withLock { state -> Int32? in
                if let status = state.status { return status }
                state.waiters.append(continuation)
                return nil
            }
            if let known { continuation.resume(returning: known) }
        }
        return Result(
            status: status,
            stdout: (try? String(contentsOfFile: stdoutFile, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: stderrFile, encoding: .utf8)) ?? ""
        )
    }
}

/// A child's exit status and the tasks waiting for it.
private final class ExitState: Sendable {
    let state = Mutex<(status: Int32?, waiters: [CheckedContinuation<Int32, Never>])>((nil, []))
}

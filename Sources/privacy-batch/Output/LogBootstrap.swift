import Logging
import Synchronization

/// Installs the process's swift-log handler exactly once (swift-log forbids a second bootstrap).
enum LogBootstrap {
    private static let done = Mutex(false)

    /// Bootstraps swift-log with `format` at `level`, unless an earlier call already did.
    static func once(format: OutputOptions.LogFormat, level: Logger.Level) {
        let first = done.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                switch format {
                case .text: StreamLogHandler.standardError(label: label)
                case .json: JSONLogHandler(label: label)
                }
            handler.logLevel = level
            return handler
        }
    }
}

import Logging

/// The `--verbose` line of every API request: operation, row, HTTP status and latency, never personal data.
///
/// The row is a task-local set by whoever works on a row (the engine, the tracker), so the client, which
/// sees only requests, can name it without being told about rows.
public enum RequestLog {
    /// The data row the current task's requests are for, when there is one.
    @TaskLocal public static var row: Int?

    static let logger = Logger(label: "privacy-batch.api")

    /// Logs one finished request at `debug` (shown by `--verbose`).
    static func record(operation: String, status: Int?, milliseconds: Int, outcome: String) {
        guard logger.logLevel <= .debug else { return }
        var metadata: Logger.Metadata = ["operation": "\(operation)", "ms": "\(milliseconds)", "outcome": "\(outcome)"]
        if let row { metadata["row"] = "\(row)" }
        if let status { metadata["http"] = "\(status)" }
        logger.debug("request", metadata: metadata)
    }

    /// Logs a cut of the pacing rate at `debug`, with the throttled share so far.
    package static func rateChanged(from old: Double, to new: Double, throttled: Int, requests: Int) {
        guard logger.logLevel <= .debug else { return }
        logger.debug(
            "rate",
            metadata: [
                "from": "\((old * 10).rounded() / 10)", "to": "\((new * 10).rounded() / 10)",
                "throttled": "\(throttled)", "requests": "\(requests)",
            ])
    }
}

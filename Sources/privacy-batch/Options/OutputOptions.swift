import ArgumentParser
import Logging

/// How a command reports: `--json`, `--quiet`, `--verbose`, `--log-format`.
struct OutputOptions: ParsableArguments {
    /// The shape of log lines (swift-log), for people or for log shippers.
    enum LogFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
        case text
        case json
    }

    @Flag(help: "Print one JSON document on stdout (schema: docs/JSON.md); human lines go to stderr.")
    var json = false

    @Flag(name: [.short, .long], help: "Print errors only.")
    var quiet = false

    @Flag(name: [.short, .long], help: "Print a line per request (row, operation, HTTP status, latency) on stderr.")
    var verbose = false

    @Option(help: "Log line format on stderr: text or json (default: PRIVACY_BATCH_LOG_FORMAT, else text).")
    var logFormat: LogFormat?

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose contradict each other; give one.") }
    }

    /// Puts the settings in force for the rest of the process: console levels and the log handler.
    func apply(environment: [String: String]) {
        Console.configure(Console.Settings(json: json, quiet: quiet, verbose: verbose))
        let format = logFormat ?? environment["PRIVACY_BATCH_LOG_FORMAT"].flatMap(LogFormat.init(rawValue:)) ?? .text
        let level: Logger.Level = verbose ? .debug : quiet ? .error : .notice
        LogBootstrap.once(format: format, level: level)
    }
}

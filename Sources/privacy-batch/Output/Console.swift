import Foundation
import Synchronization

/// Where the CLI talks to people and scripts: results on stdout, progress and errors on stderr.
///
/// With `--json`, stdout carries exactly one JSON document and every human line moves to stderr; with
/// `--quiet`, only errors are printed. Nothing printed here may hold an email or a token: rows are named by
/// number and line.
enum Console {
    /// How much to print, and where; set once from ``OutputOptions`` before a command runs.
    struct Settings: Sendable, Equatable {
        /// Stdout is reserved for the command's JSON document.
        var json = false
        /// Errors only.
        var quiet = false
        /// A line per request and per pacing change, on stderr.
        var verbose = false
    }

    private static let current = Mutex(Settings())

    /// Replaces the output settings.
    static func configure(_ settings: Settings) {
        current.withLock { $0 = settings }
    }

    /// The output settings in force.
    static var settings: Settings { current.withLock { $0 } }

    /// A result line: stdout, or stderr when stdout carries the JSON document; nothing with `--quiet`.
    static func out(_ text: String) {
        let settings = settings
        guard !settings.quiet else { return }
        write(text, to: settings.json ? FileHandle.standardError : FileHandle.standardOutput)
    }

    /// Progress and advice, on stderr; nothing with `--quiet`.
    static func note(_ text: String) {
        guard !settings.quiet else { return }
        write(text, to: FileHandle.standardError)
    }

    /// A detail only `--verbose` asks for, on stderr.
    static func detail(_ text: String) {
        guard settings.verbose else { return }
        write(text, to: FileHandle.standardError)
    }

    /// An error, always printed.
    static func error(_ text: String) {
        write("privacy-batch: error: " + text, to: FileHandle.standardError)
    }

    /// Prints the command's JSON document on stdout when `--json` asked for one.
    static func document(_ document: some Encodable) {
        guard settings.json else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document) else { return }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    private static func write(_ line: String, to handle: FileHandle) {
        handle.write(Data((line + "\n").utf8))
    }
}

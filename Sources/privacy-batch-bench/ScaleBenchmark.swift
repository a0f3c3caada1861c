import Foundation

/// Peak RSS and wall time of the follow-up commands on a sandbox run of N rows, at several N, with ratios.
///
/// Each command runs as a child of a fresh `measure-child` process, whose `getrusage(RUSAGE_CHILDREN)` is then
/// that one command's peak (the embedded simulator included: the sandbox runs in the command's process).
enum ScaleBenchmark {
    struct Measurement {
        var command: String
        var peakMiB: Double
        var seconds: Double
        var status: Int32
    }

    static func run(arguments: [String]) async throws {
        let sizes = (BenchSupport.option("--rows", in: arguments) ?? "10000,1000000").split(separator: ",")
            .compactMap { Int($0) }
        let keep = arguments.contains("--keep")
        let cli = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("privacy-batch").path
        var results: [Int: [Measurement]] = [:]
        for rows in sizes {
            let work = NSTemporaryDirectory() + "privacy-batch-scale-\(getpid())-\(rows)"
            defer { if !keep { try? FileManager.default.removeItem(atPath: work) } }
            let state = ScaleState(reports: work + "/reports", rows: rows)
            let (_, seeding) = try await BenchSupport.time { try await state.create() }
            say(String(format: "== %d rows (state written in %.1f s, under %@)", rows, seeding, work))
            var measured: [Measurement] = []
            for (name, command) in commands(state) {
                let measurement = try measure(name, command, cli: cli, log: work + "/commands.log")
                say(
                    String(
                        format: "%-16@ %8.1f MiB %8.1f s  exit %d", name, measurement.peakMiB,
                        measurement.seconds, measurement.status))
                measured.append(measurement)
            }
            results[rows] = measured
        }
        guard let small = sizes.first, let large = sizes.last, small != large,
            let base = results[small], let top = results[large]
        else { return }
        say("== ratios, \(large) rows over \(small) rows (goal: peak RSS ≤ 96 MiB and ≤ 1.2×)")
        say("| command | peak RSS \(small) | peak RSS \(large) | ratio | wall \(small) | wall \(large) |")
        say("| --- | --- | --- | --- | --- | --- |")
        for (low, high) in zip(base, top) {
            say(
                String(
                    format: "| `%@` | %.1f MiB | %.1f MiB | %.2f× | %.1f s | %.1f s |", low.command, low.peakMiB,
                    high.peakMiB, high.peakMiB / max(low.peakMiB, 0.1), low.seconds, high.seconds))
        }
    }

    /// Prints a line at once, so a long run shows its progress in a log.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// The commands measured, in an order where each has work.
    static func commands(_ state: ScaleState) -> [(String, [String])] {
        let reports = ["--reports", state.reports]
        let pace = ["--rate", "10000", "--concurrency", "64"]
        // Cancels first and early: the holds last 180 s (sandbox days are seconds). `status --watch` is
        // interrupted (SIGINT, as Ctrl-C) once its first round has checked every open task.
        return [
            ("cancel --rows", ["cancel", state.run, "--rows", state.selectorFile] + reports + pace),
            ("status", ["status", state.run] + reports + pace),
            ("status --watch", ["--stop-after", "open tasks:", "status", state.run, "--watch"] + reports + pace),
            ("cancel --all", ["cancel", state.run, "--all"] + reports + pace),
            ("events apply", ["events", "apply", state.run, state.eventsFile] + reports + pace),
            ("download", ["download", state.run] + reports + pace),
            ("report", ["report", state.run] + reports),
            ("evidence", ["evidence", state.run] + reports),
            ("runs", ["runs"] + reports),
        ]
    }

    /// Runs `command` under a fresh `measure-child` and reads back its peak RSS, wall time and exit status.
    static func measure(_ name: String, _ command: [String], cli: String, log: String) throws -> Measurement {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        let stop = command.first == "--stop-after" ? Array(command.prefix(2)) : []
        process.arguments = ["measure-child", log] + stop + [cli] + command.dropFirst(stop.count)
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let fields = String(decoding: output, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard fields.count == 3, let kib = Double(fields[0]), let seconds = Double(fields[1]),
            let status = Int32(fields[2])
        else { throw CocoaError(.fileReadCorruptFile) }
        return Measurement(command: name, peakMiB: kib / 1024, seconds: seconds, status: status)
    }

    /// The child side: runs one command (its output appended to `log`) and prints `peakKiB seconds status`.
    ///
    /// `--stop-after TEXT` interrupts the command (SIGINT) when its standard error first shows `TEXT`.
    static func child(arguments: [String]) async throws {
        var arguments = arguments[...]
        guard let logPath = arguments.popFirst() else { throw CocoaError(.fileReadInvalidFileName) }
        var stopText: String?
        if arguments.first == "--stop-after" {
            arguments = arguments.dropFirst()
            stopText = arguments.popFirst()
        }
        guard let program = arguments.popFirst() else { throw CocoaError(.fileReadInvalidFileName) }
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try log.seekToEnd()
        log.write(Data("$ \(program) \(arguments.joined(separator: " "))\n".utf8))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = Array(arguments)
        process.standardOutput = log
        let errors = Pipe()
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let (_, seconds) = try await BenchSupport.time {
            try process.run()
            var seen = ""
            var interrupted = false
            while true {
                let data = errors.fileHandleForReading.availableData
                if data.isEmpty { break }
                log.write(data)
                guard let stopText, !interrupted else { continue }
                seen = String((seen + String(decoding: data, as: UTF8.self)).suffix(4096))
                if seen.contains(stopText) {
                    interrupted = true
                    process.interrupt()
                }
            }
            process.waitUntilExit()
        }
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        print("\(usage.ru_maxrss) \(seconds) \(process.terminationStatus)")
    }
}

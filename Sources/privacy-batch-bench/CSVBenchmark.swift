import Foundation
import PrivacyBatch
import PrivacyBatchCore

import class CSV.CSVReader

/// `privacy-batch-bench csv [FILE | --generate N]`: our reader against CSV.swift and Python's csv + re.
enum CSVBenchmark {
    /// Why the benchmark cannot run.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// One measured pass over the file.
    struct Measurement {
        var name: String
        var rows: Int
        /// Wall-clock seconds.
        var seconds: Double
        /// CPU seconds of the thread (user + system): unlike wall time, not stretched when other
        /// processes compete for the CPU.
        var cpuSeconds: Double

        var rowsPerSecond: Double { Double(rows) / seconds }
        var rowsPerCPUSecond: Double { Double(rows) / cpuSeconds }

        /// The better wall time and the better CPU time of two runs.
        func best(with other: Measurement) -> Measurement {
            Measurement(
                name: name, rows: rows, seconds: min(seconds, other.seconds),
                cpuSeconds: min(cpuSeconds, other.cpuSeconds))
        }
    }

    /// Wall and CPU time since creation.
    struct Stopwatch {
        let wallStart = ContinuousClock.now
        let cpuStart = Stopwatch.threadCPUSeconds()

        var wallSeconds: Double {
            let duration = ContinuousClock.now - wallStart
            return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }

        var cpuSeconds: Double { Stopwatch.threadCPUSeconds() - cpuStart }

        static func threadCPUSeconds() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        }
    }

    static let usage = "usage: privacy-batch-bench csv [FILE | --generate N] [--runs N]"

    /// Runs the benchmark and prints one table.
    static func run(arguments: [String]) throws {
        var arguments = arguments
        var runs = 3
        if let flag = arguments.firstIndex(of: "--runs") {
            guard flag + 1 < arguments.count, let count = Int(arguments[flag + 1]), count > 0 else {
                throw Failure(description: "--runs needs a positive count\n\(usage)")
            }
            runs = count
            arguments.removeSubrange(flag...(flag + 1))
        }
        let path: String
        var generated = false
        switch arguments.count {
        case 1 where !arguments[0].hasPrefix("-"):
            path = arguments[0]
        case 2 where arguments[0] == "--generate":
            guard let count = Int(arguments[1]), count > 0 else {
                throw Failure(description: "--generate needs a positive row count\n\(usage)")
            }
            path = NSTemporaryDirectory() + "privacy-batch-bench-\(ProcessInfo.processInfo.processIdentifier).csv"
            try generate(rows: count, path: path)
            generated = true
        default:
            throw Failure(description: usage)
        }
        defer {
            if generated { try? FileManager.default.removeItem(atPath: path) }
        }
        let bytes = try fileSize(path)

        // The machine's speed drifts over seconds (other tenants of the host), and a peer run takes up to
        // 4 s, so runs are interleaved: ours, CSV.swift, ours, Python, ours, and so on. Every peer run is
        // compared with the mean time of the two passes of ours around it. The table gives the ratio of
        // the best times, and the median of those paired ratios, which the drift cannot favour either way.
        let hasPython = findOnPath("python3") != nil
        let first = try measureOurs(path: path)
        // Read right after our first pass, before any peer has run, so their memory does not count.
        let peakRSS = peakResidentBytes()
        let summary = first.summary
        var ours = first.measurement
        var peers: [PeerResults] = [PeerResults(name: "yaslab/CSV.swift 2.5.2")]
        if hasPython {
            peers.append(PeerResults(name: "python3 csv + re.fullmatch"))
        } else {
            print("python3 not found on PATH: Python peer skipped")
        }
        var before = first.measurement
        for _ in 0..<runs {
            for index in peers.indices {
                let theirs = index == 0 ? try measureCSVSwift(path: path) : try measurePython(path: path)
                let after = try measureOurs(path: path).measurement
                peers[index].record(theirs, oursBefore: before, oursAfter: after)
                ours = ours.best(with: after)
                before = after
            }
        }

        let megabytes = Double(bytes) / 1_000_000
        print("CSV benchmark: \(path) (\(summary.rowsRead) rows, \(format(megabytes, digits: 1)) MB)")
        print(
            "\(runs) runs per peer, interleaved with \(runs * peers.count + 1) passes of ours; times are each peer's best; "
                + "ours÷theirs = their best time ÷ our best time (wall, CPU); paired = median and range over runs of "
                + "their time ÷ the mean time of our two passes just before and after")
        print(
            pad("peer", 28) + lpad("rows", 9) + lpad("wall s", 8) + lpad("CPU s", 8) + lpad("rows/s", 10)
                + lpad("MB/s", 7) + lpad("ours÷theirs", 13) + lpad("CPU", 8) + lpad("paired", 9) + lpad("range", 13))
        print(
            pad(ours.name, 28) + lpad("\(ours.rows)", 9) + lpad(format(ours.seconds, digits: 3), 8)
                + lpad(format(ours.cpuSeconds, digits: 3), 8) + lpad(format(ours.rowsPerSecond, digits: 0), 10)
                + lpad(format(megabytes / ours.seconds, digits: 1), 7) + lpad("1.00×", 13))
        for peer in peers {
            guard let best = peer.best else { continue }
            print(
                pad(peer.name, 28) + lpad("\(best.rows)", 9) + lpad(format(best.seconds, digits: 3), 8)
                    + lpad(format(best.cpuSeconds, digits: 3), 8) + lpad(format(best.rowsPerSecond, digits: 0), 10)
                    + lpad(format(megabytes / best.seconds, digits: 1), 7)
                    + lpad(format(ours.rowsPerSecond / best.rowsPerSecond, digits: 2) + "×", 13)
                    + lpad(format(ours.rowsPerCPUSecond / best.rowsPerCPUSecond, digits: 2) + "×", 8)
                    + lpad(format(median(peer.ratios), digits: 2) + "×", 9)
                    + lpad(
                        format(peer.ratios.min() ?? 0, digits: 1) + "–" + format(peer.ratios.max() ?? 0, digits: 1)
                            + "×", 13))
        }
        print(
            "ours: \(summary.validRows) valid, \(summary.invalidRows) invalid (\(summary.duplicates) duplicates)")
        print(
            "peak RSS after our pass (VmHWM): "
                + (peakRSS.map { format(Double($0) / 1_048_576, digits: 1) + " MiB" } ?? "unknown")
                + "; duplicate index at end of our pass: \(format(Double(first.indexBytes) / 1_048_576, digits: 1)) MiB"
        )
        for entries in [10_000, 1_000_000] {
            print(
                "duplicate index with \(entries) entries: "
                    + "\(format(duplicateIndexBytesPerEntry(entries: entries), digits: 2)) bytes per entry")
        }
    }

    // MARK: Peers

    /// A peer's runs, each paired with the passes of ours just before and after it.
    struct PeerResults {
        var name: String
        var best: Measurement?
        /// Per run: the peer's wall time ÷ the mean wall time of our two passes around it.
        var ratios: [Double] = []

        init(name: String) {
            self.name = name
        }

        mutating func record(_ theirs: Measurement, oursBefore: Measurement, oursAfter: Measurement) {
            best = best.map { $0.best(with: theirs) } ?? theirs
            // Per row, so a peer that counted rows differently would show it.
            let ours = (oursBefore.seconds / Double(oursBefore.rows) + oursAfter.seconds / Double(oursAfter.rows)) / 2
            ratios.append(theirs.seconds / Double(theirs.rows) / ours)
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    static func measureOurs(
        path: String
    ) throws -> (
        measurement: Measurement, summary: ValidationSummary, indexBytes: Int
    ) {
        let stopwatch = Stopwatch()
        let reader = try RequestFileReader(path: path)
        var summary = ValidationSummary()
        while let row = try reader.nextRow() {
            summary.record(row)
        }
        return (
            Measurement(
                name: "privacy-batch (ours)", rows: summary.rowsRead, seconds: stopwatch.wallSeconds,
                cpuSeconds: stopwatch.cpuSeconds),
            summary, reader.duplicateIndexFootprint
        )
    }

    static func measureCSVSwift(path: String) throws -> Measurement {
        let stopwatch = Stopwatch()
        guard let stream = InputStream(fileAtPath: path) else {
            throw Failure(description: "CSV.swift: cannot open \(path)")
        }
        let reader = try CSVReader(stream: stream, hasHeaderRow: true)
        var rows = 0
        while reader.next() != nil {
            rows += 1
        }
        return Measurement(
            name: "yaslab/CSV.swift 2.5.2", rows: rows, seconds: stopwatch.wallSeconds,
            cpuSeconds: stopwatch.cpuSeconds)
    }

    static func measurePython(path: String) throws -> Measurement {
        guard let python = findOnPath("python3") else { throw Failure(description: "python3 not found") }
        let script = NSTemporaryDirectory() + "privacy-batch-bench-\(ProcessInfo.processInfo.processIdentifier).py"
        try pythonScript.write(toFile: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: script) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let fields = String(decoding: data, as: UTF8.self).split(separator: " ")
        guard process.terminationStatus == 0, fields.count >= 3, let rows = Int(fields[0]),
            let seconds = Double(fields[1]), let cpuSeconds = Double(fields[2])
        else {
            throw Failure(description: "the Python peer failed (status \(process.terminationStatus))")
        }
        return Measurement(name: "python3 csv + re.fullmatch", rows: rows, seconds: seconds, cpuSeconds: cpuSeconds)
    }

    /// The same rules as ours, timed inside Python so interpreter start-up does not count.
    static let pythonScript = #"""
        import csv, re, sys, time
        PATTERN = re.compile(r'^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+[.][a-zA-Z]{2,}$')
        TYPES = {'deletion': 'D', 'delete': 'D', 'erasure': 'D', 'retrieval': 'R', 'retrieve': 'R', 'access': 'R'}
        def main(path):
            start = time.perf_counter()
            cpu_start = time.process_time()
            rows = valid = invalid = duplicates = 0
            seen = set()
            with open(path, newline='', encoding='utf-8-sig') as f:
                reader = csv.reader(f)
                header = [h.strip().lower().replace('-', '_').replace(' ', '_') for h in next(reader)]
                ie = header.index('email')
                it = header.index('request_type') if 'request_type' in header else header.index('type')
                ih = header.index('holding_period') if 'holding_period' in header else None
                width = len(header)
                for row in reader:
                    if not row:
                        continue
                    rows += 1
                    if len(row) != width:
                        invalid += 1
                        continue
                    email = row[ie].strip(' \t')
                    kind = TYPES.get(row[it].strip(' \t').lower())
                    ok = bool(email) and PATTERN.fullmatch(email) is not None and kind is not None
                    held = row[ih].strip(' \t') if ih is not None else ''
                    if held:
                        if kind == 'R':
                            ok = False
                        else:
                            try:
                                ok = ok and 0 <= int(held) <= 180
                            except ValueError:
                                ok = False
                    if not ok:
                        invalid += 1
                        continue
                    key = (email.lower(), kind)
                    if key in seen:
                        duplicates += 1
                        continue
                    seen.add(key)
                    valid += 1
            print(rows, time.perf_counter() - start, time.process_time() - cpu_start, valid, invalid, duplicates)
        main(sys.argv[1])
        """#

    // MARK: Input

    /// Four short columns; about 2% invalid rows and 1% duplicates, like a real export.
    static func generate(rows: Int, path: String) throws {
        let writer = try CSVWriter(path: path, neutraliseFormulas: false)
        try writer.write(["email", "request_type", "holding_period", "ticket_id"])
        for index in 1...rows {
            var source = index
            if index % 97 == 0, index > 10 {
                source = index - 10
            }
            let deletion = source % 10 < 7
            var email = "shopper\(source)@example.com"
            var holdingPeriod = deletion ? "30" : ""
            if index % 50 == 0 {
                email = "shopper\(source)@example"
            } else if index % 101 == 0, deletion {
                holdingPeriod = "200"
            }
            try writer.write([email, deletion ? "deletion" : "retrieval", holdingPeriod, "T\(index)"])
        }
        try writer.close()
    }

    // MARK: Helpers

    static func duplicateIndexBytesPerEntry(entries: Int) -> Double {
        let index = DuplicateIndex()
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for line in 0..<entries {
            // xorshift64: cheap distinct keys without Foundation's random number generator.
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            _ = index.lineOfEarlierEntry(forKey: state, line: line + 2)
        }
        return index.bytesPerEntry
    }

    static func peakResidentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count >= 2, let kilobytes = Int(parts[1]) { return kilobytes * 1_024 }
        }
        return nil
    }

    static func fileSize(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.size] as? NSNumber)?.intValue ?? 0
    }

    static func findOnPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func format(_ value: Double, digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    static func lpad(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }
}

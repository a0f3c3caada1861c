import Foundation
import PrivacyBatch
import PrivacyBatchLedger

/// Shows progress on stderr: a live line on a terminal, a plain line every 10 seconds otherwise.
///
/// With the run's limiter it also shows the pacer's current rate and the share of throttled answers.
actor ProgressLine {
    private let total: Int
    private let unit: String
    private let limiter: RateLimiter?
    private let isTerminal = Console.stderrIsTerminal
    private let started = ContinuousClock.now
    private var done = 0
    private var counts: [String: Int] = [:]
    private var lastPrint = ContinuousClock.now

    /// A line for `total` items of `unit` (`rows`, `tasks`, `archives`).
    init(total: Int, unit: String = "rows", limiter: RateLimiter? = nil) {
        self.total = total
        self.unit = unit
        self.limiter = limiter
    }

    /// `count` more items are done (a tracking command's batch of answers).
    func advance(by count: Int) async {
        done += count
        await emitIfDue()
    }

    func record(_ answers: [SubmissionAnswer]) async {
        for answer in answers {
            switch answer.result {
            case .accepted: counts["submitted", default: 0] += 1
            case .rejected: counts["rejected", default: 0] += 1
            case .gaveUp: counts["gave up for now (a rerun sends them)", default: 0] += 1
            case .interrupted: counts["stopped before sending (a rerun sends them)", default: 0] += 1
            }
            if answer.isAnswered { done += 1 }
        }
        await emitIfDue()
    }

    private func emitIfDue() async {
        let interval: Duration = isTerminal ? .milliseconds(200) : .seconds(10)
        if ContinuousClock.now - lastPrint >= interval { await emit() }
    }

    /// Prints the final count (so a log also shows where the command ended) and ends a terminal's live line.
    func finish() async {
        if done > 0 { await emit() }
        if isTerminal { Console.note("") }
    }

    private func emit() async {
        guard !Console.settings.quiet else { return }
        lastPrint = .now
        let pacing = await limiter?.summary()
        let elapsed = max(0.001, seconds(ContinuousClock.now - started))
        let rate = Double(done) / elapsed
        let remaining = max(0, total - done)
        let eta = rate > 0 ? formatDuration(Double(remaining) / rate) : "?"
        let detail = counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        var line = String(format: "%d/%d %@, %.1f/s, ETA %@", done, total, unit, rate, eta)
        if !detail.isEmpty { line += " — " + detail }
        if let pacing {
            line += String(
                format: " — pace %.1f/s, throttled %.1f%% of %d requests", pacing.finalRate,
                pacing.throttledShare * 100, pacing.requests)
        }
        if isTerminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        } else {
            Console.note(line)
        }
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// "1h02m", "3m05s", "12s".
func formatDuration(_ seconds: Double) -> String {
    let total = Int(seconds.rounded())
    if total >= 3600 { return String(format: "%dh%02dm", total / 3600, total % 3600 / 60) }
    if total >= 60 { return String(format: "%dm%02ds", total / 60, total % 60) }
    return "\(total)s"
}

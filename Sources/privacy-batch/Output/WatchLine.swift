import Foundation
import PrivacyBatch
import PrivacyBatchLedger

/// The line a watch prints between rounds: open tasks per status and when each is next checked.
///
/// During a holding period the next check can be days away; saying when, and why, is what tells an
/// operator the watch is alive and not stuck.
enum WatchLine {
    /// E.g. `open tasks: 412 — 409 ON_HOLD, next check 2026-12-03 18:00 UTC (after the holding period); 3 IN_PROGRESS, next check in 6 h`.
    static func describe(_ groups: [OpenTaskGroup], remaining: Int, now: Date) -> String {
        guard !groups.isEmpty else { return "open tasks: none — every task is final" }
        let parts = groups.map { group in
            let why = group.status == "ON_HOLD" ? " (after the holding period)" : ""
            return "\(group.count) \(group.status), next check \(when(group.nextCheck, now: now))\(why)"
        }
        return "open tasks: \(remaining) — " + parts.joined(separator: "; ")
    }

    /// `now`, `in 40 s`, `in 6 h`, or a UTC date and time when it is more than a day away.
    static func when(_ date: Date, now: Date) -> String {
        let seconds = date.timeIntervalSince(now)
        switch seconds {
        case ..<1: return "now"
        case ..<120: return "in \(Int(seconds.rounded())) s"
        case ..<(120 * 60): return "in \(Int((seconds / 60).rounded())) min"
        case ..<86_400: return "in \(Int((seconds / 3600).rounded())) h"
        default:
            return date.formatted(
                .iso8601.year().month().day().dateSeparator(.dash).dateTimeSeparator(.space).time(
                    includingFractionalSeconds: false)) + " UTC"
        }
    }
}

import Foundation
import PrivacyBatch
import PrivacyBatchCore

/// How a `follow-up` digest reads for a person: what needs them first, by run, with line numbers only.
enum DigestPrinter {
    /// One line of what a pass did to a run.
    static func passLine(_ digest: RunDigest) -> String {
        guard let tally = digest.tally else { return "\(digest.run): nothing done" }
        let parts: [(Int, String)] = [
            (tally.refreshed, "tasks refreshed"), (tally.unknown, "unknown to the API"),
            (tally.queriesFailed, "queries failed"), (tally.reopened, "open-order failures sent again"),
            (tally.superseded, "open-order failures held by another row"), (tally.gaveUp, "given up"),
            (tally.sent, "tasks created"), (tally.notSent, "not sent"), (tally.archivesSaved, "archives saved"),
            (tally.archivesFailed, "archives failed"),
            (tally.archivesDeleted, "archives deleted after their retention"),
            (tally.archivesWithoutRecipient, "archives waiting for a recipient"),
            (tally.minimised, "rows minimised"),
            (tally.minimisedPastMaximum, "of them needing a person past --retain-pii-max"),
            (tally.gaveUpAtRetention, "open-order failures given up with their values"),
        ]
        let said = parts.filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        return "\(digest.run): " + (said.isEmpty ? "nothing done" : said.joined(separator: ", "))
    }

    /// The news of a watch round: the runs with something new for a person.
    static func printNews(_ digests: [RunDigest]) {
        for digest in digests where digest.needsAPerson { printRun(digest) }
    }

    /// The digest, last of the command's output: every run that needs a person, then one line for the rest.
    static func print(_ digests: [RunDigest]) {
        Console.out("== follow-up digest")
        let attention = digests.filter { $0.needsAPerson }
        for digest in attention { printRun(digest) }
        for digest in digests { if let skipped = digest.skipped { Console.note("\(digest.run): \(skipped)") } }
        let waiting = digests.filter { !$0.needsAPerson && !$0.waiting.isEmpty }
        for digest in waiting {
            Console.out("\(digest.run): already told, still waiting: \(describe(digest.waiting))")
        }
        let deadlines = digests.reduce(into: [DeadlineState: Int]()) { total, digest in
            total.merge(digest.deadlines, uniquingKeysWith: +)
        }
        if !deadlines.isEmpty {
            Console.out(
                "deadlines: "
                    + DeadlineState.displayOrder.compactMap { state in
                        deadlines[state].map { "\(state.rawValue) \($0)" }
                    }
                    .joined(separator: ", "))
        }
        printPersonalData(digests)
        Console.out(
            attention.isEmpty
                ? "nothing new needs a person (\(digests.count) runs)"
                : "\(attention.count) of \(digests.count) runs need a person")
    }

    /// What the pass minimised, rows that needed a person among them (their values are gone: the retry files no
    /// longer hold them), and when the next rows go.
    private static func printPersonalData(_ digests: [RunDigest]) {
        let minimised = digests.reduce(0) { $0 + ($1.tally?.minimised ?? 0) }
        let pastMaximum = digests.reduce(0) { $0 + ($1.tally?.minimisedPastMaximum ?? 0) }
        var parts: [String] = []
        if minimised > 0 { parts.append("\(minimised) rows minimised this pass") }
        if pastMaximum > 0 {
            parts.append(
                "\(pastMaximum) of them needed a person and reached --retain-pii-max: fix them from the original file")
        }
        if let next = digests.compactMap(\.nextMinimisation).min() {
            parts.append("next rows minimised at \(Timestamp.string(next))")
        }
        if !parts.isEmpty { Console.out("personal data: " + parts.joined(separator: "; ")) }
    }

    private static func printRun(_ digest: RunDigest) {
        if let problem = digest.problem { Console.out("\(digest.run): \(problem)") }
        for (attention, lines) in digest.newLines.sorted(by: { $0.key < $1.key }) {
            let total = digest.waiting[attention] ?? lines.count
            let shown = lines.map(String.init).joined(separator: ", ")
            let more = total > lines.count ? " …" : ""
            Console.out("\(digest.run): \(total) \(attention.advice) (new: lines \(shown)\(more))")
        }
    }

    private static func describe(_ waiting: [Attention: Int]) -> String {
        waiting.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.rawValue)" }.joined(separator: ", ")
    }
}

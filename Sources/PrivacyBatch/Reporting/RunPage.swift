import Foundation
import PrivacyBatchCore
import PrivacyBatchLedger

/// `report.html`: one self-contained page per run for the compliance record — counts, a chart over time,
/// the rows that need a person and the commands that continue the run.
///
/// No script, no style sheet, font or image from anywhere: it opens offline and prints as it shows.
/// It names rows by number and line and never holds an email.
public struct RunPage: Sendable {
    /// A row a person must look at, without its cells.
    public struct Attention: Sendable, Equatable {
        /// The data row number.
        public var row: Int
        /// The line it starts on.
        public var line: Int
        /// Its outcome.
        public var outcome: Outcome
        /// The error code, when there is one.
        public var errorCode: String?
    }

    /// How many rows needing a person the page lists; `failures.csv` has them all.
    public static let attentionLimit = 50

    var run: RunRecord
    var counts: ReportWriter.Counts
    var attention: [Attention]
    var activity: [ActivityBucket]
    var commands: [String]
    var writtenAt: String

    /// The whole page.
    public func html() -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>privacy-batch run \(escape(run.name))</title>
            <style>\(Self.style)</style></head><body>
            <h1>Run <code>\(escape(run.name))</code></h1>
            <p class="meta">Input <code>\(escape(run.inputPath))</code> (SHA-256 <code>\(escape(run.inputSHA256))</code>)
            · endpoint <code>\(escape(run.endpoint ?? "sandbox"))</code> · started \(escape(run.createdAt))
            · page written \(escape(writtenAt))</p>

            """
        page += outcomeTable()
        page += typeTable()
        page += deadlineTable()
        page += chart()
        page += attentionTable()
        page += commandList()
        page += "</body></html>\n"
        return page
    }

    private func deadlineTable() -> String {
        guard !counts.deadlines.isEmpty else { return "" }
        let rule = run.deadline?.description ?? ""
        let rows = DeadlineState.displayOrder.compactMap { state -> String? in
            guard let count = counts.deadlines[state] else { return nil }
            return "<tr><th>\(state.rawValue)</th><td data-deadline=\"\(state.rawValue)\">\(count)</td></tr>"
        }
        return """
            <h2>Deadlines (\(escape(rule)))</h2>
            <table class="counts"><tbody>
            \(rows.joined(separator: "\n"))
            </tbody></table>

            """
    }

    private func outcomeTable() -> String {
        var rows = ""
        for outcome in Outcome.allCases where counts[outcome] > 0 {
            rows +=
                "<tr><th>\(outcome.rawValue)</th><td data-outcome=\"\(outcome.rawValue)\">\(counts[outcome])</td></tr>\n"
        }
        return """
            <h2>Outcomes</h2>
            <table class="counts"><tbody>
            \(rows)<tr class="total"><th>rows</th><td data-total="rows">\(counts.rows)</td></tr>
            <tr><th>in failures.csv (a person must act)</th><td data-total="failures">\(counts.failures)</td></tr>
            <tr><th>in orders-not-closed.csv</th><td data-total="ordersNotClosed">\(counts.ordersNotClosed)</td></tr>
            <tr><th>minimised (keyed hash and masked email only)</th><td data-total="minimised">\(counts.minimised)</td></tr>
            </tbody></table>

            """
    }

    private func typeTable() -> String {
        let outcomes = Outcome.allCases.filter { counts[$0] > 0 }
        let header = outcomes.map { "<th>\($0.rawValue)</th>" }.joined()
        var body = ""
        for type in counts.byType.keys.sorted() {
            let perOutcome = counts.byType[type] ?? [:]
            let cells = outcomes.map { outcome in
                "<td data-type=\"\(escape(type))\" data-outcome=\"\(outcome.rawValue)\">\(perOutcome[outcome] ?? 0)</td>"
            }
            body += "<tr><th>\(escape(type))</th>\(cells.joined())</tr>\n"
        }
        return """
            <h2>By request type</h2>
            <table class="grid"><thead><tr><th></th>\(header)</tr></thead><tbody>
            \(body)</tbody></table>

            """
    }

    /// An inline SVG bar chart: per time bucket, requests sent, throttled answers and tasks found final.
    private func chart() -> String {
        guard !activity.isEmpty else { return "<h2>Over time</h2><p>No request sent yet.</p>\n" }
        let width = 720.0
        let height = 180.0
        let peak = Double(max(1, activity.map { max($0.requests, $0.completions) }.max() ?? 1))
        let slot = width / Double(activity.count)
        let bar = max(1, slot / 3 - 1)
        var shapes = ""
        for (index, bucket) in activity.enumerated() {
            let x = Double(index) * slot
            let label = escape(Self.time(bucket.start))
            let series: [(kind: String, value: Int, what: String)] = [
                ("requests", bucket.requests, "requests"), ("throttled", bucket.throttled, "throttled answers"),
                ("completions", bucket.completions, "tasks final"),
            ]
            for (offset, item) in series.enumerated() {
                let barHeight = Double(item.value) / peak * (height - 20)
                shapes += """
                    <rect class="\(item.kind)" x="\(format(x + Double(offset) * (bar + 1)))" \
                    y="\(format(height - barHeight))" width="\(format(bar))" height="\(format(barHeight))">\
                    <title>\(label): \(item.value) \(item.what)</title></rect>

                    """
            }
        }
        let first = escape(Self.time(activity.first?.start ?? 0))
        let last = escape(Self.time((activity.last?.start ?? 0) + (activity.last?.seconds ?? 0)))
        let bucketLength = activity.first?.seconds ?? 1
        return """
            <h2>Over time</h2>
            <p class="legend"><span class="key requests"></span> API requests (every attempt)
            <span class="key throttled"></span> throttled answers
            <span class="key completions"></span> tasks found final · \(bucketLength) s per bar, peak \(Int(peak))</p>
            <svg viewBox="0 0 \(Int(width)) \(Int(height))" width="100%" role="img" aria-label="activity over time">
            \(shapes)</svg>
            <p class="axis"><span>\(first)</span><span>\(last)</span></p>

            """
    }

    /// A bucket's start as an ISO-8601 UTC time.
    private static func time(_ seconds: Int) -> String {
        Timestamp.string(Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    private func attentionTable() -> String {
        guard !attention.isEmpty else { return "<h2>Rows that need a person</h2><p>None.</p>\n" }
        var rows = ""
        for item in attention {
            rows +=
                "<tr><td>\(item.row)</td><td>\(item.line)</td><td>\(item.outcome.rawValue)</td><td>\(escape(item.errorCode ?? ""))</td></tr>\n"
        }
        let more =
            counts.failures > attention.count
            ? "<p>The first \(attention.count) of \(counts.failures); failures.csv has every one.</p>" : ""
        return """
            <h2>Rows that need a person</h2>
            <table class="grid"><thead><tr><th>row</th><th>line</th><th>outcome</th><th>error code</th></tr></thead>
            <tbody>
            \(rows)</tbody></table>
            \(more)

            """
    }

    private func commandList() -> String {
        guard !commands.isEmpty else { return "<h2>To continue</h2><p>Nothing is left to do.</p>\n" }
        let items = commands.map { "<li><code>\(escape($0))</code></li>" }.joined(separator: "\n")
        return "<h2>To continue</h2>\n<ul>\n\(items)\n</ul>\n"
    }

    private func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    private func escape(_ text: String) -> String { HTMLText.escape(text) }

    private static let style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;color:#111;padding:0 1em}
        h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
        code{font-family:ui-monospace,monospace;font-size:.92em}.meta{color:#444}
        table{border-collapse:collapse;margin:.4em 0}th,td{padding:.2em .7em;border:1px solid #ddd;text-align:right}
        th{text-align:left;font-weight:600}.total th,.total td{border-top:2px solid #888}
        svg{border:1px solid #ddd;background:#fafafa}rect.requests,.key.requests{fill:#3a6ea5;background:#3a6ea5}
        rect.completions,.key.completions{fill:#5a9e4b;background:#5a9e4b}
        rect.throttled,.key.throttled{fill:#c0392b;background:#c0392b}
        .key{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 1em;vertical-align:middle}
        .axis{display:flex;justify-content:space-between;color:#555;font-size:.85em;margin:0}
        @media print{body{margin:0;max-width:none}svg{background:none}h2{break-after:avoid}table{break-inside:avoid}}
        """
}

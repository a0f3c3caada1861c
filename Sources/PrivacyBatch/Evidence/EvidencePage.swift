import PrivacyBatchCore

/// `evidence.html`: the evidence of a run for people, to print and file. The summary comes first (the run, the tool,
/// counts by type and outcome, deadline results, the audit head), then a compact table of rows.
///
/// Written in pieces (``head()``, ``row(_:)``, ``tail(listed:)``) as the rows stream from the ledger. No script, no
/// asset from anywhere; print styles keep it to a few pages: the table lists the first ``rowLimit`` rows, and
/// `evidence.json` has every one. Like the JSON, it holds masked emails and keyed hashes, never an address.
struct EvidencePage {
    /// How many rows the printed table lists.
    static let rowLimit = 200

    /// The run.
    var run: EvidenceRun
    /// The rows' counts.
    var counts: EvidenceCounts
    /// The version of privacy-batch that wrote the evidence.
    var toolVersion: String
    /// When the evidence was written (ISO-8601).
    var writtenAt: String
    /// Whether `evidence.json` is signed (`evidence.json.sig`).
    var signed: Bool

    /// The page up to the first row of its table.
    func head() -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>privacy-batch evidence \(Self.escape(run.name))</title>
            <style>\(Self.style)</style></head><body>
            <h1>Evidence of run <code>\(Self.escape(run.name))</code></h1>
            <table class="facts"><tbody>
            \(facts().map { "<tr><th>\($0.0)</th><td>\($0.1)</td></tr>" }.joined(separator: "\n"))
            </tbody></table>

            """
        page += typeTable()
        page += deadlineTable()
        page += """
            <h2>Rows</h2>
            <table class="rows"><thead><tr><th>row</th><th>line</th><th>type</th><th>subject</th><th>shopper</th>\
            <th>task</th><th>submitted</th><th>outcome</th><th>final</th><th>due</th><th>deadline</th></tr></thead>
            <tbody>

            """
        return page
    }

    /// One row of the table.
    static func row(_ row: EvidenceRow) -> String {
        let cells = [
            String(row.row), String(row.line), row.type ?? "", row.subject.map { String($0.prefix(12)) + "…" } ?? "",
            row.maskedEmail ?? "", row.taskId ?? "", day(row.submittedAt), row.outcome, day(row.finalAt),
            row.dueAt ?? "", row.deadline ?? "",
        ]
        return "<tr>" + cells.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n"
    }

    /// The end of the page, once `listed` rows are in the table.
    func tail(listed: Int) -> String {
        var end = "</tbody></table>\n"
        if counts.rows > listed {
            end += "<p class=\"note\">The first \(listed) of \(counts.rows) rows; evidence.json lists every one.</p>\n"
        }
        end += """
            <p class="note">Subjects are keyed hashes (HMAC-SHA-256 under record key \
            <code>\(Self.escape(run.recordKeyId ?? "none"))</code>) of the shoppers' addresses; the addresses \
            themselves are not kept here. Deadline states are as of \(Self.escape(writtenAt)).</p>
            </body></html>

            """
        return end
    }

    private func facts() -> [(String, String)] {
        let head =
            run.auditHead.map { "seq \($0.seq), SHA-256 <code>\(Self.escape($0.hash))</code>" }
            ?? "none recorded"
        return [
            ("input SHA-256", "<code>\(Self.escape(run.inputSHA256))</code>"),
            ("endpoint", "<code>\(Self.escape(run.endpoint))</code>"),
            ("target id", Self.escape(run.targetId ?? "none")),
            ("created", Self.escape(run.createdAt)),
            ("evidence written", Self.escape(writtenAt)),
            ("tool", "privacy-batch \(Self.escape(toolVersion))"),
            ("deadline rule", Self.escape(run.deadlineRule ?? "none")),
            ("audit log head", head),
            ("signature", signed ? "evidence.json.sig (Ed25519 over evidence.json's bytes)" : "not signed"),
            (
                "rows",
                "\(counts.rows) (\(counts.minimised) minimised)"
                    + (run.ingestComplete ? "" : "; the run stopped before reading its whole file")
            ),
        ]
    }

    private func typeTable() -> String {
        let outcomes = counts.byOutcome.keys.sorted()
        let header = outcomes.map { "<th>\(Self.escape($0))</th>" }.joined()
        var body = ""
        for type in counts.byType.keys.sorted() {
            let perOutcome = counts.byType[type] ?? [:]
            body +=
                "<tr><th>\(Self.escape(type))</th>"
                + outcomes.map { "<td>\(perOutcome[$0] ?? 0)</td>" }.joined() + "</tr>\n"
        }
        let totals = outcomes.map { "<td>\(counts.byOutcome[$0] ?? 0)</td>" }.joined()
        return """
            <h2>By request type and outcome</h2>
            <table class="grid"><thead><tr><th></th>\(header)</tr></thead><tbody>
            \(body)<tr class="total"><th>all</th>\(totals)</tr>
            </tbody></table>

            """
    }

    private func deadlineTable() -> String {
        guard !counts.deadlines.isEmpty else { return "<h2>Deadlines</h2><p>No row has a received date.</p>\n" }
        let rows = DeadlineState.displayOrder.compactMap { state -> String? in
            guard let count = counts.deadlines[state.rawValue] else { return nil }
            return "<tr><th>\(state.rawValue)</th><td>\(count)</td></tr>"
        }
        return """
            <h2>Deadlines (\(Self.escape(run.deadlineRule ?? "")))</h2>
            <table class="grid"><tbody>
            \(rows.joined(separator: "\n"))
            </tbody></table>

            """
    }

    /// The day of an ISO-8601 time, for the printed table; evidence.json has the whole time.
    private static func day(_ time: String?) -> String {
        time.map { String($0.prefix(10)) } ?? ""
    }

    private static func escape(_ text: String) -> String { HTMLText.escape(text) }

    private static let style = """
        body{font:12px/1.4 system-ui,sans-serif;margin:2em auto;max-width:64em;color:#111;padding:0 1em}
        h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.4em;border-bottom:1px solid #ccc}
        code{font-family:ui-monospace,monospace;font-size:.92em;word-break:break-all}
        table{border-collapse:collapse;margin:.4em 0}th,td{padding:.15em .5em;border:1px solid #ddd;text-align:left}
        .grid td{text-align:right}.total th,.total td{border-top:2px solid #888}
        .rows{width:100%;font-size:.9em}.rows td{white-space:nowrap}.note{color:#444}
        @page{size:A4 landscape;margin:12mm}
        @media print{body{margin:0;max-width:none;padding:0}h2{break-after:avoid}.facts,.grid{break-inside:avoid}
        thead{display:table-header-group}tr{break-inside:avoid}}
        """
}

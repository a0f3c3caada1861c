import Foundation
import PrivacyAPISimulator
import TestSupport
import Testing

/// `report.html`: the run page a compliance record keeps, checked against `summary.json`.
@Suite(.serialized) struct RunPageTests {
    struct Summary: Decodable {
        var rows: Int
        var failures: Int
        var ordersNotClosed: Int
        var outcomes: [String: Int]
        var byType: [String: [String: Int]]
    }

    /// Every `data-KEY="VALUE">N<` cell of the page, as (VALUE, N).
    static func cells(_ html: String, attribute: String) throws -> [String: Int] {
        let pattern = try Regex("<td \(attribute)=\"([A-Z_a-z]+)\">([0-9]+)</td>")
        var found: [String: Int] = [:]
        for match in html.matches(of: pattern) {
            guard let key = match.output[1].substring, let value = match.output[2].substring else { continue }
            found[String(key)] = Int(value)
        }
        return found
    }

    @Test func thePageCountsWhatSummaryJsonCountsAndHoldsNoEmail() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let run = try await sandboxRun("mixed.csv", reports: reports, in: directory, ["--wait", "--quiet"])
        #expect(run.status == 1, "\(run.stderr)")
        let html = try String(contentsOfFile: reports + "/mixed/report.html", encoding: .utf8)
        let summary = try JSONDecoder().decode(
            Summary.self, from: Data(contentsOf: URL(fileURLWithPath: reports + "/mixed/summary.json")))

        #expect(try Self.cells(html, attribute: "data-outcome") == summary.outcomes)
        let totals = try Self.cells(html, attribute: "data-total")
        #expect(totals["rows"] == summary.rows)
        #expect(totals["failures"] == summary.failures)
        #expect(totals["ordersNotClosed"] == summary.ordersNotClosed)
        var byType: [String: [String: Int]] = [:]
        for match in html.matches(of: try Regex("<td data-type=\"([a-z]+)\" data-outcome=\"([A-Z_]+)\">([0-9]+)</td>"))
        {
            guard let type = match.output[1].substring, let outcome = match.output[2].substring,
                let count = match.output[3].substring.flatMap({ Int($0) }), count > 0
            else { continue }
            byType[String(type), default: [:]][String(outcome)] = count
        }
        #expect(byType == summary.byType)
        // The two failed tasks (open orders, unknown shopper) are listed by row and line.
        #expect(html.contains("<td>5</td><td>6</td><td>FAILED</td><td>ORDERS_NOT_CLOSED</td>"))
        #expect(html.contains("<svg"))
        #expect(!html.contains("@example"))
        // Self-contained: nothing is fetched when it opens.
        #expect(!html.contains("src="))
        #expect(!html.contains("<link"))
        #expect(!html.contains("<script"))
    }

    struct Pacing: Decodable {
        struct Counts: Decodable {
            var requests: Int
            var throttled: Int
        }
        var pacing: Counts
    }

    @Test func theChartCountsTheRequestsAndThrottledAnswersThePacerSaw() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try GeneratedInput.write(to: directory.file("paced.csv"), count: 25)
        var configuration = SimulatorConfiguration()
        configuration.rate = 5
        configuration.burst = 1
        try await SimulatorHarness.withSimulator(configuration) { baseURL, _ in
            let reports = directory.file("reports")
            let run = try await CLIProcess.run(
                ["run", input, "--endpoint", baseURL, "--reports", reports, "--yes", "--quiet"],
                directory: directory.path, environment: simulatorEnvironment())
            #expect(run.status == 0, "\(run.stderr)")
            let html = try String(contentsOfFile: reports + "/paced/report.html", encoding: .utf8)
            let pacing = try JSONDecoder().decode(
                Pacing.self, from: Data(contentsOf: URL(fileURLWithPath: reports + "/paced/summary.json"))
            ).pacing
            func total(_ what: String) throws -> Int {
                try html.matches(of: try Regex(": ([0-9]+) \(what)</title>")).reduce(0) { sum, match in
                    sum + (match.output[1].substring.flatMap { Int($0) } ?? 0)
                }
            }
            #expect(pacing.throttled > 0)
            #expect(try total("throttled answers") == pacing.throttled)
            #expect(try total("requests") == pacing.requests)
        }
    }

    @Test func thePageOfAnUnfinishedRunNamesTheCommandsThatContinueIt() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let run = try await sandboxRun("retrievals.csv", reports: reports, in: directory, ["--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOfFile: reports + "/retrievals/report.html", encoding: .utf8)
        #expect(html.contains("privacy-batch follow-up retrievals"))
    }
}

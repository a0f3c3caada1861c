import Foundation
import PrivacyBatchCore
import PrivacyBatchLedger

/// What a plan says of a file's received dates: the rule, and the rows already late or bound to be.
///
/// It only counts: a row's values are sent as the file holds them, whatever its deadline.
public struct DeadlineCounts: Sendable, Equatable {
    /// The rule due dates are computed with.
    public var rule: DeadlineRule
    /// Whether the rule is GDPR's month because no `--deadline` was given.
    public var ruleIsDefault: Bool
    /// Days the API may take after a deletion's holding period.
    public var processingDays: Int
    /// Valid rows with a received date.
    public var dated = 0
    /// Rows whose due date has passed already.
    public var overdue = 0
    /// Rows not overdue whose holding period plus the processing allowance ends after their due date.
    public var atRisk = 0
    /// Rows received after today: a typo or a clock problem.
    public var inFuture = 0
    /// Rows whose dates could be read two ways, and the first one's line.
    public var ambiguous = 0
    /// See ``ambiguous``.
    public var firstAmbiguousLine: Int?
    /// When the counts are taken.
    let now: Date

    /// The counts for a new run of `request`, or `nil` when its file has no received date column.
    init?(request: BatchRun.Request, mapping: ColumnMapping, now: Date = Date()) {
        guard mapping.index(of: .receivedAt) != nil else { return nil }
        rule = request.deadline ?? .gdpr
        ruleIsDefault = request.deadline == nil
        processingDays = request.processingDays
        self.now = now
    }

    /// The counts for the rest of an existing run's file, under the rule it was started with.
    init?(record: RunRecord, processingDays: Int?, now: Date = Date()) {
        guard let rule = record.deadline else { return nil }
        self.rule = rule
        ruleIsDefault = false
        self.processingDays = processingDays ?? DeadlinePlan.defaultProcessingDays
        self.now = now
    }

    /// Counts a valid request.
    mutating func count(_ request: PrivacyRequest) {
        guard let received = request.receivedAt else { return }
        dated += 1
        let plan = DeadlinePlan(
            received: received.day, rule: rule, holdingDays: request.holdingPeriod ?? 0,
            processingDays: processingDays, now: now)
        switch plan.state {
        case .overdue: overdue += 1
        case .atRisk: atRisk += 1
        default: break
        }
        if plan.isReceivedInFuture(now: now) { inFuture += 1 }
    }

    /// Counts a row whose date could be read two ways.
    mutating func ambiguous(line: Int) {
        ambiguous += 1
        if firstAmbiguousLine == nil { firstAmbiguousLine = line }
    }

    /// Refuses the file when a date could be read two ways: guessing would move a legal deadline.
    func checkDates(path: String) throws(RequestFileError) {
        guard let line = firstAmbiguousLine else { return }
        throw .ambiguousDates(path: path, rows: ambiguous, firstLine: line)
    }

    /// The plan's line about deadlines.
    public var description: String {
        var text = "deadlines: \(dated) rows with a received date, due by \(rule.description)"
        if ruleIsDefault { text += " (the default: no --deadline given)" }
        text +=
            "; already overdue: \(overdue); at risk (holding period + \(processingDays) processing days ends after the due date): \(atRisk)"
        if inFuture > 0 { text += "; received in the future (check the dates): \(inFuture)" }
        return text
    }
}

import AuditTrail
import Foundation
import PrivacyBatchCore
import PrivacyBatchLedger

/// `verify`: checks a run's audit log line by line, its end against the head the ledger recorded, and every
/// row of the ledger against what the log says happened to it.
///
/// The log is read once, streaming, on a blocking-I/O thread, replaying rows into ``AuditReplay``'s fixed-size
/// records; the ledger is then read through one cursor in row order. Memory is the replay's few bytes per row.
public enum RunVerifier {
    /// Verifies the run in `folder`, taking its lock for the read; throws when it cannot read the run (in use,
    /// no ledger, an unreadable file).
    public static func verify(_ folder: RunFolder) async throws -> RunVerification {
        try folder.checkIfPresent()
        guard let lock = try RunLock.ifFree(folder: folder) else {
            throw ConfigurationError(
                "run '\(folder.name)' is in use by another privacy-batch process; verify it when that has finished")
        }
        defer { withExtendedLifetime(lock) {} }
        guard folder.hasLedger else { throw ConfigurationError("\(folder.path) holds no ledger") }
        let ledger = try Ledger(path: folder.ledger)
        guard let record = try await ledger.run() else {
            throw ConfigurationError("the ledger \(folder.ledger) holds no run")
        }
        let (recorded, lastRow) = try await ledger.read { (try $0.auditHead(), try $0.lastRow()) }
        let expected = recorded.map { AuditHead(seq: $0.seq, hash: $0.hash) }
        var result = RunVerification(
            run: folder.name, endpoint: record.endpoint, entries: 0, head: .genesis, recordedHead: expected, rows: 0,
            problem: nil)
        let url = RunAudit.url(in: folder)
        guard FileManager.default.fileExists(atPath: url.path) else {
            result.problem = .init(
                message: expected.map {
                    "audit.jsonl is missing, but the ledger recorded its head at \($0): the log was removed"
                } ?? "the run has no audit log yet (it predates it): any command that opens the run starts one")
            return result
        }
        let (chain, replay, replayProblem) = try await BlockingWork.run {
            var replay = AuditReplay(lastRow: lastRow)
            var problem: AuditReplay.Problem?
            let chain = try AuditChainVerifier.verify(url, expectedHead: expected ?? .genesis) { entry in
                guard problem == nil else { return }
                do throws(AuditReplay.Problem) { try replay.apply(entry) } catch { problem = error }
            }
            return (chain, replay, problem)
        }
        result.entries = chain.head.seq
        result.head = chain.head
        if let failure = chain.failure {
            result.problem = .init(line: failure.line, message: message(for: failure.reason))
            return result
        }
        if let replayProblem {
            result.problem = .init(line: replayProblem.line, message: replayProblem.message)
            return result
        }
        let (rows, disagreement) = try await ledger.read { snapshot in
            var rows = 0
            var found: RunVerification.Problem?
            try snapshot.forEachRow { row in
                guard found == nil else { return }
                rows += 1
                if let message = replay.disagreement(with: row) { found = .init(row: row.row, message: message) }
            }
            return (rows, found)
        }
        result.rows = rows
        result.problem = disagreement
        return result
    }

    /// The chain verifier's reason, said in terms of the run.
    private static func message(for reason: AuditChainFailureReason) -> String {
        switch reason {
        case .entriesPastHead(let count):
            "\(count) \(count == 1 ? "entry" : "entries") past the head the ledger recorded: written, but the ledger never committed them (a crash between the two, or a forged entry); the next command that opens the run adopts entries a crash left"
        case .brokenLink:
            "\(reason): the line before it was edited, or lines were moved or removed"
        case .unexpectedSeq:
            "\(reason): a line was removed, moved or inserted"
        case .truncated:
            "\(reason) (recorded in the ledger)"
        case .headMismatch:
            "\(reason); the ledger recorded this head, so the log was replaced or rewritten"
        default:
            reason.description
        }
    }
}

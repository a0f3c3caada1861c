import PrivacyBatchCore
import PrivacyBatchLedger

/// Feeds the engine in the order that makes a resume safe, one chunk at a time.
///
/// First the rows a previous run left `SUBMITTING` (their answers were lost; the same client token
/// makes resending them harmless), then rows stored but never answered (`PENDING`, `ERROR`), then the
/// rest of the input file, read only as fast as the engine takes it — which is the backpressure that
/// keeps memory flat whatever the file's size.
///
/// Every chunk it returns is already durably `SUBMITTING` in the ledger: rows from the ledger are marked in
/// one transaction, rows from the file are stored that way as they are ingested — one synchronous commit per
/// chunk, and no request can leave before its row is marked.
///
/// Rows never sent before (from the file, or `PENDING`) are first claimed in the request index: a row whose
/// request another row already holds is stored `ALREADY_REQUESTED` instead, and its token carries the
/// generation the index gives. Rows that may have been sent (`SUBMITTING`, `ERROR`) hold their request
/// already and go with the token they were sent with.
struct WorkSource {
    private enum Phase {
        case ledger(states: [RowState], after: Int)
        case file
        case done
    }

    private let ledger: Ledger
    private let run: RunRecord
    private let reader: OffPoolRequestReader?
    private let claims: RunClaims
    /// Where each chunk's sends are logged before the ledger marks them (`nil`: not logged).
    private let audit: RunAudit?
    private let chunkSize: Int
    /// Send only the rows the ledger holds, never reading the file (a follow-up pass).
    private let storedOnly: Bool
    private var phase: Phase = .ledger(states: [.submitting], after: 0)
    /// Rows this run resent from `SUBMITTING`: at most what was in flight when an earlier run ended.
    private var resentThisRun: Set<Int> = []

    init(
        ledger: Ledger, run: RunRecord, reader: OffPoolRequestReader?, claims: RunClaims, chunkSize: Int = 256,
        storedOnly: Bool = false, audit: RunAudit? = nil
    ) {
        self.storedOnly = storedOnly
        self.audit = audit
        self.ledger = ledger
        self.run = run
        self.reader = reader
        self.claims = claims
        self.chunkSize = chunkSize
    }

    /// The next chunk of rows to send, stored in the ledger already; `nil` when there is no more work.
    mutating func nextChunk() async throws -> [PendingSubmission]? {
        while true {
            switch phase {
            case .ledger(let states, let after):
                let rows = try await ledger.rows(in: states, after: after, limit: chunkSize)
                if let last = rows.last {
                    phase = .ledger(states: states, after: last.row)
                    // A row resent from SUBMITTING that gives up this run becomes ERROR; the PENDING/ERROR pass
                    // must not take it again, or it would get twice its attempts and share of the retry budget.
                    let fresh = states == [.submitting] ? rows : rows.filter { !resentThisRun.contains($0.row) }
                    if states == [.submitting] { resentThisRun.formUnion(rows.map(\.row)) }
                    guard !fresh.isEmpty else { continue }
                    return try await hold(fresh)
                }
                phase =
                    states == [.submitting]
                    ? .ledger(states: [.pending, .error], after: 0) : storedOnly ? .done : .file
            case .file:
                guard let chunk = try await readChunk() else {
                    phase = .done
                    continue
                }
                if !chunk.isEmpty { return chunk }
            case .done:
                return nil
            }
        }
    }

    /// Reads rows until a chunk of valid ones is gathered, stores them all, and returns the valid ones.
    private func readChunk() async throws -> [PendingSubmission]? {
        guard let reader, !run.ingestComplete else { return nil }
        let (stored, ended) = try await reader.nextUnstoredRows(
            after: run.ingestedRows, validLimit: chunkSize, rowLimit: chunkSize * 8)
        let requests = stored.compactMap { input -> (row: Int, request: PrivacyRequest)? in
            guard case .valid(let request) = input.verdict else { return nil }
            return (input.row, request)
        }
        let decided = try await claims.claim(requests)
        var valid: [PendingSubmission] = []
        try await logged(
            requests.compactMap { row, request -> AuditEvent? in
                // The token `ingest` stores: derived the same way, from the same claim and key.
                guard case .send(let generation) = decided[row] ?? .send(generation: nil) else { return nil }
                let token = ClientToken.derive(
                    request, scope: claims.scope, generation: generation, key: claims.recordKey)
                return .sent(
                    row: row, operation: request.type, clientToken: token, resend: false,
                    subject: claims.recordKey?.subject(of: request.email))
            }
        ) {
            valid = try await ledger.ingest(
                stored,
                scope: claims.scope,
                complete: ended,
                validState: .submitting,
                claims: decided,
                deadline: run.deadline,
                recordKey: claims.recordKey
            )
        }
        return ended && valid.isEmpty ? nil : valid
    }

    /// Marks stored rows `SUBMITTING`, claiming the never-sent (`PENDING`) ones first; returns those to send.
    private func hold(_ rows: [LedgerRow]) async throws -> [PendingSubmission] {
        var chunk: [PendingSubmission] = []
        var fresh: [(row: Int, request: PrivacyRequest)] = []
        var tokens: [Int: String] = [:]
        var events: [AuditEvent] = []
        for stored in rows {
            if stored.state == .pending, let type = stored.type, let email = stored.email {
                let request = PrivacyRequest(
                    type: type, email: email, holdingPeriod: stored.holdingPeriod, reason: stored.reason)
                fresh.append((stored.row, request))
            } else if let submission = PendingSubmission(stored) {
                chunk.append(submission)
                tokens[stored.row] = submission.clientToken
                events.append(
                    .sent(
                        row: stored.row, operation: submission.request.type, clientToken: submission.clientToken,
                        resend: Self.wasSent(stored), subject: RunAudit.subject(of: stored)))
            }
        }
        let decided = try await claims.claim(fresh)
        var refused: [Int: EarlierRequest] = [:]
        let subjects = Dictionary(uniqueKeysWithValues: rows.map { ($0.row, RunAudit.subject(of: $0)) })
        for (row, request) in fresh {
            let subject = subjects[row] ?? nil
            switch decided[row] ?? .send(generation: nil) {
            case .send(let generation):
                let token = ClientToken.derive(
                    request, scope: claims.scope, generation: generation, key: claims.recordKey)
                chunk.append(PendingSubmission(row: row, request: request, clientToken: token))
                tokens[row] = token
                events.append(
                    .sent(row: row, operation: request.type, clientToken: token, resend: false, subject: subject))
            case .alreadyRequested(let earlier):
                refused[row] = earlier
                events.append(
                    .alreadyRequested(row: row, taskId: earlier.taskId, status: earlier.status, subject: subject))
            }
        }
        try await logged(events.sorted { ($0.row ?? 0) < ($1.row ?? 0) }) {
            try await ledger.hold(tokens, refused: refused)
        }
        return chunk.sorted { $0.row < $1.row }
    }

    /// Whether a stored row's token left before: `ERROR` rows were sent, and `SUBMITTING` rows were, unless
    /// `follow-up` has just reopened them with a new token (marked in the same instant, not touched since).
    static func wasSent(_ row: LedgerRow) -> Bool {
        guard row.state == .submitting else { return row.state == .error }
        return row.reopenedAt == nil || row.reopenedAt != row.updatedAt
    }

    /// Runs `change` after logging `events`, when the run is audited.
    private func logged(_ events: [AuditEvent], _ change: () async throws -> Void) async throws {
        if let audit { try await audit.commit(events, change) } else { try await change() }
    }
}

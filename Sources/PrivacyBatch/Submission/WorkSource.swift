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
struct WorkSource {
    private enum Phase {
        case ledger(states: [RowState], after: Int)
        case file
        case done
    }

    private let ledger: Ledger
    private let run: RunRecord
    private let reader: RequestFileReader?
    private let chunkSize: Int
    private var phase: Phase = .ledger(states: [.submitting], after: 0)

    init(ledger: Ledger, run: RunRecord, reader: RequestFileReader?, chunkSize: Int = 256) {
        self.ledger = ledger
        self.run = run
        self.reader = reader
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
                    let chunk = rows.compactMap(PendingSubmission.init)
                    try await ledger.markSubmitting(chunk.map(\.row))
                    return chunk
                }
                phase = states == [.submitting] ? .ledger(states: [.pending, .error], after: 0) : .file
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
        let (stored, ended) = try reader.nextUnstoredRows(
            after: run.ingestedRows, validLimit: chunkSize, rowLimit: chunkSize * 8)
        let valid = try await ledger.ingest(
            stored,
            inputSHA256: run.inputSHA256,
            complete: ended,
            validState: .submitting
        )
        return ended && valid.isEmpty ? nil : valid
    }
}

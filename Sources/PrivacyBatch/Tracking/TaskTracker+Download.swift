import Foundation
import PrivacyBatchAPI
import PrivacyBatchCore
import PrivacyBatchLedger

/// Downloading the archives of completed retrievals, fetching a fresh link whenever one has expired.
extension TaskTracker {
    /// What became of the downloads.
    public struct DownloadTally: Sendable, Equatable {
        /// Archives saved and checked.
        public var saved = 0
        /// Archives that could not be had (see the row's error).
        public var failed = 0
    }

    /// How often an expired link is replaced before the row is given up for this command.
    static let linkAttempts = 3

    /// Whether `row`'s archive is still to fetch: it has none on disk, none was deleted after its retention, and
    /// the row is not minimised (its shopper's data must not come back into the reports folder, where no sweep
    /// would ever delete it again).
    static func needsArchive(_ row: LedgerRow) -> Bool {
        guard row.archiveDeletedAt == nil, row.minimisedAt == nil else { return false }
        guard let path = row.archivePath else { return true }
        return !FileManager.default.fileExists(atPath: path)
    }

    /// The rows of `page` whose archive is still to fetch; the files are looked up off the cooperative pool.
    static func missingArchives(in page: [LedgerRow]) async throws -> [LedgerRow] {
        try await BlockingWork.run { page.filter(needsArchive) }
    }

    /// How many completed retrievals have no archive on disk yet, counted a page at a time.
    public static func archivesToDownloadCount(in ledger: Ledger, pageSize: Int = 512) async throws -> Int {
        var count = 0
        var after = 0
        while true {
            let page = try await ledger.submittedRows(.completedRetrievals, after: after, limit: pageSize)
            count += try await missingArchives(in: page).count
            guard page.count == pageSize, let last = page.last else { return count }
            after = last.row
        }
    }

    /// Downloads the archive of every completed retrieval that has none on disk into `directory`, reading
    /// the rows from the ledger a page at a time, and keeps each as `protection` says.
    public func downloadArchives(
        into directory: String,
        ledger: Ledger,
        protection: ArchiveProtection = .plaintext,
        maxArchiveSize: Int = PrivacyAPIClient.defaultMaxArchiveSize
    ) async throws -> DownloadTally {
        var after = 0
        var finished = false
        let pageSize = pageSize
        return try await download(
            pages: {
                guard !finished else { return nil }
                let page = try await ledger.submittedRows(.completedRetrievals, after: after, limit: pageSize)
                after = page.last?.row ?? after
                finished = page.count < pageSize
                return page.isEmpty && finished ? nil : try await Self.missingArchives(in: page)
            },
            into: directory,
            ledger: ledger,
            protection: protection,
            maxArchiveSize: maxArchiveSize
        )
    }

    /// Downloads each row's archive into `directory` as `row-<row>.zip` (`row-<row>.zip.age` encrypted; no email
    /// in any file name), refusing any archive over `maxArchiveSize` bytes.
    public func download(
        _ rows: [LedgerRow],
        into directory: String,
        ledger: Ledger,
        protection: ArchiveProtection = .plaintext,
        maxArchiveSize: Int = PrivacyAPIClient.defaultMaxArchiveSize
    ) async throws -> DownloadTally {
        var remaining = rows[...]
        return try await download(
            pages: {
                guard !remaining.isEmpty else { return nil }
                let page = Array(remaining.prefix(16))
                remaining = remaining.dropFirst(page.count)
                return page
            },
            into: directory,
            ledger: ledger,
            protection: protection,
            maxArchiveSize: maxArchiveSize
        )
    }

    private func download(
        pages: () async throws -> [LedgerRow]?,
        into directory: String,
        ledger: Ledger,
        protection: ArchiveProtection,
        maxArchiveSize: Int
    ) async throws -> DownloadTally {
        try SecureFile.createDirectory(directory)
        var tally = DownloadTally()
        try await dispatcher(answering: (LedgerRow, Result<(String, Int, String), APIFailure>).self).run(
            nextChunk: pages,
            work: { [self] row in
                (row, await fetch(row, into: directory, protection: protection, maxSize: maxArchiveSize))
            },
            notSent: { row in (row, .failure(.transient(reason: "stopped before download"))) },
            flush: { answers in
                await progress?(answers.count)
                var saved: [(row: Int, path: String, size: Int, sha256: String)] = []
                var refusals: [(row: Int, failure: APIFailure)] = []
                var events: [AuditEvent] = []
                for (row, result) in answers {
                    switch result {
                    case .success(let (path, size, digest)):
                        tally.saved += 1
                        saved.append((row.row, path, size, digest))
                        events.append(
                            .archiveSaved(row: row.row, size: size, sha256: digest, subject: RunAudit.subject(of: row)))
                    case .failure(let failure):
                        tally.failed += 1
                        refusals.append((row.row, failure))
                    }
                }
                try await logged(events) { try await ledger.recordArchives(saved) }
                for refusal in refusals { try await ledger.recordRefusal(row: refusal.row, failure: refusal.failure) }
            }
        )
        return tally
    }

    private func fetch(
        _ row: LedgerRow,
        into directory: String,
        protection: ArchiveProtection,
        maxSize: Int
    ) async -> Result<(String, Int, String), APIFailure> {
        guard let taskId = row.taskId else { return .failure(.notFound(message: "row has no task")) }
        let target = (directory as NSString).appendingPathComponent(protection.fileName(row: row.row))
        for _ in 0..<Self.linkAttempts {
            let query = await caller.call { () async throws(APIFailure) in
                try await client.task(taskId, type: .retrieval)
            }
            guard case .answered(let snapshot, _) = query else {
                return .failure(.transient(reason: "could not query the task for a download link"))
            }
            guard let link = snapshot.dataRetrievalLink else {
                return .failure(
                    .rejected(code: "NO_LINK", message: "the task has no dataRetrievalLink (status \(snapshot.status))")
                )
            }
            // The link lives 60 seconds: the download starts right after the query that issued it. Each attempt
            // writes a fresh temporary file, created exclusively: a link planted in the folder is never followed.
            let download = await caller.call { () async throws(APIFailure) in
                try await client.download(link: link, maxSize: maxSize) { body in
                    let writer = try ArchiveWriter(target: target, protection: protection)
                    for try await piece in body { try await writer.write(piece) }
                    return try await writer.commit()
                }
            }
            switch download {
            case .answered(.linkExpired, _):
                continue
            case .answered(.stored(let stored), _):
                return .success((stored.path, stored.size, stored.sha256))
            case .refused(let failure, _), .gaveUp(let failure, _):
                return .failure(failure)
            case .stopped(let failure, _):
                return .failure(failure ?? .transient(reason: "stopped"))
            }
        }
        return .failure(.transient(reason: "the download link expired \(Self.linkAttempts) times in a row"))
    }
}

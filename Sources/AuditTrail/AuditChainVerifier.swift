import Crypto
import Foundation
import PrivacyBatchCore

/// Checks a whole `audit.jsonl` in one streaming pass with flat memory: every line a valid entry ending in a
/// newline, `seq` counting from 1 without gaps, each `prev` the hash of the line before, and optionally the
/// last line matching the head the caller recorded.
///
/// The chain alone shows only that the file is self-consistent: anyone can rebuild a consistent log from
/// scratch. Comparing against a head kept elsewhere (the ledger) is what catches a cut-back or rebuilt log.
public enum AuditChainVerifier {
    /// Bytes read per `read`.
    public static let bufferSize = 64 * 1024
    /// The longest line accepted; bounds memory when a file has no newlines.
    public static let maximumLineLength = 16 * 1024 * 1024

    /// Verifies the log at `url`, calling `visit` with each entry that passed the chain checks, in order, so
    /// the caller can replay state in the same pass. State replayed from a log whose result has a failure
    /// must be discarded: entries are visited before the log's end (and its head) has been checked.
    ///
    /// Chain failures are returned in the result; errors reading the file or thrown by `visit` are thrown.
    public static func verify(
        _ url: URL, expectedHead: AuditHead? = nil, visit: (AuditEntry) throws -> Void = { _ in }
    ) throws -> AuditVerification {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var chain = Chain(expectedHead: expectedHead)
        var carry: [UInt8] = []
        while let data = try handle.read(upToCount: bufferSize), !data.isEmpty {
            let chunk = [UInt8](data)
            var start = 0
            while let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) {
                if carry.isEmpty {
                    try chain.check(chunk[start..<newline], visit: visit)
                } else {
                    carry.append(contentsOf: chunk[start..<newline])
                    try chain.check(carry[...], visit: visit)
                    carry.removeAll(keepingCapacity: true)
                }
                if let failure = chain.failure { return AuditVerification(head: chain.head, failure: failure) }
                start = newline + 1
            }
            carry.append(contentsOf: chunk[start...])
            if carry.count > maximumLineLength {
                let failure = AuditChainFailure(
                    line: chain.head.seq + 1, reason: .lineTooLong(limit: maximumLineLength))
                return AuditVerification(head: chain.head, failure: failure)
            }
        }
        if !carry.isEmpty {
            return AuditVerification(
                head: chain.head, failure: AuditChainFailure(line: chain.head.seq + 1, reason: .missingNewline))
        }
        return AuditVerification(head: chain.head, failure: chain.finish())
    }

    /// The running state of one pass; the line number always equals the last good `seq` plus one.
    private struct Chain {
        let expectedHead: AuditHead?
        var head = AuditHead.genesis
        var failure: AuditChainFailure?

        init(expectedHead: AuditHead?) { self.expectedHead = expectedHead }

        mutating func check(_ line: ArraySlice<UInt8>, visit: (AuditEntry) throws -> Void) rethrows {
            let number = head.seq + 1
            let entry: AuditEntry
            do { entry = try AuditEntry.parse(slice: line) } catch {
                failure = AuditChainFailure(line: number, reason: .malformed(error))
                return
            }
            guard entry.seq == number else {
                failure = AuditChainFailure(line: number, reason: .unexpectedSeq(expected: number, found: entry.seq))
                return
            }
            guard entry.prev == head.hash else {
                failure = AuditChainFailure(line: number, reason: .brokenLink(expected: head.hash, found: entry.prev))
                return
            }
            let current = AuditHead(seq: number, hash: Hexadecimal.encode(SHA256.hash(data: line)))
            // Checked as soon as the line is read, so a rebuilt log stops before the visitor sees more of it.
            if let expectedHead, expectedHead.seq == number, expectedHead.hash != current.hash {
                failure = AuditChainFailure(line: number, reason: .headMismatch(expected: expectedHead, found: current))
                return
            }
            head = current
            try visit(entry)
        }

        func finish() -> AuditChainFailure? {
            guard let expectedHead else { return nil }
            if head.seq < expectedHead.seq {
                return AuditChainFailure(line: head.seq + 1, reason: .truncated(expected: expectedHead, found: head))
            }
            if head.seq > expectedHead.seq {
                return AuditChainFailure(
                    line: expectedHead.seq + 1, reason: .entriesPastHead(count: head.seq - expectedHead.seq))
            }
            // An expected genesis head has no line to compare; any other was compared when its line was read.
            return nil
        }
    }
}

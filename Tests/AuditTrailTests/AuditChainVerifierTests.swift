import AuditTrail
import Foundation
import Testing

@Suite struct AuditChainVerifierTests {
    @Test func verifiesAnIntactLogAndVisitsEveryEntry() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        let head = try LogFixture.write(url, count: 3)
        var visited: [String] = []
        let result = try AuditChainVerifier.verify(url, expectedHead: head) { entry in
            visited.append(entry.field("request")?.stringValue ?? "?")
        }
        #expect(result.isValid)
        #expect(result.head == head)
        #expect(visited == ["r-1", "r-2", "r-3"])
    }

    @Test func anEditedLineBreaksTheNextLink() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        let head = try LogFixture.write(url, count: 3)
        var lines = try LogFixture.lines(url)
        lines[1] = lines[1].replacingOccurrences(of: "r-2", with: "r-9")
        try LogFixture.rewrite(url, lines)
        let result = try AuditChainVerifier.verify(url, expectedHead: head)
        #expect(result.failure?.line == 3)
        guard case .brokenLink = result.failure?.reason else {
            Issue.record("expected a broken link, got \(result)")
            return
        }
    }

    @Test func anEditedLastLineIsCaughtAgainstTheHead() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        let head = try LogFixture.write(url, count: 3)
        var lines = try LogFixture.lines(url)
        lines[2] = lines[2].replacingOccurrences(of: "r-3", with: "r-9")
        try LogFixture.rewrite(url, lines)
        let result = try AuditChainVerifier.verify(url, expectedHead: head)
        #expect(result.failure?.line == 3)
        guard case .headMismatch(let expected, _) = result.failure?.reason else {
            Issue.record("expected a head mismatch, got \(result)")
            return
        }
        #expect(expected == head)
    }

    @Test func aDeletedLineIsCaught() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        let head = try LogFixture.write(url, count: 3)
        var lines = try LogFixture.lines(url)
        lines.remove(at: 1)
        try LogFixture.rewrite(url, lines)
        let result = try AuditChainVerifier.verify(url, expectedHead: head)
        #expect(result.failure == AuditChainFailure(line: 2, reason: .unexpectedSeq(expected: 2, found: 3)))
    }

    @Test func swappedLinesAreCaught() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        try LogFixture.write(url, count: 3)
        var lines = try LogFixture.lines(url)
        lines.swapAt(1, 2)
        try LogFixture.rewrite(url, lines)
        let result = try AuditChainVerifier.verify(url)
        #expect(result.failure == AuditChainFailure(line: 2, reason: .unexpectedSeq(expected: 2, found: 3)))
    }

    @Test func swappedLinesWithRenumberedSeqsStillBreakTheLinks() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        try LogFixture.write(url, count: 3)
        var lines = try LogFixture.lines(url)
        lines.swapAt(1, 2)
        lines[1] = lines[1].replacingOccurrences(of: #""seq":3"#, with: #""seq":2"#)
        lines[2] = lines[2].replacingOccurrences(of: #""seq":2"#, with: #""seq":3"#)
        try LogFixture.rewrite(url, lines)
        let result = try AuditChainVerifier.verify(url)
        #expect(result.failure?.line == 2)
        guard case .brokenLink = result.failure?.reason else {
            Issue.record("expected a broken link, got \(result)")
            return
        }
    }

    @Test func aTruncatedTailIsCaughtAgainstTheHead() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        let head = try LogFixture.write(url, count: 3)
        let lines = try LogFixture.lines(url)
        try LogFixture.rewrite(url, Array(lines.prefix(2)))
        // Alone, a cut-back log is a consistent log; only the recorded head shows what is missing.
        #expect(try AuditChainVerifier.verify(url).isValid)
        let result = try AuditChainVerifier.verify(url, expectedHead: head)
        #expect(result.failure?.line == 3)
        guard case .truncated(let expected, let found) = result.failure?.reason else {
            Issue.record("expected truncation, got \(result)")
            return
        }
        #expect(expected == head)
        #expect(found.seq == 2)
    }

    @Test func aForgedLinePastTheHeadIsReportedAsEntriesPastTheHead() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        let head = try LogFixture.write(url, count: 3)
        let forged = AuditEntry(
            seq: 4, at: "2026-12-04T05:00:00.000Z", event: "withdrawn", fields: [AuditField("request", "r-1")],
            prev: head.hash)
        try LogFixture.appendRaw(url, forged.line + "\n")
        #expect(try AuditChainVerifier.verify(url).isValid)
        let result = try AuditChainVerifier.verify(url, expectedHead: head)
        #expect(result.failure == AuditChainFailure(line: 4, reason: .entriesPastHead(count: 1)))
    }

    @Test func aRebuiltConsistentForgeryIsCaughtAgainstTheHeadHash() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        let head = try LogFixture.write(url, count: 3)
        try FileManager.default.removeItem(at: url)
        let forgedHead = try LogFixture.write(url, count: 3, tag: "forged")
        #expect(forgedHead.seq == head.seq)
        #expect(try AuditChainVerifier.verify(url).isValid)
        let result = try AuditChainVerifier.verify(url, expectedHead: head)
        #expect(
            result.failure == AuditChainFailure(line: 3, reason: .headMismatch(expected: head, found: forgedHead)))
    }

    @Test func aTornLastLineIsReported() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        try LogFixture.write(url, count: 2)
        try LogFixture.appendRaw(url, #"{"seq":3,"at":"2026"#)
        let result = try AuditChainVerifier.verify(url)
        #expect(result.failure == AuditChainFailure(line: 3, reason: .missingNewline))
        #expect(result.head.seq == 2)
    }

    @Test func aLineThatIsNotAnEntryIsNamed() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        try LogFixture.write(url, count: 2)
        try LogFixture.appendRaw(url, "not json\n")
        let result = try AuditChainVerifier.verify(url)
        #expect(result.failure?.line == 3)
        guard case .malformed = result.failure?.reason else {
            Issue.record("expected a malformed line, got \(result)")
            return
        }
    }

    @Test func linesSpanningReadBuffersAreJoined() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        let log = try AuditLog.open(at: url, recordedHead: nil)
        let long = String(repeating: "é", count: AuditChainVerifier.bufferSize / 3)
        let entries = (1...8).map { PendingEntry(event: "note", fields: [AuditField("text", .string(long + "\($0)"))]) }
        let head = try log.append(entries)
        log.close()
        var count = 0
        let result = try AuditChainVerifier.verify(url, expectedHead: head) { _ in count += 1 }
        #expect(result.isValid)
        #expect(count == 8)
    }

    @Test func anEmptyLogVerifiesAgainstTheGenesisHead() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        try Data().write(to: url)
        #expect(try AuditChainVerifier.verify(url, expectedHead: .genesis).isValid)
    }
}

import AuditTrail
import Foundation
import Testing

@Suite struct AuditLogTests {
    @Test func appendsBatchesWithConsecutiveSeqsAndReturnsTheHead() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        let log = try AuditLog.open(at: url, recordedHead: nil)
        #expect(log.recovery.isClean)
        let first = try log.append(event: "run-started", fields: [AuditField("run", "2026-12-04")])
        let head = try log.append([
            PendingEntry(event: "submitted", fields: ["request": "r-1"]),
            PendingEntry(event: "submitted", fields: ["request": "r-2"]),
        ])
        log.close()
        #expect(first.seq == 1)
        #expect(head.seq == 3)
        let entries = try LogFixture.lines(url).map { try AuditEntry.parse(line: $0) }
        #expect(entries.map(\.seq) == [1, 2, 3])
        #expect(entries[0].prev == AuditHead.zeroHash)
        #expect(entries[2].hash == head.hash)
        #expect(try AuditChainVerifier.verify(url, expectedHead: head).isValid)
    }

    @Test func reopeningContinuesTheChain() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        let head = try LogFixture.write(url, count: 2)
        let log = try AuditLog.open(at: url, recordedHead: head)
        #expect(log.recovery.isClean)
        #expect(log.head == head)
        let next = try log.append(event: "resumed")
        log.close()
        #expect(next.seq == 3)
        #expect(try AuditChainVerifier.verify(url, expectedHead: next).isValid)
    }

    @Test func aTornLastLineIsCutBackOnOpen() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        let head = try LogFixture.write(url, count: 3)
        let intact = try Data(contentsOf: url)
        let torn = #"{"seq":4,"at":"2026-12-04T04:3"#
        try LogFixture.appendRaw(url, torn)
        let log = try AuditLog.open(at: url, recordedHead: head)
        #expect(log.recovery.cutBytes == torn.utf8.count)
        #expect(log.recovery.adoptedEntries == 0)
        #expect(log.recovery.description == "cut \(torn.utf8.count) bytes of a torn last line")
        #expect(try Data(contentsOf: url) == intact)
        let next = try log.append(event: "resumed")
        log.close()
        #expect(try AuditChainVerifier.verify(url, expectedHead: next).isValid)
    }

    @Test func aTornFirstLineLeavesAnEmptyLog() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        try Data(#"{"seq":1,"#.utf8).write(to: url)
        let log = try AuditLog.open(at: url, recordedHead: nil)
        defer { log.close() }
        #expect(log.recovery.cutBytes == 9)
        #expect(log.head == .genesis)
        #expect(try Data(contentsOf: url).isEmpty)
    }

    @Test func completeLinesPastTheRecordedHeadAreAdopted() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        let log = try AuditLog.open(at: url, recordedHead: nil)
        let recorded = try log.append(event: "submitted", fields: ["request": "r-1"])
        // A crash after these were synced but before the caller's ledger recorded their head.
        let written = try log.append([PendingEntry(event: "a"), PendingEntry(event: "b")])
        log.close()
        try LogFixture.appendRaw(url, #"{"seq":4"#)
        let reopened = try AuditLog.open(at: url, recordedHead: recorded)
        defer { reopened.close() }
        #expect(reopened.recovery.adoptedEntries == 2)
        #expect(reopened.recovery.cutBytes == 8)
        #expect(reopened.recovery.recordedHead == recorded)
        #expect(reopened.head == written)
        #expect(
            reopened.recovery.description
                == "cut 8 bytes of a torn last line; adopted 2 entries past the recorded head")
        let adopted = try reopened.append(
            event: "adopted", fields: [AuditField("entries", .integer(Int64(reopened.recovery.adoptedEntries)))])
        #expect(adopted.seq == 4)
    }

    @Test func withNothingRecordedEveryEntryIsAdopted() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        let head = try LogFixture.write(url, count: 2)
        let log = try AuditLog.open(at: url, recordedHead: nil)
        defer { log.close() }
        #expect(log.recovery.adoptedEntries == 2)
        #expect(log.head == head)
    }

    @Test func aLogBehindTheRecordedHeadIsRefusedAndLeftAlone() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        let head = try LogFixture.write(url, count: 3)
        let lines = try LogFixture.lines(url)
        try LogFixture.rewrite(url, Array(lines.prefix(2)))
        try LogFixture.appendRaw(url, "{torn")
        let before = try Data(contentsOf: url)
        #expect {
            try AuditLog.open(at: url, recordedHead: head)
        } throws: { error in
            guard case .behindRecordedHead(let file, let recorded) = error as? AuditLogError else { return false }
            return file.seq == 2 && recorded == head
        }
        #expect(try Data(contentsOf: url) == before)
    }

    @Test func anEmptiedLogIsBehindTheRecordedHead() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        let head = try LogFixture.write(url, count: 1)
        try Data().write(to: url)
        #expect(throws: AuditLogError.behindRecordedHead(file: .genesis, recorded: head)) {
            try AuditLog.open(at: url, recordedHead: head)
        }
    }

    @Test func aRebuiltLogDoesNotMatchTheRecordedHead() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        let head = try LogFixture.write(url, count: 3)
        try FileManager.default.removeItem(at: url)
        let forged = try LogFixture.write(url, count: 3, tag: "forged")
        #expect(throws: AuditLogError.headMismatch(file: forged, recorded: head)) {
            try AuditLog.open(at: url, recordedHead: head)
        }
    }

    @Test func entriesPastTheHeadMustLinkToIt() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        let recorded = try LogFixture.write(url, count: 1)
        try FileManager.default.removeItem(at: url)
        try LogFixture.write(url, count: 3, tag: "forged")
        #expect {
            try AuditLog.open(at: url, recordedHead: recorded)
        } throws: { error in
            guard case .headMismatch(let file, _) = error as? AuditLogError else { return false }
            return file.seq == 1 && file.hash != recorded.hash
        }
    }

    @Test func createsTheFileOwnerOnly() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        let log = try AuditLog.open(at: url, recordedHead: nil)
        defer { log.close() }
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func tightensAnExistingFileToOwnerOnly() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        try Data().write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
        let log = try AuditLog.open(at: url, recordedHead: nil)
        defer { log.close() }
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func refusesASymbolicLink() throws {
        let folder = try TemporaryFolder()
        let target = folder.file("elsewhere.txt")
        try Data("keep\n".utf8).write(to: target)
        let url = folder.file("audit.jsonl")
        try FileManager.default.createSymbolicLink(at: url, withDestinationURL: target)
        #expect(throws: AuditLogError.symbolicLink(path: url.path)) {
            try AuditLog.open(at: url, recordedHead: nil)
        }
        #expect(try Data(contentsOf: target) == Data("keep\n".utf8))
    }

    @Test func refusesADanglingSymbolicLinkWithoutCreatingItsTarget() throws {
        let folder = try TemporaryFolder()
        let target = folder.file("planted.txt")
        let url = folder.file("audit.jsonl")
        try FileManager.default.createSymbolicLink(at: url, withDestinationURL: target)
        #expect(throws: AuditLogError.symbolicLink(path: url.path)) {
            try AuditLog.open(at: url, recordedHead: nil)
        }
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }

    @Test func aSecondWriterIsLockedOut() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        let log = try AuditLog.open(at: url, recordedHead: nil)
        #expect(throws: AuditLogError.locked(path: url.path)) {
            try AuditLog.open(at: url, recordedHead: nil)
        }
        log.close()
        let again = try AuditLog.open(at: url, recordedHead: nil)
        again.close()
    }

    @Test func aClosedLogRefusesAppends() throws {
        let folder = try TemporaryFolder()
        let log = try AuditLog.open(at: folder.file("audit.jsonl"), recordedHead: nil)
        log.close()
        #expect(throws: AuditLogError.unusable("it was closed")) {
            try log.append(event: "late")
        }
    }

    @Test func concurrentAppendsKeepTheChainIntact() async throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        let log = try AuditLog.open(at: url, recordedHead: nil)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<4 {
                group.addTask {
                    for index in 0..<10 {
                        try log.append(event: "tick", fields: [AuditField("task", .integer(Int64(task * 100 + index)))])
                    }
                }
            }
            try await group.waitForAll()
        }
        let head = log.head
        log.close()
        #expect(head.seq == 40)
        #expect(try AuditChainVerifier.verify(url, expectedHead: head).isValid)
    }
}

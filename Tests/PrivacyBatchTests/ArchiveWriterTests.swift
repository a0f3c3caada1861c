import AgeEncryption
import Foundation
import TestSupport
import Testing

@testable import PrivacyAPISimulator
@testable import PrivacyBatch

/// An archive reaches its name whole and checked, or not at all.
@Suite struct ArchiveWriterTests {
    @Test func anArchiveCutShortOrAbandonedLeavesNoFileThatClaimsToBeDone() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var zip = ZipArchive()
        zip.add(name: "data.json", data: Array(repeating: 0x41, count: 200_000))
        let bytes = zip.bytes()
        let recipient = AgeIdentity.generate().recipient
        let target = directory.file("row-1.zip.age")

        // Cut short: the zip check refuses it at the end, nothing is renamed onto the target.
        let cut = try ArchiveWriter(target: target, protection: .encrypted([recipient]))
        try await cut.write(Array(bytes.prefix(100_000)))
        await #expect(throws: ZipCheck.Problem.self) { _ = try await cut.commit() }

        // Abandoned mid-way (the task ended): its temporary file goes with it.
        do {
            let abandoned = try ArchiveWriter(target: target, protection: .encrypted([recipient]))
            try await abandoned.write(Array(bytes.prefix(50_000)))
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains("row-1") } == [])

        let whole = try ArchiveWriter(target: target, protection: .encrypted([recipient]))
        try await whole.write(bytes)
        let stored = try await whole.commit()
        #expect(stored.path == target)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains("row-1") } == [
                "row-1.zip.age"
            ])
    }
}

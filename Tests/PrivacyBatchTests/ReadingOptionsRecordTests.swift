import Foundation
import TestSupport
import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore

/// A run is resumed only as it was read: the options it was started with are kept beside its ledger.
@Suite struct ReadingOptionsRecordTests {
    @Test func defaultOptionsLeaveNoFileBehindFromAnEarlierAttempt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let folder = RunFolder(reports: directory.path, name: "retried")
        try folder.create()
        // A first attempt with a delimiter that died before its ledger was made…
        try ReadingOptions(delimiter: UInt8(ascii: ";")).record(in: folder)
        #expect(FileManager.default.fileExists(atPath: ReadingOptions.recordPath(in: folder)))
        // …and the retry with the defaults: the run is recorded as read with the defaults, so a resume with
        // them is accepted and one with the old delimiter refused.
        try ReadingOptions().record(in: folder)
        #expect(!FileManager.default.fileExists(atPath: ReadingOptions.recordPath(in: folder)))
        try ReadingOptions().checkSame(asRecordedIn: folder, name: "retried")
        #expect(throws: ConfigurationError.self) {
            try ReadingOptions(delimiter: UInt8(ascii: ";")).checkSame(asRecordedIn: folder, name: "retried")
        }
    }
}

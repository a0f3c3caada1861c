import TestSupport
import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore

@Suite struct RunLockTests {
    @Test func aSecondHolderIsRefusedUntilTheFirstLetsGo() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let folder = RunFolder(reports: directory.path, name: "locked")
        var first: RunLock? = try RunLock(folder: folder)
        #expect(throws: ConfigurationError.self) { try RunLock(folder: folder) }
        withExtendedLifetime(first) {}
        first = nil
        _ = try RunLock(folder: folder)
    }
}

import Foundation
import TestSupport
import Testing

@testable import PrivacyBatchLedger

@Suite struct DurableDatabaseTests {
    /// The first runs of a reports folder may open its new request index at the same moment: four handles on one
    /// file stand for four processes.
    @Test func processesOpeningOneNewFileAtOnceAllSucceed() async throws {
        for _ in 0..<30 {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let path = directory.path
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask { _ = try RequestIndex(reports: path, keyring: .testing) }
                }
                try await group.waitForAll()
            }
        }
    }
}

import Foundation
import Synchronization

@testable import PrivacyBatch
@testable import PrivacyBatchAPI
@testable import PrivacyBatchCore

/// A stand-in for every operation of the API: tasks whose statuses each test scripts, counting the calls.
///
/// A task's script is the statuses successive queries return; the last one repeats. A cancel succeeds only
/// while the task's current status is `ON_HOLD`. Downloads write an empty (but readable) zip.
final class ScriptedTaskAPI: PrivacyAPI {
    private struct State {
        var scripts: [String: [String]] = [:]
        var queries: [String: Int] = [:]
        var cancels: [String] = []
        var downloads = 0
    }

    private let state: Mutex<State>

    /// Tasks by id, each with the statuses its queries return in turn.
    init(_ scripts: [String: [String]]) {
        state = Mutex(State(scripts: scripts))
    }

    func startTask(_ request: PrivacyRequest, clientToken: String) async throws(APIFailure) -> String {
        throw .rejected(code: "NOT_SCRIPTED", message: "starts are not scripted here")
    }

    func checkCredentials() async throws(APIFailure) {}

    func task(_ taskId: String, type: RequestType) async throws(APIFailure) -> TaskSnapshot {
        let status: String? = state.withLock { state in
            guard var script = state.scripts[taskId] else { return nil }
            state.queries[taskId, default: 0] += 1
            let current = script[0]
            if script.count > 1 { script.removeFirst() }
            state.scripts[taskId] = script
            return current
        }
        guard let status else { throw .notFound(message: "no task \(taskId)") }
        let link = type == .retrieval && status == TaskStatus.completed ? "https://archive.invalid/\(taskId)" : nil
        return TaskSnapshot(taskId: taskId, status: status, dataRetrievalLink: link)
    }

    func cancelDeletion(_ taskId: String) async throws(APIFailure) -> TaskSnapshot {
        let cancelled: Bool? = state.withLock { state in
            guard let script = state.scripts[taskId] else { return nil }
            state.cancels.append(taskId)
            guard script[0] == TaskStatus.onHold else { return false }
            state.scripts[taskId] = [TaskStatus.cancelled]
            return true
        }
        switch cancelled {
        case nil: throw .notFound(message: "no task \(taskId)")
        case false?: throw .rejected(code: "CannotCancelPersonalDataDeletionTask", message: "not on hold")
        case true?: return TaskSnapshot(taskId: taskId, status: TaskStatus.cancelled)
        }
    }

    func download<Stored: Sendable>(
        link: String, maxSize: Int, consume: @escaping @Sendable (ArchiveBody) async throws -> Stored
    ) async throws(APIFailure) -> PrivacyAPIClient.StreamedDownload<Stored> {
        // The end-of-central-directory record alone: a zip with no entries.
        let empty = [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18)
        do {
            let stored = try await consume(ArchiveBody(pieces: [empty]))
            state.withLock { $0.downloads += 1 }
            return .stored(stored)
        } catch {
            throw .transient(reason: "cannot store the archive: \(error)")
        }
    }

    /// How often each task was queried.
    var queries: [String: Int] { state.withLock { $0.queries } }
    /// The tasks a cancel was sent for, in order.
    var cancels: [String] { state.withLock { $0.cancels } }
    /// Archives written.
    var downloads: Int { state.withLock { $0.downloads } }
}

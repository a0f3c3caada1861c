import AsyncHTTPClient
import Foundation
import Logging

/// Writes the thin EventBridge-shaped events to a JSON-lines file and, optionally, a webhook.
struct EventEmitter: Sendable {
    var eventsFile: String?
    var webhook: String?
    var targetID: String
    var logger: Logger

    var isEnabled: Bool { eventsFile != nil || webhook != nil }

    /// The webhook's own client: it follows no redirect, so events reach only the `--webhook` address.
    private static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// The event as api-facts shows it; the task id travels only in `resources`.
    func event(for task: SimulatedTask, timing: LifecycleTiming) -> JSONValue {
        let outcome = task.failure == nil ? "COMPLETED" : "FAILED"
        return .object([
            ("version", .string("0")),
            ("id", .string(UUID().uuidString.lowercased())),
            ("detail-type", .string("\(task.kind.eventPrefix)_\(outcome)")),
            ("source", .string("aws.partner/buywithprime/sandbox")),
            ("account", .string("000000000000")),
            ("time", .string(SimulatorDateFormat.seconds(task.terminalDate(timing: timing)))),
            ("region", .string("us-east-1")),
            ("resources", .array([.string("businessProduct/\(targetID)/\(task.kind.taskName)/\(task.taskID)")])),
            ("detail", .object([])),
        ])
    }

    func emit(_ tasks: [SimulatedTask], timing: LifecycleTiming) async {
        guard isEnabled, !tasks.isEmpty else { return }
        let lines = tasks.map { event(for: $0, timing: timing).serialized() }
        if let eventsFile { append(lines, to: eventsFile) }
        if let webhook {
            for line in lines { await post(line, to: webhook) }
        }
    }

    private func append(_ lines: [String], to path: String) {
        let data = Data(lines.map { $0 + "\n" }.joined().utf8)
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: data)
        } catch {
            logger.error("cannot append to events file \(path): \(error)")
        }
    }

    private func post(_ body: String, to url: String) async {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(Array(body.utf8))
        do {
            let response = try await Self.client.execute(request, timeout: .seconds(5))
            _ = try await response.body.collect(upTo: 1 << 20)
            if response.status.code >= 300 { logger.warning("webhook \(url) answered \(response.status.code)") }
        } catch {
            logger.warning("webhook \(url) failed: \(error)")
        }
    }
}

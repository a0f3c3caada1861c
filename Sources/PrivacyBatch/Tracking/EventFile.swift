import Foundation

/// Reads Buy with Prime EventBridge events and extracts the task ids they name.
///
/// Accepts a JSON array of events, JSON lines, and SQS message bodies that wrap them (an object with a
/// `Body`/`body` string, or an SQS `Messages` / Lambda `Records` list). Events are thin: the task id is
/// only in `resources` (`…/personalDataDeletionTask/<id>` or `…/personalDataRetrievalTask/<id>`).
public struct EventFile: Sendable {
    /// A line that could not be read, by number.
    public struct MalformedLine: Sendable, Equatable {
        /// The 1-based line number.
        public var line: Int
        /// Why it was skipped.
        public var reason: String
    }

    /// Task ids named by the events, each once, in the order first seen.
    public private(set) var taskIds: [String] = []
    /// Events read.
    public private(set) var events = 0
    /// Lines skipped, with their numbers.
    public private(set) var malformed: [MalformedLine] = []

    /// Reads the file at `path`.
    public init(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try self.init(data: data)
    }

    /// Reads events from `data`.
    public init(data: Data) throws {
        var seen = Set<String>()
        let trimmed = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("["), let whole = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) {
            collect(whole, seen: &seen)
            return
        }
        for (index, line) in trimmed.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else {
                malformed.append(MalformedLine(line: index + 1, reason: "not JSON"))
                continue
            }
            let before = events
            collect(value, seen: &seen)
            if events == before {
                malformed.append(MalformedLine(line: index + 1, reason: "no privacy task event in it"))
            }
        }
    }

    private mutating func collect(_ value: Any, seen: inout Set<String>) {
        if let list = value as? [Any] {
            for item in list { collect(item, seen: &seen) }
            return
        }
        guard let object = value as? [String: Any] else { return }
        if let resources = object["resources"] as? [String], object["detail-type"] != nil {
            events += 1
            for resource in resources {
                guard let id = Self.taskId(inResource: resource), seen.insert(id).inserted else { continue }
                taskIds.append(id)
            }
            return
        }
        for key in ["Body", "body", "Message"] {
            if let wrapped = object[key] as? String,
                let inner = try? JSONSerialization.jsonObject(with: Data(wrapped.utf8))
            {
                collect(inner, seen: &seen)
                return
            }
        }
        for key in ["Messages", "Records"] {
            if let list = object[key] as? [Any] {
                collect(list, seen: &seen)
                return
            }
        }
    }

    /// The task id in a resource such as `businessProduct/<id>/personalDataDeletionTask/<task-id>`.
    static func taskId(inResource resource: String) -> String? {
        let parts = resource.split(separator: "/")
        guard
            let index = parts.firstIndex(where: {
                $0 == "personalDataDeletionTask" || $0 == "personalDataRetrievalTask"
            }),
            index + 1 < parts.count
        else { return nil }
        return String(parts[index + 1])
    }
}

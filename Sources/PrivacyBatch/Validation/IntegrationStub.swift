// TEMPORARY: the shapes agreed with the reader/validator work; replaced by the real files on merge.
import Foundation

public enum RequestType: String, Sendable, Codable, CaseIterable { case deletion, retrieval }
public struct ValidationDefaults: Sendable, Equatable {
    public var type: RequestType?
    public var holdingPeriod: Int?
    public var reason: String?
    public init(type: RequestType? = nil, holdingPeriod: Int? = nil, reason: String? = nil) {
        self.type = type
        self.holdingPeriod = holdingPeriod
        self.reason = reason
    }
}
public struct PrivacyRequest: Sendable, Equatable {
    public var type: RequestType
    public var email: String
    public var holdingPeriod: Int?
    public var reason: String?
    public init(type: RequestType, email: String, holdingPeriod: Int?, reason: String?) {
        self.type = type
        self.email = email
        self.holdingPeriod = holdingPeriod
        self.reason = reason
    }
}
public enum RowErrorCode: String, Sendable, Codable, CaseIterable {
    case duplicate = "DUPLICATE"
    case emailInvalid = "EMAIL_INVALID"
}
public struct RowProblem: Sendable, Equatable, Error {
    public var code: RowErrorCode
    public var message: String
}
public enum RowVerdict: Sendable, Equatable {
    case valid(PrivacyRequest)
    case invalid(RowProblem)
}
public struct InputRow: Sendable {
    public var row: Int
    public var line: Int
    public var values: [String]
    public var verdict: RowVerdict
}
public enum RequestFileError: Error, CustomStringConvertible, Sendable {
    case notFound(String)
    public var description: String { "x" }
}
public final class RequestFileReader {
    public init(
        path: String, defaults: ValidationDefaults = .init(), bufferSize: Int = 65_536, maxFieldBytes: Int = 65_536
    ) throws(RequestFileError) {}
    public var header: [String] { [] }
    public func next() -> InputRow? { nil }
}
public struct ValidationSummary: Sendable {
    public var rowsRead = 0
    public var validByType: [RequestType: Int] = [:]
    public var problemsByCode: [RowErrorCode: Int] = [:]
    public var duplicates = 0
    public init() {}
    public mutating func record(_ row: InputRow) {}
}
public final class CSVWriter {
    public init(path: String, neutraliseFormulas: Bool = true) throws {}
    public func write(_ fields: [String]) throws {}
    public func close() throws {}
}
enum ColumnName { static func normalised(_ s: String) -> String { s } }
struct SimpleCSVTable { var header: [String] = []; var rows: [[String]] = []; init(path: String) throws {} }

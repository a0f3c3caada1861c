import Foundation
import TestSupport

@testable import PrivacyBatch
@testable import PrivacyBatchCore
@testable import PrivacyBatchLedger

/// Builders shared by this target's tests: temporary files, CSV and request-file readers, ledger rows.
enum Fixtures {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A new empty folder under the system's temporary folder.
    static func directory() throws -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("privacy-batch-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// A file holding exactly these bytes.
    static func file(bytes: [UInt8], name: String = "input.csv") throws -> String {
        let path = try directory() + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw Failure(description: "cannot create \(path)")
        }
        return path
    }

    /// A file holding the UTF-8 text.
    static func file(_ text: String, name: String = "input.csv") throws -> String {
        try file(bytes: Array(text.utf8), name: name)
    }

    /// Every record of a CSV text read with `CSVReader`.
    static func records(_ text: String, bufferSize: Int = 65_536, maxFieldBytes: Int = 65_536) throws -> [CSVRecord] {
        try records(bytes: Array(text.utf8), bufferSize: bufferSize, maxFieldBytes: maxFieldBytes)
    }

    /// Every record of a CSV file's bytes read with `CSVReader`.
    static func records(
        bytes: [UInt8], bufferSize: Int = 65_536, maxFieldBytes: Int = 65_536
    ) throws
        -> [CSVRecord]
    {
        let reader = try CSVReader(path: try file(bytes: bytes), bufferSize: bufferSize, maxFieldBytes: maxFieldBytes)
        var records: [CSVRecord] = []
        while let record = try reader.nextRecord() {
            records.append(record)
        }
        return records
    }

    /// Every row of a request file text read with `RequestFileReader`.
    static func rows(
        _ text: String, defaults: ValidationDefaults = .init(), options: ReadingOptions = .init(),
        bufferSize: Int = 65_536, maxFieldBytes: Int = 65_536
    ) throws -> [InputRow] {
        let reader = try RequestFileReader(
            path: try file(text), defaults: defaults, options: options, bufferSize: bufferSize,
            maxFieldBytes: maxFieldBytes)
        var rows: [InputRow] = []
        while let row = try reader.nextRow() {
            rows.append(row)
        }
        return rows
    }

    /// The file-level error thrown when opening the text as a request file, or nil.
    static func requestFileError(_ text: String, defaults: ValidationDefaults = .init()) throws -> RequestFileError? {
        let path = try file(text)
        do {
            _ = try RequestFileReader(path: path, defaults: defaults)
            return nil
        } catch {
            return error
        }
    }
}

extension InputRow {
    /// The problem code, or nil for a valid row.
    var code: RowErrorCode? {
        if case .invalid(let problem) = verdict { return problem.code }
        return nil
    }

    /// The problem message, or nil for a valid row.
    var message: String? {
        if case .invalid(let problem) = verdict { return problem.message }
        return nil
    }

    /// The request of a valid row, or nil.
    var request: PrivacyRequest? {
        if case .valid(let request) = verdict { return request }
        return nil
    }
}

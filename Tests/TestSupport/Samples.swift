import Foundation

/// The repository's own files that tests read: `samples/` and the built executable.
public enum Samples {
    /// The repository root, found from this file's location.
    public static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// A file in `samples/`.
    public static func path(_ name: String) -> String {
        (repositoryRoot as NSString).appendingPathComponent("samples/\(name)")
    }

    /// The `privacy-batch` executable built beside the test bundle.
    public static var executable: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundle, bundle.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("privacy-batch").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return (repositoryRoot as NSString).appendingPathComponent(".build/debug/privacy-batch")
    }

    /// Reads a CSV report written by the tool into rows of cells (simple: reports quote per RFC 4180).
    public static func readCSV(_ path: String) throws -> [[String]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending {
                pending = nil
                return scalar
            }
            return iterator.next()
        }
        while let scalar = next() {
            if quoted {
                if scalar == "\"" {
                    if let following = next() {
                        if following == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            quoted = false
                            pending = following
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
            } else if scalar == "\"" {
                quoted = true
            } else if scalar == "," {
                row.append(field)
                field = ""
            } else if scalar == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else if scalar != "\r" {
                field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }

    /// A CSV read as dictionaries keyed by its header.
    public static func readRecords(_ path: String) throws -> [[String: String]] {
        let rows = try readCSV(path)
        guard let header = rows.first else { return [] }
        return rows.dropFirst().map { cells in
            Dictionary(zip(header, cells), uniquingKeysWith: { first, _ in first })
        }
    }
}

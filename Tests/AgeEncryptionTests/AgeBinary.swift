import Foundation
import Testing

/// Runs the reference `age` tools from the Debian package, which CI installs, in a scratch folder.
struct AgeBinary {
    static let agePath = "/usr/bin/age"
    static let keygenPath = "/usr/bin/age-keygen"

    let folder: URL

    /// Fails (never skips) without the binaries: interoperability is the point of this module.
    init() throws {
        for path in [Self.agePath, Self.keygenPath] {
            try #require(
                FileManager.default.isExecutableFile(atPath: path),
                "\(path) is missing: install the Debian package `age` (apt-get install age)")
        }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("age-interop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func removeFolder() {
        try? FileManager.default.removeItem(at: folder)
    }

    func path(_ name: String) -> String {
        folder.appendingPathComponent(name).path
    }

    func write(_ bytes: [UInt8], to name: String) throws {
        try Data(bytes).write(to: folder.appendingPathComponent(name))
    }

    /// A missing file reads as empty because `age -o` creates its output only on the first byte written.
    func read(_ name: String) throws -> [UInt8] {
        let url = folder.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        return Array(try Data(contentsOf: url))
    }

    /// Runs a tool to completion and returns its standard output; a non-zero exit fails with its standard error.
    @discardableResult
    func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Outputs here are a line or two, well under a pipe's buffer, so reading after exit cannot deadlock.
        process.waitUntilExit()
        let standardOutput = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let standardError = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        try #require(
            process.terminationStatus == 0,
            "\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(standardError)")
        return standardOutput
    }
}

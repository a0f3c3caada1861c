import Foundation
import PrivacyBatchCore
import TestSupport
import Testing

@testable import PrivacyBatchLedger

@Suite struct RecordKeyFileTests {
    private func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func aCreatedKeyFileIsPrivateInAPrivateFolderAndReadsBackAsTheSameKey() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("config/privacy-batch/record.key")
        let (key, created) = try RecordKeyFile.create(path)
        #expect(created)
        #expect(try mode(path) == 0o600)
        #expect(try mode(directory.file("config/privacy-batch")) == 0o700)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.count == 65 && text.hasSuffix("\n"))
        #expect(try RecordKeyFile.read(path).id == key.id)
        // No temporary file is left beside it.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.file("config/privacy-batch")) == [
                "record.key"
            ])

        // A second creation finds the first key and keeps it.
        let again = try RecordKeyFile.create(path)
        #expect(!again.created)
        #expect(again.key.id == key.id)
    }

    @Test(arguments: [0o620, 0o602, 0o666])
    func aKeyFileOthersCanWriteIsRefused(permissions: Int) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("record.key")
        _ = try RecordKeyFile.create(path)
        try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: path)
        #expect(throws: ConfigurationError.self) { try RecordKeyFile.read(path) }
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        #expect(throws: Never.self) { try RecordKeyFile.read(path) }
    }

    @Test(arguments: [
        "", "not a key\n", String(repeating: "a", count: 63), String(repeating: "a", count: 66),
        String(repeating: "g", count: 64), String(repeating: "ab", count: 32) + "\nsecond line\n",
    ])
    func aFileThatHoldsNoKeyIsRefused(content: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("record.key")
        #expect(
            FileManager.default.createFile(
                atPath: path, contents: Data(content.utf8), attributes: [.posixPermissions: 0o600]))
        #expect(throws: ConfigurationError.self) { try RecordKeyFile.read(path) }
    }

    @Test func aKeyCopiedInUpperCaseWithSpacesAroundIsRead() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("record.key")
        let line = "  " + String(repeating: "5A", count: 32) + "\r\n"
        #expect(
            FileManager.default.createFile(
                atPath: path, contents: Data(line.utf8), attributes: [.posixPermissions: 0o600]))
        #expect(try RecordKeyFile.read(path).id == RecordKey.testing.id)
    }

    @Test func aLinkOrAMissingFileIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let real = directory.file("real.key")
        _ = try RecordKeyFile.create(real)
        let link = directory.file("link.key")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        #expect(throws: ConfigurationError.self) { try RecordKeyFile.read(link) }
        #expect(throws: ConfigurationError.self) { try RecordKeyFile.read(directory.file("missing.key")) }
    }

    @Test func creatorsRacingForOneFileAllEndWithTheSameKey() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("keys/record.key")
        let results = try await withThrowingTaskGroup(of: (id: String, created: Bool).self) { group in
            for _ in 0..<16 {
                group.addTask {
                    try await Task.detached {
                        let made = try RecordKeyFile.create(path)
                        return (made.key.id, made.created)
                    }.value
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 16)
        #expect(Set(results.map(\.id)).count == 1)
        #expect(results.filter(\.created).count == 1)
        #expect(try RecordKeyFile.read(path).id == results[0].id)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("keys")) == ["record.key"])
    }
}

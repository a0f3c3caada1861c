import Foundation
import TestSupport
import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore
@testable import PrivacyBatchLedger

/// Planted links and other users' folders: nothing outside the run is written or chmod'ed.
@Suite struct SecureFileTests {
    func mode(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1
    }

    @Test func createsMissingFoldersPrivateAndLeavesAnExistingSafeOneAlone() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let nested = directory.file("a/b/c")
        try SecureFile.createDirectory(nested)
        #expect(try mode(nested) == 0o700)
        #expect(try mode(directory.file("a")) == 0o700)
        let shared = directory.file("readable")
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: false)
        chmod(shared, 0o755)
        try SecureFile.createDirectory(shared)
        #expect(try mode(shared) == 0o755)
    }

    @Test func refusesAFolderOthersCanWriteWithoutChangingIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let open = directory.file("open")
        try FileManager.default.createDirectory(atPath: open, withIntermediateDirectories: false)
        chmod(open, 0o777)
        #expect(throws: ConfigurationError.self) { try SecureFile.createDirectory(open) }
        #expect(try mode(open) == 0o777)
    }

    @Test func aDanglingLinkAmongTheParentsIsAnErrorNotAnEndlessRetry() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createSymbolicLink(
            atPath: directory.file("out"), withDestinationPath: directory.file("unmounted/volume"))
        #expect(throws: (any Error).self) { try SecureFile.createDirectory(directory.file("out/reports")) }
    }

    @Test func aTrailingSlashDoesNotGetALinkPastTheCheck() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let real = directory.file("real")
        try SecureFile.createDirectory(real)
        try FileManager.default.createSymbolicLink(atPath: directory.file("link"), withDestinationPath: real)
        #expect(throws: ConfigurationError.self) { try SecureFile.checkFolder(directory.file("link") + "/") }
        #expect(throws: ConfigurationError.self) { try SecureFile.createDirectory(directory.file("link") + "//") }
    }

    @Test func refusesAFolderThatIsALink() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let real = directory.file("real")
        try FileManager.default.createDirectory(atPath: real, withIntermediateDirectories: false)
        chmod(real, 0o755)
        try FileManager.default.createSymbolicLink(atPath: directory.file("link"), withDestinationPath: real)
        let error = #expect(throws: ConfigurationError.self) { try SecureFile.createDirectory(directory.file("link/")) }
        #expect(error?.message.contains("symbolic link") == true)
        #expect(try mode(real) == 0o755)
    }

    @Test func aLinkedLedgerIsRefusedAndItsTargetKeepsItsMode() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let target = try directory.write("victim.txt", "keep me\n")
        chmod(target, 0o644)
        try FileManager.default.createSymbolicLink(atPath: directory.file("ledger.sqlite"), withDestinationPath: target)
        #expect(throws: ConfigurationError.self) { try Ledger(path: directory.file("ledger.sqlite")) }
        #expect(try mode(target) == 0o644)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me\n")
    }

    @Test func reportsReplaceAPlantedLinkInsteadOfWritingThroughIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let target = try directory.write("victim.txt", "keep me\n")
        chmod(target, 0o644)
        let report = directory.file("outcomes.csv")
        // The final name and the old fixed temporary name are both planted.
        try FileManager.default.createSymbolicLink(atPath: report, withDestinationPath: target)
        try FileManager.default.createSymbolicLink(atPath: report + ".partial", withDestinationPath: target)
        try AtomicFile.write(to: report) { writer in try writer.write(["email"]) }
        try AtomicFile.write(data: Data("{}".utf8), to: directory.file("summary.json"))
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me\n")
        #expect(try mode(target) == 0o644)
        let type = try FileManager.default.attributesOfItem(atPath: report)[.type] as? FileAttributeType
        #expect(type == .typeRegular)
        #expect(try mode(report) == 0o600)
        #expect(try String(contentsOfFile: report, encoding: .utf8) == "email\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0.hasPrefix(".") && $0.hasSuffix(".partial")
        }
        #expect(leftovers.isEmpty)
    }

    @Test func exclusiveCreationRefusesAnyExistingName() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let target = try directory.write("victim.txt", "keep me\n")
        try FileManager.default.createSymbolicLink(atPath: directory.file("planted"), withDestinationPath: target)
        #expect(throws: POSIXFailure.self) { _ = try SecureFile.createExclusive(directory.file("planted")) }
        #expect(SecureFile.temporaryPath(beside: "/x/a.zip") != SecureFile.temporaryPath(beside: "/x/a.zip"))
    }
}

import Foundation
import PrivacyBatchCore
import TestSupport
import Testing

@testable import PrivacyBatchLedger

@Suite struct RecordKeyringTests {
    @Test func theSandboxKeyLivesInTheReportsFoldersSandboxAndTouchesNoHome() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let keyring = RecordKeyring(reports: reports, environment: ["HOME": directory.file("home")])
        let key = try keyring.key(sandbox: true)
        let path = reports + "/.sandbox/record.key"
        #expect(try RecordKeyFile.read(path).id == key.id)
        #expect(!FileManager.default.fileExists(atPath: directory.file("home")))
        let notes = keyring.takeNotes()
        #expect(notes.count == 1)
        #expect(notes.first?.contains(path) == true)
        #expect(notes.first?.contains(key.id) == true)
        #expect(keyring.takeNotes().isEmpty)
        // Asked again, or by another process: the same key, and nothing new to say.
        #expect(try keyring.key(sandbox: true).id == key.id)
        let other = RecordKeyring(reports: reports, environment: ["HOME": directory.file("home")])
        #expect(try other.key(sandbox: true).id == key.id)
        #expect(other.takeNotes().isEmpty)
    }

    @Test func theRealKeyLivesInTheConfigFolderOutsideTheReports() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let home = directory.file("home")
        let xdg = directory.file("xdg")

        let byXDG = RecordKeyring(reports: reports, environment: ["HOME": home, "XDG_CONFIG_HOME": xdg])
        let key = try byXDG.key(sandbox: false)
        #expect(try RecordKeyFile.read(xdg + "/privacy-batch/record.key").id == key.id)
        #expect(!FileManager.default.fileExists(atPath: home))
        #expect(!FileManager.default.fileExists(atPath: reports))
        #expect(byXDG.takeNotes().first?.contains("back it up") == true)

        // A relative XDG_CONFIG_HOME is ignored, as the XDG specification says: the home folder's .config is used.
        let byHome = RecordKeyring(reports: reports, environment: ["HOME": home, "XDG_CONFIG_HOME": "relative"])
        let homeKey = try byHome.key(sandbox: false)
        #expect(try RecordKeyFile.read(home + "/.config/privacy-batch/record.key").id == homeKey.id)
        #expect(homeKey.id != key.id)
        #expect(!FileManager.default.fileExists(atPath: "relative"))
    }

    @Test func withoutAHomeTheRealKeyIsRefusedButTheSandboxStillWorks() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let keyring = RecordKeyring(reports: directory.file("reports"), environment: [:])
        #expect(throws: ConfigurationError.self) { try keyring.key(sandbox: false) }
        #expect(throws: Never.self) { try keyring.key(sandbox: true) }
    }

    @Test func aNamedKeyFileServesEveryRunAndMustExist() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let missing = directory.file("missing.key")
        let refused = RecordKeyring(
            reports: reports,
            environment: [RecordKeyring.environmentVariable: missing, "HOME": directory.file("home")])
        #expect(throws: ConfigurationError.self) { try refused.key(sandbox: false) }
        #expect(throws: ConfigurationError.self) { try refused.key(sandbox: true) }
        // Nothing is created in its place, nor anywhere else.
        #expect(!FileManager.default.fileExists(atPath: missing))
        #expect(!FileManager.default.fileExists(atPath: reports))
        #expect(!FileManager.default.fileExists(atPath: directory.file("home")))

        let named = try RecordKey.testingFile(in: directory.path)
        let keyring = RecordKeyring(reports: reports, environment: [RecordKeyring.environmentVariable: named])
        #expect(try keyring.key(sandbox: false).id == RecordKey.testing.id)
        #expect(try keyring.key(sandbox: true).id == RecordKey.testing.id)
        #expect(try keyring.existingKeys().map(\.id) == [RecordKey.testing.id])
        #expect(keyring.takeNotes().isEmpty)
    }

    @Test func existingKeysCreateNone() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let environment = ["HOME": directory.file("home")]
        #expect(try RecordKeyring(reports: reports, environment: environment).existingKeys().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: reports))
        #expect(!FileManager.default.fileExists(atPath: directory.file("home")))
        let sandbox = try RecordKeyring(reports: reports, environment: environment).key(sandbox: true)
        #expect(try RecordKeyring(reports: reports, environment: environment).existingKeys().map(\.id) == [sandbox.id])
    }
}

import Foundation
import PrivacyBatch
import PrivacyBatchCore
import PrivacyBatchLedger

extension RecordKey {
    /// The record key of every test that does not test keys: fixed, so subjects are the same in every run.
    public static let testing: RecordKey = {
        // 32 bytes are always a key.
        guard let key = try? RecordKey(bytes: [UInt8](repeating: 0x5A, count: RecordKey.byteCount)) else {
            preconditionFailure("a 32-byte record key")
        }
        return key
    }()
}

extension RecordKey {
    /// A key file holding ``testing`` in `directory` (`.record.key`), so commands run by the tests hash as the
    /// library calls of the same test do.
    public static func testingFile(in directory: String) throws -> String {
        let path = (directory as NSString).appendingPathComponent(".record.key")
        if !FileManager.default.fileExists(atPath: path) {
            let line = String(repeating: "5a", count: RecordKey.byteCount) + "\n"
            guard
                FileManager.default.createFile(
                    atPath: path, contents: Data(line.utf8), attributes: [.posixPermissions: 0o600])
            else { throw ConfigurationError("cannot write \(path)") }
        }
        return path
    }
}

extension RecordKeyring {
    /// A keyring holding ``RecordKey/testing`` for real and sandbox runs: no test writes a key into a home folder.
    public static let testing = RecordKeyring(fixed: .testing)
}

extension BatchRun.Request {
    /// A request keyed with ``RecordKeyring/testing``.
    public init(
        inputPath: String,
        reports: String = "reports",
        name: String? = nil,
        newRun: Bool = false,
        defaults: ValidationDefaults = .init(),
        endpoint: String?,
        reading: ReadingOptions = .init(),
        targetID: String? = nil,
        allowRepeat: Bool = false
    ) {
        self.init(
            inputPath: inputPath, reports: reports, name: name, newRun: newRun, defaults: defaults, endpoint: endpoint,
            reading: reading, targetID: targetID, allowRepeat: allowRepeat, keyring: .testing)
    }
}

import Foundation
import PrivacyBatchCore
import Synchronization

/// Finds the record keys of one reports folder: the real one and the sandbox's.
///
/// - `BWP_RECORD_KEY_FILE` names the key file for everything; it must exist.
/// - Otherwise real runs use `$XDG_CONFIG_HOME/privacy-batch/record.key` (else `~/.config/…`), created `0600` on
///   first use with a note saying where: outside the reports folder, so a copy of the folder alone cannot be
///   matched against a list of addresses.
/// - Sandbox runs use `<reports>/.sandbox/record.key`, beside the simulator's state: their shoppers are made up, and
///   a sandbox run must not write outside its reports folder.
///
/// Keys are read or created when first needed, so a sandbox-only user never gets a file in their home.
public final class RecordKeyring: Sendable {
    /// The environment variable naming a key file.
    public static let environmentVariable = "BWP_RECORD_KEY_FILE"

    private let reports: String
    private let configured: String?
    private let defaultPath: String?
    private let state = Mutex<(real: RecordKey?, sandbox: RecordKey?, notes: [String])>((nil, nil, []))

    /// The keyring of the runs under `reports`, located from `environment`.
    public init(reports: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.reports = reports
        configured = environment[Self.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            defaultPath = "\(config)/privacy-batch/record.key"
        } else if let home = environment["HOME"], !home.isEmpty {
            defaultPath = "\(home)/.config/privacy-batch/record.key"
        } else {
            defaultPath = nil
        }
    }

    /// A keyring holding `key` for real and sandbox runs alike: for tests and benchmarks.
    public init(fixed key: RecordKey) {
        reports = ""
        configured = nil
        defaultPath = nil
        state.withLock { $0 = (key, key, []) }
    }

    /// The key for runs against a real endpoint (`sandbox == false`) or the embedded sandbox.
    public func key(sandbox: Bool) throws -> RecordKey {
        if let known = state.withLock({ sandbox ? $0.sandbox : $0.real }) { return known }
        let key: RecordKey
        if let configured {
            key = try RecordKeyFile.read(configured)
        } else {
            let path = try sandbox ? sandboxPath : realPath()
            if FileManager.default.fileExists(atPath: path) {
                key = try RecordKeyFile.read(path)
            } else {
                let (made, created) = try RecordKeyFile.create(path)
                key = made
                if created {
                    let purpose =
                        sandbox
                        ? "for the sandbox's made-up shoppers"
                        : "back it up: without it, shoppers of minimised rows are no longer recognised in later files"
                    note("created record key \(key.id) at \(path) (\(purpose))")
                }
            }
        }
        state.withLock { if sandbox { $0.sandbox = key } else { $0.real = key } }
        return key
    }

    /// The key for `scope`'s runs.
    public func key(for scope: RequestScope) throws -> RecordKey {
        try key(sandbox: scope.isSandbox)
    }

    /// Every key this folder's runs may have used that exists now, creating none: to find one shopper's rows.
    public func existingKeys() throws -> [RecordKey] {
        if let configured { return [try RecordKeyFile.read(configured)] }
        var keys: [RecordKey] = []
        for sandbox in [false, true] {
            guard let path = sandbox ? sandboxPath : defaultPath, FileManager.default.fileExists(atPath: path) else {
                continue
            }
            keys.append(try key(sandbox: sandbox))
        }
        return keys
    }

    /// What the keyring has to tell a person (a key created, and where), once each.
    public func takeNotes() -> [String] {
        state.withLock { state in
            defer { state.notes = [] }
            return state.notes
        }
    }

    /// Records a note about the keys (one no longer matching a run, say) for ``takeNotes()``.
    public func note(_ text: String) {
        state.withLock { $0.notes.append(text) }
    }

    private var sandboxPath: String {
        ((reports as NSString).appendingPathComponent(".sandbox") as NSString).appendingPathComponent("record.key")
    }

    private func realPath() throws(ConfigurationError) -> String {
        guard let defaultPath else {
            throw ConfigurationError(
                "no home folder to keep the record key in: set \(Self.environmentVariable) to a key file's path")
        }
        return defaultPath
    }
}

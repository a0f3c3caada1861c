import GRDB
import PrivacyBatchCore

/// Opens the tool's own SQLite files (the ledger, the request index) the one way they must be opened.
///
/// Created `0600` without following a planted link, WAL mode with full synchronous commits so a committed
/// transaction survives a crash of the process or the machine, and a busy timeout for the other process
/// that may hold the file for a moment.
enum DurableDatabase {
    /// The queue for the file at `path`, migrated to the current schema.
    static func open(path: String, busyTimeout: Double, migrator: DatabaseMigrator) throws -> DatabaseQueue {
        try SecureFile.createIfMissing(path)
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let database = try DatabaseQueue(path: path, configuration: configuration)
        try migrator.migrate(database)
        return database
    }
}

import Foundation
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
            // secure_delete: what a row held (an email) is overwritten when it is deleted or replaced, not left
            // in a free page for anyone with the file.
            try db.execute(sql: "PRAGMA synchronous = FULL; PRAGMA secure_delete = ON")
        }
        let database = try openQueue(path: path, configuration: configuration)
        try migrate(database, with: migrator)
        return database
    }

    /// Opens the queue, waiting out another process that is switching a new file to WAL at the same moment:
    /// SQLite answers that switch's lock with `SQLITE_BUSY` at once, without its busy timeout.
    private static func openQueue(path: String, configuration: Configuration) throws -> DatabaseQueue {
        var attempt = 0
        while true {
            do {
                return try DatabaseQueue(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < 50 {
                attempt += 1
                usleep(20_000)
            }
        }
    }

    /// Brings the schema up to date, also when another process does the same at the same moment.
    ///
    /// GRDB reads which migrations are applied before it takes the write lock for the first one, so the second
    /// of two processes opening a new file (the first two runs of a reports folder, both opening its request
    /// index) can run a migration the first has just committed, and fail on its `CREATE TABLE`. Read again,
    /// that migration is applied: each retry starts from what is committed, and a real error fails every time.
    private static func migrate(_ database: DatabaseQueue, with migrator: DatabaseMigrator) throws {
        var attempt = 0
        while true {
            do {
                return try migrator.migrate(database)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR && attempt < 8 {
                attempt += 1
                guard try database.read({ try !migrator.hasCompletedMigrations($0) }) else { return }
            }
        }
    }
}

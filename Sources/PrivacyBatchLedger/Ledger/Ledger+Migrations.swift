import GRDB

/// The ledger's schema, as named forward-only migrations: a released migration is never edited.
extension Ledger {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-run-and-rows") { db in
            try db.execute(
                sql: """
                    CREATE TABLE run (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        name TEXT NOT NULL,
                        inputPath TEXT NOT NULL,
                        inputSHA256 TEXT NOT NULL,
                        header TEXT NOT NULL,
                        defaultType TEXT,
                        defaultHoldingPeriod INTEGER,
                        defaultReason TEXT,
                        endpoint TEXT,
                        ingestedRows INTEGER NOT NULL DEFAULT 0,
                        ingestComplete BOOLEAN NOT NULL DEFAULT 0,
                        createdAt TEXT NOT NULL
                    );
                    CREATE TABLE row (
                        row INTEGER PRIMARY KEY,
                        line INTEGER NOT NULL,
                        type TEXT,
                        email TEXT,
                        holdingPeriod INTEGER,
                        reason TEXT,
                        cells TEXT NOT NULL,
                        state TEXT NOT NULL,
                        clientToken TEXT,
                        taskId TEXT,
                        taskStatus TEXT,
                        errorCode TEXT,
                        errorMessage TEXT,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        submittedAt TEXT,
                        updatedAt TEXT
                    );
                    CREATE INDEX row_by_state ON row(state, row);
                    CREATE INDEX row_by_task ON row(taskId);
                    """
            )
        }
        migrator.registerMigration("v2-archives") { db in
            try db.execute(
                sql: """
                    ALTER TABLE row ADD COLUMN archivePath TEXT;
                    ALTER TABLE row ADD COLUMN archiveSize INTEGER;
                    ALTER TABLE row ADD COLUMN archiveSHA256 TEXT;
                    """
            )
        }
        migrator.registerMigration("v3-report-revisions") { db in
            try db.execute(
                sql: """
                    ALTER TABLE run ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE run ADD COLUMN reportedRevision INTEGER NOT NULL DEFAULT -1;
                    """
            )
        }
        migrator.registerMigration("v4-valid-counts") { db in
            // Kept as the rows are stored, so a resume does not scan a million rows to count them again.
            try db.execute(
                sql: """
                    CREATE TABLE validCount (type TEXT PRIMARY KEY, rows INTEGER NOT NULL);
                    INSERT INTO validCount (type, rows)
                        SELECT type, COUNT(*) FROM row WHERE type IS NOT NULL GROUP BY type;
                    """
            )
        }
        migrator.registerMigration("v5-next-checks") { db in
            // When each open task is next worth asking about (seconds since 1970; 0 = now), indexed over the
            // open tasks only, so a watch round reads the rows due now in pages instead of holding them all.
            // The condition is `Ledger.isOpenTask` written out: a migration never changes, and queries that
            // repeat these terms are the ones SQLite answers from this partial index.
            try db.execute(
                sql: """
                    ALTER TABLE row ADD COLUMN nextCheckAt REAL NOT NULL DEFAULT 0;
                    CREATE INDEX row_open_by_next_check ON row(nextCheckAt, row)
                    WHERE state = 'SUBMITTED'
                      AND (taskStatus IS NULL OR taskStatus NOT IN ('COMPLETED', 'FAILED', 'CANCELLED'))
                      AND (errorCode IS NULL OR errorCode != 'ResourceNotFound');
                    """
            )
        }
        migrator.registerMigration("v6-reached-endpoint") { db in
            // Runs from before this column may have reached their endpoint: they stay bound to it.
            try db.execute(sql: "ALTER TABLE run ADD COLUMN reachedEndpoint BOOLEAN NOT NULL DEFAULT 1")
        }
        migrator.registerMigration("v7-activity") { db in
            // Requests and throttled answers per second, flushed from the pacer: what the run page charts.
            try db.execute(
                sql: """
                    CREATE TABLE activity (
                        second INTEGER PRIMARY KEY, requests INTEGER NOT NULL, throttled INTEGER NOT NULL
                    ) WITHOUT ROWID
                    """)
        }
        migrator.registerMigration("v8-target-id") { db in
            // Older runs keep NULL: their target is unknown, and they resume as before.
            try db.execute(sql: "ALTER TABLE run ADD COLUMN targetID TEXT")
        }
        migrator.registerMigration("v9-follow-up") { db in
            // What carrying a request to its end needs: when its task was seen final, how often an open-order
            // failure was sent again (and the tasks before), when it was given up, and its legal deadline.
            // Rows final before this column get their last change as the time they were seen final.
            try db.execute(
                sql: """
                    ALTER TABLE row ADD COLUMN finalAt TEXT;
                    ALTER TABLE row ADD COLUMN reopens INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE row ADD COLUMN reopenedAt TEXT;
                    ALTER TABLE row ADD COLUMN previousTaskIds TEXT;
                    ALTER TABLE row ADD COLUMN gaveUpAt TEXT;
                    ALTER TABLE row ADD COLUMN receivedAt TEXT;
                    ALTER TABLE row ADD COLUMN dueAt TEXT;
                    ALTER TABLE row ADD COLUMN handedOverAt TEXT;
                    ALTER TABLE row ADD COLUMN archivedAt TEXT;
                    ALTER TABLE row ADD COLUMN archiveDeletedAt TEXT;
                    UPDATE row SET archivedAt = updatedAt WHERE archivePath IS NOT NULL;
                    ALTER TABLE row ADD COLUMN noticed TEXT;
                    UPDATE row SET finalAt = updatedAt
                    WHERE state = 'SUBMITTED' AND taskStatus IN ('COMPLETED', 'FAILED', 'CANCELLED');
                    ALTER TABLE run ADD COLUMN reopenAfter REAL;
                    ALTER TABLE run ADD COLUMN giveUpAfter REAL;
                    ALTER TABLE run ADD COLUMN deadlineRule TEXT;
                    ALTER TABLE run ADD COLUMN processingDays INTEGER;
                    CREATE INDEX row_archives_kept ON row(archivedAt, row)
                    WHERE archivePath IS NOT NULL AND archiveDeletedAt IS NULL AND handedOverAt IS NOT NULL;
                    CREATE INDEX row_orders_not_closed ON row(finalAt, row)
                    WHERE state = 'SUBMITTED' AND taskStatus = 'FAILED' AND errorCode = 'ORDERS_NOT_CLOSED'
                      AND type = 'deletion' AND gaveUpAt IS NULL;
                    """
            )
        }
        migrator.registerMigration("v10-record-key") { db in
            // Proof instead of personal data: each row's shopper under a keyed hash (`subject`), the masked email
            // people read once the address is gone, and when the row was minimised; with the run, the key's name
            // and how long finished rows keep their values. Minimisation walks the rows not yet minimised only.
            try db.execute(
                sql: """
                    ALTER TABLE row ADD COLUMN subject TEXT;
                    ALTER TABLE row ADD COLUMN maskedEmail TEXT;
                    ALTER TABLE row ADD COLUMN minimisedAt TEXT;
                    ALTER TABLE run ADD COLUMN recordKeyId TEXT;
                    ALTER TABLE run ADD COLUMN emailColumn INTEGER;
                    ALTER TABLE run ADD COLUMN keptColumns TEXT;
                    ALTER TABLE run ADD COLUMN retainPII REAL;
                    ALTER TABLE run ADD COLUMN retainPIIMax REAL;
                    ALTER TABLE run ADD COLUMN minimiseDueAt TEXT;
                    ALTER TABLE run ADD COLUMN minimiseCheckedRevision INTEGER;
                    CREATE INDEX row_by_subject ON row(subject) WHERE subject IS NOT NULL;
                    CREATE INDEX row_unminimised ON row(row) WHERE minimisedAt IS NULL;
                    """
            )
        }
        migrator.registerMigration("v11-audit") { db in
            // The head of `audit.jsonl` (seq and SHA-256 of its last line) as of the last committed change: written
            // in the same transaction as the state the log's entries describe. NULL for a run whose log is not
            // started yet (created before the log existed).
            try db.execute(
                sql: """
                    ALTER TABLE run ADD COLUMN auditSeq INTEGER;
                    ALTER TABLE run ADD COLUMN auditHash TEXT;
                    """
            )
        }
        return migrator
    }
}

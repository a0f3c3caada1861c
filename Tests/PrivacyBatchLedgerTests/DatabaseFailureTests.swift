import GRDB
import Testing

@testable import PrivacyBatchLedger

@Suite struct DatabaseFailureTests {
    @Test func sqliteReportingTheDiskIsAStorageFailure() {
        for code in [ResultCode.SQLITE_FULL, .SQLITE_IOERR, .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_READONLY] {
            #expect(DatabaseFailure.isStorageFailure(DatabaseError(resultCode: code)))
        }
    }

    @Test func otherDatabaseErrorsAndOtherErrorsAreNot() {
        #expect(!DatabaseFailure.isStorageFailure(DatabaseError(resultCode: .SQLITE_CONSTRAINT)))
        #expect(!DatabaseFailure.isStorageFailure(DatabaseError(resultCode: .SQLITE_BUSY)))
        #expect(!DatabaseFailure.isStorageFailure(CancellationError()))
    }
}

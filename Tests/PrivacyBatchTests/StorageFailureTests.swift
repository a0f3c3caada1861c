import Foundation
import GRDB
import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore

@Suite struct StorageFailureTests {
    @Test func diskAndSQLiteIOErrorsAreStorageFailures() {
        errno = ENOSPC
        #expect(StorageFailure.matches(POSIXFailure(operation: "write", path: "/x")))
        #expect(StorageFailure.matches(CSVWriter.WriteError(path: "/x", operation: "write", code: EIO)))
        #expect(StorageFailure.matches(DatabaseError(resultCode: .SQLITE_FULL)))
        #expect(StorageFailure.matches(DatabaseError(resultCode: .SQLITE_IOERR)))
        #expect(StorageFailure.matches(NSError(domain: NSPOSIXErrorDomain, code: Int(EDQUOT))))
    }

    @Test func otherFailuresAreNot() {
        errno = EACCES
        #expect(!StorageFailure.matches(POSIXFailure(operation: "open", path: "/x")))
        #expect(!StorageFailure.matches(ConfigurationError("bad flag")))
        #expect(!StorageFailure.matches(DatabaseError(resultCode: .SQLITE_CONSTRAINT)))
    }
}

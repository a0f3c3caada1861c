import Foundation
import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore

@Suite struct StorageFailureTests {
    @Test func diskErrorsAreStorageFailures() {
        errno = ENOSPC
        #expect(StorageFailure.matches(POSIXFailure(operation: "write", path: "/x")))
        #expect(StorageFailure.matches(CSVWriter.WriteError(path: "/x", operation: "write", code: EIO)))
        #expect(StorageFailure.matches(NSError(domain: NSPOSIXErrorDomain, code: Int(EDQUOT))))
    }

    @Test func otherFailuresAreNot() {
        errno = EACCES
        #expect(!StorageFailure.matches(POSIXFailure(operation: "open", path: "/x")))
        #expect(!StorageFailure.matches(ConfigurationError("bad flag")))
    }
}

import Foundation
import PrivacyBatchCore
import PrivacyBatchLedger

/// Recognises failures of the disk rather than of the input or the API: a full disk, a quota, an I/O
/// error, a read-only file system, or SQLite reporting any of these for the ledger.
///
/// They get an exit code of their own (4) because the fix is on the machine (free space, check the disk)
/// and a rerun after it resumes exactly: the ledger commits whole transactions or nothing.
public enum StorageFailure {
    /// The `errno` values that mean the storage, not the request, failed.
    static let codes: Set<Int32> = [ENOSPC, EDQUOT, EIO, EROFS, EFBIG]

    /// Whether `error` is a storage failure.
    public static func matches(_ error: any Error) -> Bool {
        if DatabaseFailure.isStorageFailure(error) { return true }
        switch error {
        case let failure as POSIXFailure:
            return codes.contains(failure.code)
        case let failure as CSVWriter.WriteError:
            return codes.contains(failure.code)
        default:
            let error = error as NSError
            if error.domain == NSPOSIXErrorDomain { return codes.contains(Int32(error.code)) }
            if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError,
                underlying.domain == NSPOSIXErrorDomain
            {
                return codes.contains(Int32(underlying.code))
            }
            return error.domain == NSCocoaErrorDomain
                && [CocoaError.fileWriteOutOfSpace.rawValue, CocoaError.fileWriteVolumeReadOnly.rawValue].contains(
                    error.code)
        }
    }
}

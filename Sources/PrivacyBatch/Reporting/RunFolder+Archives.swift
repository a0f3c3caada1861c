import Foundation
import PrivacyBatchCore

extension RunFolder {
    /// Deletes the archive files of `archives` off the cooperative pool, and returns the rows whose file is gone
    /// now: the file first, the record after (by the caller), so a crash between the two leaves a record the next
    /// command completes, never a file the ledger calls gone.
    ///
    /// Only archives in the run's own `data/` folder are deleted, found there by their file name (the recorded
    /// path may be relative to where an earlier command ran); one saved elsewhere (`download --to`) is the
    /// operator's to delete, and is left recorded as present.
    func deleteArchives(_ archives: [(row: Int, path: String)]) async throws -> [Int] {
        guard !archives.isEmpty else { return [] }
        let folder = self.archives
        return try await BlockingWork.run {
            var gone: [Int] = []
            for archive in archives {
                let name = (archive.path as NSString).lastPathComponent
                let parent = ((archive.path as NSString).deletingLastPathComponent as NSString).lastPathComponent
                guard parent == "data", name.hasPrefix("row-") else { continue }
                let path = (folder as NSString).appendingPathComponent(name)
                guard unlink(path) == 0 || errno == ENOENT else {
                    throw POSIXFailure(operation: "unlink", path: path)
                }
                gone.append(archive.row)
            }
            if !gone.isEmpty { try SecureFile.syncFolder(of: (folder as NSString).appendingPathComponent("x")) }
            return gone
        }
    }

    /// Removes what downloads killed part-way left in the run's `data/` folder: temporary files
    /// (`.row-N….partial`), never named as an archive and never recorded. Returns how many went. Only this run's
    /// own folder is swept, under its lock: a `--to` folder may be another run's as well.
    public func sweepPartialArchives() async throws -> Int {
        let folder = archives
        return try await BlockingWork.run {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return 0 }
            var removed = 0
            for name in names where name.hasPrefix(".row-") && name.hasSuffix(".partial") {
                let path = (folder as NSString).appendingPathComponent(name)
                guard unlink(path) == 0 || errno == ENOENT else { throw POSIXFailure(operation: "unlink", path: path) }
                removed += 1
            }
            return removed
        }
    }
}

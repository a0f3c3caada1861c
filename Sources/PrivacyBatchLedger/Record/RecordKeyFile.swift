import Foundation
import PrivacyBatchCore

/// Reads and creates record key files: one line of 64 hex digits, `0600`, in a `0700` folder.
///
/// Text rather than raw bytes, so the key can be copied into a password manager or a secret store and back.
public enum RecordKeyFile {
    /// The key in the file at `path`.
    public static func read(_ path: String) throws(ConfigurationError) -> RecordKey {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            throw ConfigurationError("record key file \(path) cannot be read (\(String(cString: strerror(errno))))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw ConfigurationError("record key file \(path) is not a regular file (a link is not followed)")
        }
        guard status.st_mode & 0o022 == 0 else {
            throw ConfigurationError(
                "record key file \(path) can be written by others: anyone who replaces it changes every keyed hash; chmod 600 it"
            )
        }
        guard let data = FileManager.default.contents(atPath: path),
            let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
            let bytes = Self.bytes(ofHex: text)
        else {
            throw ConfigurationError(
                "record key file \(path) does not hold a record key (one line of 64 hex digits)")
        }
        return try RecordKey(bytes: bytes)
    }

    /// Creates a file holding a new key at `path` (its folder made `0700`), unless one appeared there meanwhile:
    /// then that one is the key. Returns the key and whether this call created it.
    public static func create(_ path: String) throws -> (key: RecordKey, created: Bool) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try SecureFile.createDirectory(folder) }
        let key = RecordKey.generate()
        let temporary = SecureFile.temporaryPath(beside: path)
        let descriptor = try SecureFile.createExclusive(temporary)
        let line = Array((key.hexadecimal + "\n").utf8)
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == line.count, synced else {
            unlink(temporary)
            throw POSIXFailure(operation: "write", path: temporary)
        }
        // link(2) never replaces: of two processes creating the key at once, one wins and both use its key.
        let linked = link(temporary, path) == 0
        let failure = errno
        unlink(temporary)
        guard linked else {
            if failure == EEXIST { return (try read(path), false) }
            throw POSIXFailure(operation: "link", path: path)
        }
        try SecureFile.syncFolder(of: path)
        return (key, true)
    }

    private static func bytes(ofHex text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count == RecordKey.byteCount * 2 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(RecordKey.byteCount)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

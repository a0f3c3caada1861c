import Checksums
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Checks that a downloaded file is a readable zip archive: its directory, every entry's header, and
/// the CRC-32 of every stored (uncompressed) entry.
///
/// A download that was cut short or replaced by an error page fails here instead of being recorded.
/// The file is read in small pieces (the tail, each directory entry, each entry's data in 64 KiB
/// chunks), so memory stays flat whatever the archive's size.
public enum ZipCheck {
    /// Why a file is not a readable zip.
    public struct Problem: Error, CustomStringConvertible, Sendable, Equatable {
        /// What is wrong.
        public let description: String
    }

    /// Random access to the archive's bytes: `read(offset, count)` returns up to `count` bytes.
    struct Source {
        let size: Int
        let read: (Int, Int) -> [UInt8]?

        func bytes(_ offset: Int, _ count: Int) throws(Problem) -> [UInt8] {
            guard offset >= 0, count >= 0, offset + count <= size, let bytes = read(offset, count),
                bytes.count == count
            else { throw Problem(description: "entry runs past the end") }
            return bytes
        }
    }

    /// The problem with the zip at `path`, or `nil` when it is whole; reads off the cooperative pool.
    public static func problem(inFileAt path: String) async -> Problem? {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .utility).async {
                do throws(Problem) {
                    _ = try entries(inFileAt: path)
                    continuation.resume(returning: nil)
                } catch {
                    continuation.resume(returning: error)
                }
            }
        }
    }

    /// The number of entries of the zip at `path`, or a ``Problem``.
    public static func entries(inFileAt path: String) throws(Problem) -> Int {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw Problem(description: "cannot read") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Problem(description: "cannot read") }
        let source = Source(size: Int(status.st_size)) { offset, count in
            var bytes: [UInt8] = []
            while bytes.count < count {
                var piece = [UInt8](repeating: 0, count: count - bytes.count)
                let got = pread(descriptor, &piece, piece.count, off_t(offset + bytes.count))
                if got < 0, errno == EINTR { continue }
                guard got > 0 else { return nil }
                bytes += piece.prefix(got)
            }
            return bytes
        }
        return try entries(in: source)
    }

    /// The number of entries of the zip in `bytes`, or a ``Problem``.
    public static func entries(in bytes: [UInt8]) throws(Problem) -> Int {
        try entries(in: Source(size: bytes.count) { offset, count in Array(bytes[offset..<offset + count]) })
    }

    static func entries(in source: Source) throws(Problem) -> Int {
        guard source.size >= 22 else { throw Problem(description: "too short to be a zip") }
        let tailStart = max(0, source.size - 22 - 65_535)
        let tail = try source.bytes(tailStart, source.size - tailStart)
        var end = -1
        var index = tail.count - 22
        while index >= 0 {
            if u32(tail, index) == 0x0605_4b50 {
                end = index
                break
            }
            index -= 1
        }
        guard end >= 0 else { throw Problem(description: "no end-of-central-directory record") }
        let count = u16(tail, end + 10)
        var entry = u32(tail, end + 16)
        for _ in 0..<count {
            guard entry + 46 <= source.size else { throw Problem(description: "broken central directory") }
            let header = try source.bytes(entry, 46)
            guard u32(header, 0) == 0x0201_4b50 else { throw Problem(description: "broken central directory") }
            let method = u16(header, 10)
            let crc = UInt32(truncatingIfNeeded: u32(header, 16))
            let compressedSize = u32(header, 20)
            let local = u32(header, 42)
            guard local + 30 <= source.size else { throw Problem(description: "broken local file header") }
            let localHeader = try source.bytes(local, 30)
            guard u32(localHeader, 0) == 0x0403_4b50 else { throw Problem(description: "broken local file header") }
            let dataStart = local + 30 + u16(localHeader, 26) + u16(localHeader, 28)
            guard dataStart + compressedSize <= source.size else {
                throw Problem(description: "entry runs past the end")
            }
            if method == 0 {
                var checksum = CRC32()
                var offset = dataStart
                while offset < dataStart + compressedSize {
                    let piece = min(1 << 16, dataStart + compressedSize - offset)
                    checksum.update(try source.bytes(offset, piece))
                    offset += piece
                }
                guard checksum.value == crc else { throw Problem(description: "CRC mismatch") }
            }
            entry += 46 + u16(header, 28) + u16(header, 30) + u16(header, 32)
        }
        return count
    }

    private static func u16(_ bytes: [UInt8], _ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    private static func u32(_ bytes: [UInt8], _ at: Int) -> Int { u16(bytes, at) | u16(bytes, at + 2) << 16 }
}

import Foundation

/// Checks that a downloaded file is a readable zip archive: its directory, every entry's header, and
/// the CRC-32 of every stored (uncompressed) entry.
///
/// A download that was cut short or replaced by an error page fails here instead of being recorded.
public enum ZipCheck {
    /// Why a file is not a readable zip.
    public struct Problem: Error, CustomStringConvertible, Sendable, Equatable {
        /// What is wrong.
        public let description: String
    }

    /// The number of entries of the zip at `path`, or a ``Problem``.
    public static func entries(inFileAt path: String) throws(Problem) -> Int {
        guard let data = FileManager.default.contents(atPath: path) else { throw Problem(description: "cannot read") }
        return try entries(in: [UInt8](data))
    }

    /// The number of entries of the zip in `bytes`, or a ``Problem``.
    public static func entries(in bytes: [UInt8]) throws(Problem) -> Int {
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        guard bytes.count >= 22 else { throw Problem(description: "too short to be a zip") }
        var end = -1
        var index = bytes.count - 22
        while index >= max(0, bytes.count - 22 - 65_535) {
            if u32(index) == 0x0605_4b50 {
                end = index
                break
            }
            index -= 1
        }
        guard end >= 0 else { throw Problem(description: "no end-of-central-directory record") }
        let count = u16(end + 10)
        var entry = u32(end + 16)
        for _ in 0..<count {
            guard entry + 46 <= bytes.count, u32(entry) == 0x0201_4b50 else {
                throw Problem(description: "broken central directory")
            }
            let method = u16(entry + 10)
            let crc = UInt32(truncatingIfNeeded: u32(entry + 16))
            let compressedSize = u32(entry + 20)
            let nameLength = u16(entry + 28)
            let extraLength = u16(entry + 30)
            let commentLength = u16(entry + 32)
            let local = u32(entry + 42)
            guard local + 30 <= bytes.count, u32(local) == 0x0403_4b50 else {
                throw Problem(description: "broken local file header")
            }
            let dataStart = local + 30 + u16(local + 26) + u16(local + 28)
            guard dataStart + compressedSize <= bytes.count else {
                throw Problem(description: "entry runs past the end")
            }
            if method == 0, CRC32.checksum(bytes[dataStart..<dataStart + compressedSize]) != crc {
                throw Problem(description: "CRC mismatch")
            }
            entry += 46 + nameLength + extraLength + commentLength
        }
        return count
    }
}

/// CRC-32 (IEEE 802.3), as zip uses it.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

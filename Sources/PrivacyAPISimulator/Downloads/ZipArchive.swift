import Checksums
import Foundation

/// A minimal zip writer: stored (uncompressed) entries, which any unzip tool reads.
struct ZipArchive {
    private var entries: [(name: String, data: [UInt8], crc: UInt32, offset: UInt32)] = []
    private var body: [UInt8] = []

    mutating func add(name: String, data: [UInt8]) {
        let crc = CRC32.checksum(data)
        let offset = UInt32(body.count)
        let nameBytes = Array(name.utf8)
        body += le32(0x0403_4B50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
        body += le32(crc) + le32(UInt32(data.count)) + le32(UInt32(data.count))
        body += le16(UInt16(nameBytes.count)) + le16(0) + nameBytes + data
        entries.append((name, data, crc, offset))
    }

    func bytes() -> [UInt8] {
        var out = body
        let directoryOffset = UInt32(out.count)
        for entry in entries {
            let nameBytes = Array(entry.name.utf8)
            out += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
            out += le32(entry.crc) + le32(UInt32(entry.data.count)) + le32(UInt32(entry.data.count))
            out += le16(UInt16(nameBytes.count)) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0)
            out += le32(entry.offset) + nameBytes
        }
        let directorySize = UInt32(out.count) - directoryOffset
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(entries.count)) + le16(UInt16(entries.count))
        out += le32(directorySize) + le32(directoryOffset) + le16(0)
        return out
    }

    private func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
}

import Checksums
import Foundation
import TestSupport
import Testing

@testable import PrivacyBatch

@Suite struct ZipCheckTests {
    /// A one-entry stored zip built by hand, as the simulator serves them.
    func storedZip(name: String, content: [UInt8], crc: UInt32? = nil) -> [UInt8] {
        func u16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func u32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(value >> (8 * $0) & 0xFF) } }
        let checksum = crc ?? CRC32.checksum(content)
        let nameBytes = Array(name.utf8)
        let size = UInt32(content.count)
        let local =
            u32(0x0403_4b50) + u16(20) + u16(0) + u16(0) + u16(0) + u16(0) + u32(checksum) + u32(size) + u32(size)
            + u16(nameBytes.count) + u16(0) + nameBytes + content
        let central =
            u32(0x0201_4b50) + u16(20) + u16(20) + u16(0) + u16(0) + u16(0) + u16(0) + u32(checksum) + u32(size)
            + u32(size) + u16(nameBytes.count) + u16(0) + u16(0) + u16(0) + u16(0) + u32(0) + u32(0) + nameBytes
        let end =
            u32(0x0605_4b50) + u16(0) + u16(0) + u16(1) + u16(1) + u32(UInt32(central.count))
            + u32(UInt32(local.count)) + u16(0)
        return local + central + end
    }

    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test func acceptsAWholeZipAndRefusesDamagedOnes() throws {
        let zip = storedZip(name: "profile.json", content: Array(#"{"email":"x"}"#.utf8))
        #expect(try ZipCheck.entries(in: zip) == 1)
        #expect(throws: ZipCheck.Problem.self) { try ZipCheck.entries(in: Array(zip.prefix(zip.count - 10))) }
        #expect(throws: ZipCheck.Problem.self) {
            try ZipCheck.entries(in: storedZip(name: "a", content: [1, 2, 3], crc: 42))
        }
        #expect(throws: ZipCheck.Problem.self) { try ZipCheck.entries(in: Array("<Error>AccessDenied</Error>".utf8)) }
    }

    @Test func checksALargeArchiveOnDiskPieceByPiece() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let content = (0..<(6 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var zip = storedZip(name: "big.bin", content: content)
        let path = directory.file("big.zip")
        _ = FileManager.default.createFile(atPath: path, contents: Data(zip))
        #expect(try ZipCheck.entries(inFileAt: path) == 1)
        // One flipped byte in the middle of the entry: the streamed CRC must catch it.
        zip[3 << 20] ^= 0xFF
        _ = FileManager.default.createFile(atPath: directory.file("bad.zip"), contents: Data(zip))
        #expect(throws: ZipCheck.Problem.self) { try ZipCheck.entries(inFileAt: directory.file("bad.zip")) }
    }
}

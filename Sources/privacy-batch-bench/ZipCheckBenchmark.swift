import Checksums
import Foundation
import PrivacyBatch
import PrivacyBatchCore

/// `zip-check`: peak RSS of checking a large archive on disk, which must not grow with the archive.
enum ZipCheckBenchmark {
    static func run(arguments: [String]) throws {
        let megabytes = Int(BenchSupport.option("--size-mb", in: arguments) ?? "") ?? 400
        let work = NSTemporaryDirectory() + "privacy-batch-zip-\(getpid())"
        try SecureFile.createDirectory(work)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let path = work + "/big.zip"
        try writeStoredZip(to: path, megabytes: megabytes)
        let before = BenchSupport.peakRSSMiB()
        let (entries, seconds) = try BenchSupport.timeSync { try ZipCheck.entries(inFileAt: path) }
        print(
            String(
                format: "zip check of a %d MiB archive (%d entry): %.2f s, peak RSS %.1f MiB (%.1f before the check)",
                megabytes, entries, seconds, BenchSupport.peakRSSMiB(), before))
    }

    /// One stored entry of `megabytes` MiB, written and checksummed 1 MiB at a time.
    private static func writeStoredZip(to path: String, megabytes: Int) throws {
        func u16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func u32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(value >> (8 * $0) & 0xFF) } }
        let chunk = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var crc = CRC32()
        for _ in 0..<megabytes { crc.update(chunk) }
        let size = UInt32(megabytes << 20)
        let name = Array("data.bin".utf8)
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw CocoaError(.fileWriteUnknown) }
        defer { try? handle.close() }
        let local =
            u32(0x0403_4b50) + u16(20) + u16(0) + u16(0) + u16(0) + u16(0) + u32(crc.value) + u32(size) + u32(size)
            + u16(name.count) + u16(0) + name
        try handle.write(contentsOf: Data(local))
        for _ in 0..<megabytes { try handle.write(contentsOf: Data(chunk)) }
        let central =
            u32(0x0201_4b50) + u16(20) + u16(20) + u16(0) + u16(0) + u16(0) + u16(0) + u32(crc.value) + u32(size)
            + u32(size) + u16(name.count) + u16(0) + u16(0) + u16(0) + u16(0) + u32(0) + u32(0) + name
        let end =
            u32(0x0605_4b50) + u16(0) + u16(0) + u16(1) + u16(1) + u32(UInt32(central.count))
            + u32(UInt32(local.count) + size) + u16(0)
        try handle.write(contentsOf: Data(central + end))
    }
}

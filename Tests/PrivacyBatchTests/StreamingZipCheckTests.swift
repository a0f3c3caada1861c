import Checksums
import Foundation
import Testing

@testable import PrivacyBatch

@Suite struct StreamingZipCheckTests {
    /// Stored entries and their directory, built by hand as the simulator serves them; the knobs damage the
    /// directory in ways a random-access reader might not notice.
    struct StoredZip {
        var entries: [(name: String, data: [UInt8])]
        var directoryOffsetShift = 0
        var extraDirectoryRecord = false
        var comment: [UInt8] = []
        /// Data descriptors after each entry (sizes 0 in the local header), with or without their signature.
        var descriptors: Bool? = nil

        func bytes() -> [UInt8] {
            func u16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
            func u32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(value >> (8 * $0) & 0xFF) } }
            var body: [UInt8] = []
            var directory: [UInt8] = []
            var records = entries.map { entry in (entry, offset: 0) }
            for index in records.indices {
                let (entry, _) = records[index]
                records[index].offset = body.count
                let name = Array(entry.name.utf8)
                let crc = Int(CRC32.checksum(entry.data))
                if let signed = descriptors {
                    body += u32(0x0403_4b50) + u16(20) + u16(8) + u16(0) + u16(0) + u16(0) + u32(0) + u32(0) + u32(0)
                    body += u16(name.count) + u16(0) + name + entry.data + (signed ? u32(0x0807_4b50) : [])
                    body += u32(crc) + u32(entry.data.count) + u32(entry.data.count)
                } else {
                    body += u32(0x0403_4b50) + u16(20) + u16(0) + u16(0) + u16(0) + u16(0) + u32(crc)
                    body += u32(entry.data.count) + u32(entry.data.count) + u16(name.count) + u16(0) + name + entry.data
                }
            }
            if extraDirectoryRecord, let last = records.last { records.append(last) }
            for (entry, offset) in records {
                let name = Array(entry.name.utf8)
                let crc = Int(CRC32.checksum(entry.data))
                let flags = descriptors == nil ? 0 : 8
                directory += u32(0x0201_4b50) + u16(20) + u16(20) + u16(flags) + u16(0) + u16(0) + u16(0) + u32(crc)
                directory += u32(entry.data.count) + u32(entry.data.count) + u16(name.count) + u16(0) + u16(0)
                directory += u16(0) + u16(0) + u32(0) + u32(offset) + name
            }
            let end =
                u32(0x0605_4b50) + u16(0) + u16(0) + u16(records.count) + u16(records.count) + u32(directory.count)
                + u32(body.count + directoryOffsetShift) + u16(comment.count) + comment
            return body + directory + end
        }
    }

    /// Feeds `zip` in pieces of `size` bytes (or whole, for `nil`) and returns the verdict.
    func streamed(_ zip: [UInt8], pieces size: Int?) throws(ZipCheck.Problem) -> Int {
        var check = StreamingZipCheck()
        let size = size ?? max(zip.count, 1)
        var start = 0
        while start < zip.count {
            try check.update(zip[start..<min(start + size, zip.count)])
            start += size
        }
        return try check.finish()
    }

    func expectAccepted(_ zip: [UInt8], entries: Int, _ label: String) throws {
        #expect(try ZipCheck.entries(in: zip) == entries, "\(label): the random-access check disagrees")
        for size in [1, 7, 4096, nil] {
            #expect(try streamed(zip, pieces: size) == entries, "\(label) in pieces of \(size ?? zip.count)")
        }
    }

    func expectRefused(_ zip: [UInt8], _ label: String) {
        for size in [1, 7, 4096, nil] {
            #expect(throws: ZipCheck.Problem.self, "\(label) in pieces of \(size ?? zip.count)") {
                try streamed(zip, pieces: size)
            }
        }
    }

    /// Bytes that compress a little and hold zip signatures, so that a naive descriptor search would stop early.
    static func awkwardBytes(_ count: Int, seed: UInt32) -> [UInt8] {
        var state = seed
        var bytes = (0..<count).map { _ in
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: state >> 24) & 0x3F
        }
        let traps: [[UInt8]] = [[0x50, 0x4b, 0x07, 0x08], [0x50, 0x4b, 0x03, 0x04], [0x50, 0x4b, 0x01, 0x02]]
        for (index, trap) in traps.enumerated() where count > 64 {
            let at = count / 4 * (index + 1)
            bytes.replaceSubrange(at..<at + 4, with: trap)
        }
        return bytes
    }

    // MARK: - Hand-built stored archives

    @Test func acceptsStoredArchivesInPiecesOfAnySize() throws {
        let zip = StoredZip(entries: [
            ("profile.json", Array(#"{"email":"x"}"#.utf8)), ("empty.txt", []),
            ("orders.csv", Self.awkwardBytes(50_000, seed: 1)),
        ])
        try expectAccepted(zip.bytes(), entries: 3, "three stored entries")
        try expectAccepted(StoredZip(entries: []).bytes(), entries: 0, "no entries")
        var commented = zip
        commented.comment = Array("retrieval 42".utf8)
        try expectAccepted(commented.bytes(), entries: 3, "with a comment")
        for signed in [true, false] {
            var described = zip
            described.descriptors = signed
            try expectAccepted(described.bytes(), entries: 3, "with data descriptors, signed: \(signed)")
            var bytes = described.bytes()
            bytes[40_000] ^= 0x01
            expectRefused(bytes, "a flipped byte before a data descriptor, signed: \(signed)")
            expectRefused(Array(bytes.prefix(30_000)), "cut inside data with a descriptor, signed: \(signed)")
        }
    }

    @Test func refusesAFlippedByteInStoredData() {
        var zip = StoredZip(entries: [("a.bin", Self.awkwardBytes(10_000, seed: 2))]).bytes()
        zip[5_000] ^= 0x01
        #expect(throws: ZipCheck.Problem(description: "CRC mismatch")) { try streamed(zip, pieces: 7) }
        expectRefused(zip, "flipped byte")
    }

    @Test(arguments: [nil, true, false])
    func refusesEveryTruncation(descriptors: Bool?) {
        var archive = StoredZip(entries: [("a.txt", Array("hello".utf8)), ("b.txt", Array("world!".utf8))])
        archive.descriptors = descriptors
        let zip = archive.bytes()
        for length in 0..<zip.count {
            #expect(throws: ZipCheck.Problem.self, "cut at \(length)") {
                try streamed(Array(zip.prefix(length)), pieces: 3)
            }
        }
    }

    @Test func findsTheRightDescriptorWhenTheDataHoldsAnotherZip() throws {
        // The inner archive's descriptors are each followed by a record signature, but their sizes count from
        // the inner entries, so none can pass for the outer entry's descriptor.
        var inner = StoredZip(entries: [("x", Self.awkwardBytes(500, seed: 5)), ("y", [])])
        inner.descriptors = true
        var outer = StoredZip(entries: [("inner.zip", inner.bytes()), ("after.txt", Array("after".utf8))])
        outer.descriptors = true
        try expectAccepted(outer.bytes(), entries: 2, "a zip inside a zip, both with descriptors")
    }

    @Test func refusesADamagedDirectory() {
        let entries = [("a.txt", Array("hello".utf8)), ("b.txt", Array("world!".utf8))]
        var shifted = StoredZip(entries: entries)
        shifted.directoryOffsetShift = 1
        expectRefused(shifted.bytes(), "directory offset off by one")
        var doubled = StoredZip(entries: entries)
        doubled.extraDirectoryRecord = true
        expectRefused(doubled.bytes(), "an extra directory record")
        expectRefused(StoredZip(entries: entries).bytes() + [0], "a byte appended")
        expectRefused(StoredZip(entries: entries).bytes() + Array("<html>".utf8), "garbage appended")
    }

    @Test func refusesThingsThatAreNotZips() {
        #expect(throws: ZipCheck.Problem(description: "empty")) { try streamed([], pieces: nil) }
        let page = Array("<html><body><h1>503 Service Unavailable</h1></body></html>".utf8)
        #expect(throws: ZipCheck.Problem(description: "not a zip")) { try streamed(page, pieces: 4096) }
        expectRefused(page, "an error page")
        expectRefused(Array("PK".utf8), "two bytes")
    }

    @Test func keepsRefusingAfterAProblem() {
        var check = StreamingZipCheck()
        #expect(throws: ZipCheck.Problem.self) { try check.update(Array("<html>".utf8)) }
        #expect(throws: ZipCheck.Problem.self) { try check.update(StoredZip(entries: []).bytes()) }
        #expect(throws: ZipCheck.Problem.self) { try check.finish() }
    }

    @Test func refusesTooManyEntries() {
        let zip = StoredZip(entries: (0..<5).map { ("\($0)", [UInt8($0)]) }).bytes()
        var check = StreamingZipCheck(maxEntries: 4)
        #expect(throws: ZipCheck.Problem(description: "too many entries")) { try check.update(zip) }
    }

    // MARK: - Archives from the zip tool

    static let zipTool = "/usr/bin/zip"

    /// Runs `script` with `sh` in a fresh folder holding sample files, and returns the archive it writes to
    /// `out.zip`.
    func zipToolArchive(_ script: String) throws -> [UInt8] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zipcheck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let files: [(String, [UInt8])] = [
            ("small.txt", Array("hello world\n".utf8)), ("empty.txt", []),
            ("text.csv", Array(String(repeating: "id,email,deleted\n1,a@example.com,true\n", count: 2_000).utf8)),
            ("noise.bin", Self.awkwardBytes(70_000, seed: 3)),
            ("inner.zip", StoredZip(entries: [("x", Self.awkwardBytes(3_000, seed: 4))]).bytes()),
        ]
        for (name, data) in files { try Data(data).write(to: folder.appendingPathComponent(name)) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = folder
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(script)")
        return try [UInt8](Data(contentsOf: folder.appendingPathComponent("out.zip")))
    }

    static let files = "small.txt empty.txt text.csv noise.bin inner.zip"

    /// Each script with the number of entries it writes: deflated and stored, to a file (sizes in the local
    /// headers) and through a pipe (data descriptors), from stdin (zip64 fields), with a comment.
    static let zipToolCases: [(script: String, entries: Int)] = [
        ("zip -q out.zip \(files)", 5),
        ("zip -q -0 out.zip \(files)", 5),
        ("zip -q - \(files) | cat > out.zip", 5),
        ("zip -q -0 - \(files) | cat > out.zip", 5),
        ("zip -q -fz- - \(files) | cat > out.zip", 5),
        ("cat text.csv noise.bin | zip -q - - | cat > out.zip", 1),
        ("cat noise.bin | zip -q - - > out.zip", 1),
        ("printf '' | zip -q - - | cat > out.zip", 1),
        ("zip -q out.zip \(files) && echo 'retrieval 42' | zip -q -z out.zip", 5),
    ]

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: zipTool)), arguments: zipToolCases)
    func acceptsWhatTheZipToolWrites(script: String, entries: Int) throws {
        try expectAccepted(try zipToolArchive(script), entries: entries, script)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: zipTool)), arguments: zipToolCases)
    func refusesTruncatedZipToolArchives(script: String, entries: Int) throws {
        let zip = try zipToolArchive(script)
        for length in [0, 1, 29, 30, 100, zip.count / 2, zip.count - 23, zip.count - 22, zip.count - 1] {
            #expect(throws: ZipCheck.Problem.self, "\(script) cut at \(length)") {
                try streamed(Array(zip.prefix(length)), pieces: 4096)
            }
        }
        expectRefused(zip + [0x50, 0x4b], "\(script) with bytes appended")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: zipTool)))
    func refusesAFlippedByteInStoredDataBehindADescriptor() throws {
        var zip = try zipToolArchive("zip -q -0 - noise.bin | cat > out.zip")
        zip[20_000] ^= 0x01
        expectRefused(zip, "flipped byte before a descriptor")
    }
}

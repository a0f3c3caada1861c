import Checksums

/// Checks a zip archive while it streams in, byte range by byte range, so it can be validated on its way
/// to (encrypted) storage without ever being read back as plaintext.
///
/// It walks the archive front to back: each local file header, each entry's data (CRC-32 of stored
/// entries, as ``ZipCheck`` does), data descriptors, the central directory and the end record, and checks
/// that the directory describes exactly the entries that were seen, where they were seen. Memory stays
/// flat: one small record per entry, the header being assembled (at most about 192 KiB) and a 28-byte
/// window while a data descriptor is searched for; the archive itself is never held.
///
/// Zip64 is understood as far as ordinary tools write it for small files (zip64 extra fields, 64-bit data
/// descriptors, the zip64 end record and its locator); split archives and encrypted entries are refused.
public struct StreamingZipCheck: Sendable {
    typealias Problem = ZipCheck.Problem

    /// What the directory must agree with, per entry: kept small so that memory grows only by entry count.
    struct Entry: Sendable {
        var offset: Int
        var crc: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var method: Int
        var nameLength: Int
        var nameChecksum: UInt32
        var listed = false
    }

    /// The entry whose data is streaming now, as its local header announced it.
    struct Current: Sendable {
        var entry: Entry
        var dataStart: Int
        /// A zip64 extra field in the local header means the data descriptor carries 64-bit sizes.
        var wideDescriptor: Bool
    }

    /// Which records may come next; the order of a zip is fixed, so anything else is damage.
    enum Stage: Sendable, Equatable {
        case entries
        case directory
        case zip64End
        case locator
        case end
    }

    /// What the next bytes are.
    enum Phase: Sendable, Equatable {
        /// A record header being assembled in `header`.
        case record
        /// The data of an entry whose size the local header gave.
        case data(remaining: Int)
        /// The data of an entry whose size only its data descriptor will tell.
        case scan
        /// The archive comment; nothing may follow it.
        case trailer(remaining: Int)
    }

    private static let localSignature = 0x0403_4b50
    private static let centralSignature = 0x0201_4b50
    private static let endSignature = 0x0605_4b50
    private static let zip64EndSignature = 0x0606_4b50
    private static let locatorSignature = 0x0706_4b50
    private static let descriptorSignature = 0x0807_4b50
    /// Longest descriptor (signature, CRC, two 64-bit sizes) plus the next record's signature.
    private static let windowSize = 28

    private let maxEntries: Int
    private var stage = Stage.entries
    private var phase = Phase.record
    /// Offset in the archive of the next byte to be processed (during a scan: of the first unscanned byte).
    private var position = 0
    private var recordStart = 0
    private var header: [UInt8] = []
    private var entries: [Entry] = []
    private var current: Current?
    /// CRC-32 of the current entry's data up to `window`.
    private var crc = CRC32()
    /// While scanning: the last bytes of data, not yet in `crc`, in case a descriptor starts among them.
    private var window: [UInt8] = []
    private var directoryStart: Int?
    private var directoryEnd: Int?
    private var listed = 0
    private var zip64End: (offset: Int, entries: Int, size: Int, directoryOffset: Int)?
    private var failure: Problem?

    /// A check that has seen no byte yet; archives with more than `maxEntries` entries are refused.
    public init(maxEntries: Int = 100_000) {
        self.maxEntries = maxEntries
    }

    /// Feeds the next bytes of the archive, in order, in pieces of any size.
    ///
    /// Throws as soon as the bytes cannot be part of a whole zip; after a problem every call throws it again.
    public mutating func update(_ bytes: some Collection<UInt8>) throws(ZipCheck.Problem) {
        if let failure { throw failure }
        do throws(Problem) {
            try feed(Array(bytes))
        } catch {
            failure = error
            throw error
        }
    }

    /// After the last byte: the number of entries, or the problem.
    public func finish() throws(ZipCheck.Problem) -> Int {
        if let failure { throw failure }
        guard stage == .end, phase == .trailer(remaining: 0) else {
            if position == 0 { throw Problem(description: "empty") }
            if stage == .entries && phase == .record && header.count < 4 && entries.isEmpty {
                throw Problem(description: "too short to be a zip")
            }
            throw Problem(description: "truncated")
        }
        return entries.count
    }

    // MARK: - Walking the stream

    private mutating func feed(_ bytes: [UInt8]) throws(Problem) {
        var index = 0
        while index < bytes.count {
            switch phase {
            case .record:
                if header.isEmpty { recordStart = position }
                var needed = try recordLength()
                while header.count < needed && index < bytes.count {
                    let take = min(needed - header.count, bytes.count - index)
                    header += bytes[index..<index + take]
                    index += take
                    position += take
                    needed = try recordLength()
                }
                if header.count == needed {
                    try finishRecord()
                    header = []
                }
            case .data(let remaining):
                let take = min(remaining, bytes.count - index)
                if current?.entry.method == 0 { Self.add(bytes[index..<index + take], to: &crc) }
                index += take
                position += take
                if take == remaining { try finishSizedEntry() } else { phase = .data(remaining: remaining - take) }
            case .scan:
                index = try scan(bytes, from: index)
            case .trailer(let remaining):
                guard bytes.count - index <= remaining else {
                    throw Problem(description: "data after the end-of-central-directory record")
                }
                position += bytes.count - index
                phase = .trailer(remaining: remaining - (bytes.count - index))
                index = bytes.count
            }
        }
    }

    /// The full length of the record in `header`, as far as its first bytes tell; refuses a record that may
    /// not come at this point.
    private func recordLength() throws(Problem) -> Int {
        guard header.count >= 4 else { return 4 }
        let signature = Self.u32(header, 0)
        switch (signature, stage) {
        case (Self.localSignature, .entries):
            return header.count < 30 ? 30 : 30 + Self.u16(header, 26) + Self.u16(header, 28)
        case (Self.centralSignature, .entries), (Self.centralSignature, .directory):
            return header.count < 46 ? 46 : 46 + Self.u16(header, 28) + Self.u16(header, 30) + Self.u16(header, 32)
        case (Self.zip64EndSignature, .entries), (Self.zip64EndSignature, .directory):
            guard header.count >= 12 else { return 12 }
            // The record's own size field: bounded, since the record is assembled in memory.
            let size = Self.u64(header, 4)
            guard size >= 44, size <= 1 << 16 else { throw Problem(description: "broken zip64 end record") }
            return 12 + size
        case (Self.locatorSignature, .zip64End):
            return 20
        case (Self.endSignature, .entries), (Self.endSignature, .directory), (Self.endSignature, .locator):
            return 22
        case (_, .entries) where recordStart == 0:
            throw Problem(description: "not a zip")
        case (_, .entries):
            throw Problem(description: "broken local file header")
        case (_, .directory):
            throw Problem(description: "broken central directory")
        case (_, .zip64End):
            throw Problem(description: "no zip64 end locator")
        case (_, .locator), (_, .end):
            throw Problem(description: "no end-of-central-directory record")
        }
    }

    private mutating func finishRecord() throws(Problem) {
        switch Self.u32(header, 0) {
        case Self.localSignature: try startEntry()
        case Self.centralSignature: try checkDirectoryRecord()
        case Self.zip64EndSignature: try readZip64End()
        case Self.locatorSignature: try checkLocator()
        default: try checkEnd()
        }
    }

    // MARK: - Entries

    private mutating func startEntry() throws(Problem) {
        guard entries.count < maxEntries else { throw Problem(description: "too many entries") }
        let flags = Self.u16(header, 6)
        // Encrypted data cannot be checked, and a retrieval archive has no reason to be encrypted.
        guard flags & 1 == 0 else { throw Problem(description: "encrypted entry") }
        let nameLength = Self.u16(header, 26)
        let extra = Array(header[(30 + nameLength)...])
        var entry = Entry(
            offset: recordStart, crc: UInt32(Self.u32(header, 14)), compressedSize: Self.u32(header, 18),
            uncompressedSize: Self.u32(header, 22), method: Self.u16(header, 8), nameLength: nameLength,
            nameChecksum: CRC32.checksum(header[30..<30 + nameLength]))
        let zip64 = Self.zip64Field(in: extra)
        let hasDescriptor = flags & 8 != 0
        if !hasDescriptor {
            // One value per all-ones field, in field order, so each `removeFirst` below has its value.
            var values = try Self.zip64Values(zip64, count: [entry.uncompressedSize, entry.compressedSize])
            if entry.uncompressedSize == 0xFFFF_FFFF { entry.uncompressedSize = values.removeFirst() }
            if entry.compressedSize == 0xFFFF_FFFF { entry.compressedSize = values.removeFirst() }
        }
        current = Current(entry: entry, dataStart: position, wideDescriptor: zip64 != nil)
        crc = CRC32()
        window = []
        if hasDescriptor {
            phase = .scan
        } else if entry.compressedSize == 0 {
            try finishSizedEntry()
        } else {
            phase = .data(remaining: entry.compressedSize)
        }
    }

    private mutating func finishSizedEntry() throws(Problem) {
        guard let current else { return }
        if current.entry.method == 0 && crc.value != current.entry.crc { throw Problem(description: "CRC mismatch") }
        entries.append(current.entry)
        self.current = nil
        phase = .record
    }

    /// Scans the data of an entry with a data descriptor, whose end only the descriptor tells.
    ///
    /// A candidate descriptor is accepted only when its compressed size equals the number of data bytes
    /// before it, a record signature follows it, and (for stored data) its CRC-32 and sizes match the data:
    /// the same bytes appearing by chance inside the data will not pass all three. Returns the index in
    /// `bytes` where processing continues.
    private mutating func scan(_ bytes: [UInt8], from index: Int) throws(Problem) -> Int {
        guard let current else { return bytes.count }
        let dataStart = current.dataStart
        // Data-relative positions: `window` holds [base, seen), `bytes[index...]` holds [seen, end).
        let seen = position - dataStart
        let base = seen - window.count
        let end = seen + bytes.count - index
        let window = self.window
        func at(_ offset: Int) -> UInt8 { offset < seen ? window[offset - base] : bytes[index + offset - seen] }
        func value(_ offset: Int, _ width: Int) -> Int {
            var result = 0
            for byte in (0..<width).reversed() { result = result << 8 | Int(at(offset + byte)) }
            return result
        }
        // Sizes are 64-bit when the local header has a zip64 field; some writers use them without one for
        // entries past 4 GiB, so the other width is tried as well.
        let widths = current.wideDescriptor ? [8, 4] : [4, 8]
        let stored = current.entry.method == 0
        for next in max(seen - 3, 0)..<max(end - 3, 0) where at(next) == 0x50 {
            guard Self.isRecordSignature(value(next, 4)) else { continue }
            for sizeWidth in widths {
                for signed in [true, false] {
                    let length = (signed ? 8 : 4) + 2 * sizeWidth
                    let start = next - length
                    guard start >= base else { continue }
                    let fields = start + (signed ? 4 : 0)
                    if signed && value(start, 4) != Self.descriptorSignature { continue }
                    guard value(fields + 4, sizeWidth) == start else { continue }
                    let uncompressedSize = value(fields + 4 + sizeWidth, sizeWidth)
                    let descriptorCRC = UInt32(value(fields, 4))
                    if stored {
                        guard uncompressedSize == start else { continue }
                        var checksum = crc
                        if start > base { Self.add(window.prefix(min(start, seen) - base), to: &checksum) }
                        if start > seen { Self.add(bytes[index..<index + start - seen], to: &checksum) }
                        guard checksum.value == descriptorCRC else { continue }
                    }
                    var entry = current.entry
                    entry.crc = descriptorCRC
                    entry.compressedSize = start
                    entry.uncompressedSize = uncompressedSize
                    entries.append(entry)
                    self.current = nil
                    self.window = []
                    phase = .record
                    // The next record's signature may have begun in the window already.
                    recordStart = dataStart + next
                    if next < seen {
                        header = Array(window[(next - base)...])
                        position = dataStart + seen
                        return index
                    }
                    position = dataStart + next
                    return index + next - seen
                }
            }
        }
        // No descriptor yet: keep the last bytes in case one starts there, and checksum the rest.
        let newBase = max(base, end - Self.windowSize)
        if stored {
            if newBase > base { Self.add(window.prefix(min(newBase, seen) - base), to: &crc) }
            if newBase > seen { Self.add(bytes[index..<index + newBase - seen], to: &crc) }
        }
        var kept = Array(window.suffix(max(0, seen - newBase)))
        kept += bytes[(index + max(0, newBase - seen))...]
        self.window = kept
        position = dataStart + end
        return bytes.count
    }

    private static func isRecordSignature(_ signature: Int) -> Bool {
        signature == localSignature || signature == centralSignature || signature == zip64EndSignature
            || signature == endSignature
    }

    // MARK: - Directory and end records

    private mutating func checkDirectoryRecord() throws(Problem) {
        if directoryStart == nil { directoryStart = recordStart }
        stage = .directory
        let nameLength = Self.u16(header, 28)
        let extraStart = 46 + nameLength
        let extra = Array(header[extraStart..<extraStart + Self.u16(header, 30)])
        var compressedSize = Self.u32(header, 20)
        var uncompressedSize = Self.u32(header, 24)
        var offset = Self.u32(header, 42)
        var disk = Self.u16(header, 34)
        var values = try Self.zip64Values(
            Self.zip64Field(in: extra), count: [uncompressedSize, compressedSize, offset, disk == 0xFFFF ? -1 : 0])
        if uncompressedSize == 0xFFFF_FFFF { uncompressedSize = values.removeFirst() }
        if compressedSize == 0xFFFF_FFFF { compressedSize = values.removeFirst() }
        if offset == 0xFFFF_FFFF { offset = values.removeFirst() }
        if disk == 0xFFFF { disk = values.removeFirst() }
        guard disk == 0 else { throw Problem(description: "split archive") }
        guard let index = entryIndex(at: offset) else {
            throw Problem(description: "central directory points to no entry")
        }
        let entry = entries[index]
        guard !entry.listed else { throw Problem(description: "entry listed twice") }
        guard UInt32(Self.u32(header, 16)) == entry.crc else {
            throw Problem(description: "CRC differs from the central directory")
        }
        guard compressedSize == entry.compressedSize, uncompressedSize == entry.uncompressedSize else {
            throw Problem(description: "size differs from the central directory")
        }
        guard Self.u16(header, 10) == entry.method, nameLength == entry.nameLength,
            CRC32.checksum(header[46..<46 + nameLength]) == entry.nameChecksum
        else { throw Problem(description: "central directory disagrees with local header") }
        entries[index].listed = true
        listed += 1
    }

    /// Entries arrive in offset order, so a binary search finds the one a directory record points to.
    private func entryIndex(at offset: Int) -> Int? {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].offset < offset { low = middle + 1 } else { high = middle }
        }
        return low < entries.count && entries[low].offset == offset ? low : nil
    }

    private mutating func readZip64End() throws(Problem) {
        if directoryStart == nil { directoryStart = recordStart }
        directoryEnd = recordStart
        stage = .zip64End
        guard Self.u32(header, 16) == 0, Self.u32(header, 20) == 0 else {
            throw Problem(description: "split archive")
        }
        zip64End = (recordStart, Self.u64(header, 32), Self.u64(header, 40), Self.u64(header, 48))
        guard Self.u64(header, 24) == Self.u64(header, 32) else { throw Problem(description: "split archive") }
    }

    private mutating func checkLocator() throws(Problem) {
        stage = .locator
        guard let zip64End, Self.u64(header, 8) == zip64End.offset else {
            throw Problem(description: "broken zip64 end locator")
        }
        guard Self.u32(header, 4) == 0, Self.u32(header, 16) <= 1 else { throw Problem(description: "split archive") }
    }

    private mutating func checkEnd() throws(Problem) {
        if directoryStart == nil { directoryStart = recordStart }
        if directoryEnd == nil { directoryEnd = recordStart }
        stage = .end
        guard Self.u16(header, 4) == 0, Self.u16(header, 6) == 0 else { throw Problem(description: "split archive") }
        // Fields that overflowed are all ones, their values in the zip64 end record.
        func field(_ value: Int, _ allOnes: Int, _ wide: Int?) -> Int { value == allOnes ? wide ?? value : value }
        let onDisk = field(Self.u16(header, 8), 0xFFFF, zip64End?.entries)
        let total = field(Self.u16(header, 10), 0xFFFF, zip64End?.entries)
        let size = field(Self.u32(header, 12), 0xFFFF_FFFF, zip64End?.size)
        let offset = field(Self.u32(header, 16), 0xFFFF_FFFF, zip64End?.directoryOffset)
        guard onDisk == total, total == entries.count, listed == entries.count else {
            throw Problem(description: "entry count mismatch")
        }
        if let zip64End, zip64End.entries != total { throw Problem(description: "entry count mismatch") }
        let start = directoryStart ?? recordStart
        let end = directoryEnd ?? recordStart
        guard offset == start, zip64End.map({ $0.directoryOffset == start }) ?? true else {
            throw Problem(description: "wrong central directory offset")
        }
        guard size == end - start, zip64End.map({ $0.size == end - start }) ?? true else {
            throw Problem(description: "wrong central directory size")
        }
        phase = .trailer(remaining: Self.u16(header, 20))
    }

    // MARK: - Fields

    /// The data of the zip64 extended-information extra field (id 1), if `extra` has one.
    private static func zip64Field(in extra: [UInt8]) -> [UInt8]? {
        var at = 0
        while at + 4 <= extra.count {
            let size = u16(extra, at + 2)
            guard at + 4 + size <= extra.count else { return nil }
            if u16(extra, at) == 1 { return Array(extra[(at + 4)..<(at + 4 + size)]) }
            at += 4 + size
        }
        return nil
    }

    /// The 64-bit values the zip64 field holds for the given 32-bit fields that are all ones (or, for the
    /// 16-bit disk number, -1), in order.
    private static func zip64Values(_ field: [UInt8]?, count fields: [Int]) throws(Problem) -> [Int] {
        let wanted = fields.filter { $0 == 0xFFFF_FFFF || $0 == -1 }.count
        guard wanted > 0 else { return [] }
        guard let field, field.count >= 8 * wanted else { throw Problem(description: "broken zip64 field") }
        return (0..<wanted).map { u64(field, 8 * $0) }
    }

    /// Adds `bytes` to `crc` as an array: `CRC32.update` is generic and, from another module, runs
    /// unspecialized, where iterating an array costs less than iterating a slice (about 14 against 9 MB/s).
    private static func add(_ bytes: ArraySlice<UInt8>, to crc: inout CRC32) { crc.update(Array(bytes)) }

    private static func u16(_ bytes: [UInt8], _ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    private static func u32(_ bytes: [UInt8], _ at: Int) -> Int { u16(bytes, at) | u16(bytes, at + 2) << 16 }
    /// A 64-bit little-endian value, capped so that absurd sizes fail comparisons instead of overflowing.
    private static func u64(_ bytes: [UInt8], _ at: Int) -> Int {
        let high = u32(bytes, at + 4)
        return high >= 1 << 30 ? Int.max : u32(bytes, at) | high << 32
    }
}

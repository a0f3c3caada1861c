/// CRC-32 (IEEE 802.3, the zip polynomial), computed incrementally.
///
/// The project's only CRC-32: the simulator writes zip archives with it and the client checks them with it.
/// A table-driven implementation in Swift, rather than the system zlib, so that no C module or system
/// header is needed on either platform; it runs at several hundred MB/s in release builds, far faster
/// than archives arrive.
public struct CRC32: Sendable, Equatable {
    @usableFromInline static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    @usableFromInline var state: UInt32 = 0xFFFF_FFFF

    /// A checksum of no bytes yet.
    public init() {}

    /// Adds `bytes` to the checksum. Inlinable, so a caller in another module gets it specialised for its byte
    /// collection: unspecialised, it runs at about a tenth of the speed.
    @inlinable
    public mutating func update<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        var crc = state
        let table = Self.table
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        state = crc
    }

    /// The checksum of every byte added so far.
    public var value: UInt32 { state ^ 0xFFFF_FFFF }

    /// The checksum of `bytes`.
    public static func checksum<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }
}

/// Turns UTF-16 or 8-bit text into UTF-8 chunk by chunk, for files that are not UTF-8.
///
/// A code unit split across two chunks is carried to the next one. Bytes that encode nothing (a lone
/// surrogate, an odd byte at the end of a UTF-16 file, a byte Windows-1252 leaves undefined) become
/// the byte 0xFF, which is never valid UTF-8: the reader then reports the cell as `INVALID_UTF8` with
/// its line instead of guessing a character.
struct Transcoder {
    let encoding: InputEncoding
    /// The first byte of a UTF-16 code unit split across chunks.
    private var carryByte: UInt8?
    /// A high surrogate waiting for its low half.
    private var pendingHigh: UInt16?

    init(encoding: InputEncoding) {
        self.encoding = encoding
    }

    /// The most UTF-8 bytes `transcode` writes for `inputCount` input bytes.
    static func maximumOutput(forInput inputCount: Int) -> Int {
        inputCount * 3 + 4
    }

    /// Transcodes `input` (after any carried bytes) into `output`; returns the bytes written, at most
    /// `maximumOutput(forInput: input.count)`. With `isLast`, carried bytes that complete nothing are
    /// written as 0xFF.
    mutating func transcode(
        _ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt8>, isLast: Bool
    ) -> Int {
        var written = 0
        func put(_ scalar: UInt32) {
            if scalar < 0x80 {
                output[written] = UInt8(scalar)
                written += 1
            } else if scalar < 0x800 {
                output[written] = UInt8(0xC0 | scalar >> 6)
                output[written + 1] = UInt8(0x80 | scalar & 0x3F)
                written += 2
            } else if scalar < 0x1_0000 {
                output[written] = UInt8(0xE0 | scalar >> 12)
                output[written + 1] = UInt8(0x80 | (scalar >> 6) & 0x3F)
                output[written + 2] = UInt8(0x80 | scalar & 0x3F)
                written += 3
            } else {
                output[written] = UInt8(0xF0 | scalar >> 18)
                output[written + 1] = UInt8(0x80 | (scalar >> 12) & 0x3F)
                output[written + 2] = UInt8(0x80 | (scalar >> 6) & 0x3F)
                output[written + 3] = UInt8(0x80 | scalar & 0x3F)
                written += 4
            }
        }
        func invalid() {
            output[written] = 0xFF
            written += 1
        }
        switch encoding {
        case .utf8:
            for byte in input {
                output[written] = byte
                written += 1
            }
        case .latin1:
            for byte in input { put(UInt32(byte)) }
        case .windows1252:
            for byte in input {
                if byte & 0xE0 == 0x80 {
                    let scalar = Self.windows1252High[Int(byte & 0x1F)]
                    if scalar == 0 { invalid() } else { put(UInt32(scalar)) }
                } else {
                    put(UInt32(byte))
                }
            }
        case .utf16LittleEndian, .utf16BigEndian:
            let littleEndian = encoding == .utf16LittleEndian
            func unit(_ first: UInt8, _ second: UInt8) -> UInt16 {
                littleEndian ? UInt16(first) | UInt16(second) << 8 : UInt16(first) << 8 | UInt16(second)
            }
            func handle(_ unit: UInt16) {
                if let high = pendingHigh {
                    pendingHigh = nil
                    if unit & 0xFC00 == 0xDC00 {
                        put(0x1_0000 + (UInt32(high & 0x3FF) << 10 | UInt32(unit & 0x3FF)))
                        return
                    }
                    invalid()
                }
                if unit & 0xFC00 == 0xD800 {
                    pendingHigh = unit
                } else if unit & 0xFC00 == 0xDC00 {
                    invalid()
                } else {
                    put(UInt32(unit))
                }
            }
            let count = input.count
            var index = 0
            while true {
                if let first = carryByte {
                    guard index < count else { break }
                    carryByte = nil
                    handle(unit(first, input[index]))
                    index += 1
                } else if index + 1 < count {
                    handle(unit(input[index], input[index + 1]))
                    index += 2
                } else {
                    if index < count { carryByte = input[index] }
                    break
                }
            }
        }
        if isLast, carryByte != nil || pendingHigh != nil {
            carryByte = nil
            pendingHigh = nil
            invalid()
        }
        return written
    }

    /// Windows-1252's 0x80–0x9F; 0 where the code page defines no character.
    private static let windows1252High: [UInt16] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,
        0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0, 0x017E, 0x0178,
    ]

    /// The whole of `bytes` transcoded, for the short sample the delimiter is detected from.
    static func transcoded(_ bytes: ArraySlice<UInt8>, encoding: InputEncoding) -> [UInt8] {
        var transcoder = Transcoder(encoding: encoding)
        let capacity = maximumOutput(forInput: bytes.count)
        return [UInt8](unsafeUninitializedCapacity: capacity) { output, count in
            guard let base = output.baseAddress else { return }
            count = Array(bytes).withUnsafeBufferPointer { input in
                // The sample may end inside a character: that is not an error, so nothing is flushed.
                transcoder.transcode(input, into: base, isLast: false)
            }
        }
    }
}

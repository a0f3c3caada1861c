import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore

@Suite struct TranscoderTests {
    /// Feeds `input` in chunks of `chunk` bytes, as the reader does.
    private func transcode(_ input: [UInt8], _ encoding: InputEncoding, chunk: Int) -> [UInt8] {
        var transcoder = Transcoder(encoding: encoding)
        var output: [UInt8] = []
        var start = 0
        repeat {
            let end = min(input.count, start + chunk)
            let piece = Array(input[start..<end])
            let capacity = Transcoder.maximumOutput(forInput: piece.count)
            var buffer = [UInt8](repeating: 0, count: capacity)
            let written = piece.withUnsafeBufferPointer { source in
                buffer.withUnsafeMutableBufferPointer { target in
                    target.baseAddress.map { transcoder.transcode(source, into: $0, isLast: piece.isEmpty) } ?? 0
                }
            }
            #expect(written <= capacity)
            output += buffer[..<written]
            start = end
            if piece.isEmpty { break }
        } while true
        return output
    }

    @Test(arguments: [1, 2, 3, 5, 64])
    func utf16InAnyChunkingIsTheSameText(chunk: Int) {
        let text = "aé€😀\r\n\"x\",y"
        let little = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(transcode(little, .utf16LittleEndian, chunk: chunk) == Array(text.utf8))
        #expect(transcode(big, .utf16BigEndian, chunk: chunk) == Array(text.utf8))
    }

    @Test func brokenUTF16BecomesInvalidUTF8() {
        // A lone low surrogate, a high surrogate before a plain unit, and an odd last byte.
        let bytes: [UInt8] = [0x00, 0xDC, 0x00, 0xD8, 0x41, 0x00, 0x42]
        #expect(transcode(bytes, .utf16LittleEndian, chunk: 3) == [0xFF, 0xFF, 0x41, 0xFF])
    }

    @Test func eightBitEncodings() {
        let bytes: [UInt8] = [0x41, 0xE9, 0x80, 0x81, 0x9F]
        #expect(transcode(bytes, .windows1252, chunk: 2) == Array("Aé€".utf8) + [0xFF] + Array("Ÿ".utf8))
        #expect(transcode(bytes, .latin1, chunk: 2) == Array("Aé\u{80}\u{81}\u{9F}".utf8))
    }
}

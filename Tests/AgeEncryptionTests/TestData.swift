/// Plaintext and streaming helpers shared by the encryption tests.
enum TestData {
    static func random(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// Cuts bytes into pieces of random sizes (including empty ones), as a file or network read would.
    static func pieces(of bytes: [UInt8], maximum: Int) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + Int.random(in: 0...maximum))
            result.append(bytes[start..<end])
            start = end
        }
        return result
    }
}

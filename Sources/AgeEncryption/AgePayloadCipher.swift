import Crypto

/// The STREAM construction over the payload: ChaCha20-Poly1305 per 64 KiB chunk, with a nonce made of an
/// 11-byte big-endian chunk counter and a final-chunk flag, so chunks can be neither reordered nor cut off unseen.
struct AgePayloadCipher: Sendable {
    private let fileKey: [UInt8]
    private let nonce: [UInt8]

    init(fileKey: [UInt8], nonce: [UInt8]) {
        self.fileKey = fileKey
        self.nonce = nonce
    }

    /// Derived per chunk because Swift Crypto 3's `SymmetricKey` is not `Sendable` and offers no safe way out to
    /// bytes; two HMACs per 64 KiB chunk cost next to nothing beside the cipher.
    private var key: SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: fileKey), salt: nonce, info: Array("payload".utf8),
            outputByteCount: 32)
    }

    func seal(_ plaintext: [UInt8], counter: UInt64, isFinal: Bool) throws(AgeError) -> [UInt8] {
        do {
            let box = try ChaChaPoly.seal(
                plaintext, using: key, nonce: Self.chunkNonce(counter: counter, isFinal: isFinal))
            return Array(box.ciphertext) + Array(box.tag)
        } catch {
            throw .cryptographyFailure(String(describing: error))
        }
    }

    /// Returns nil when the chunk does not authenticate under this counter and flag, so callers can try the
    /// other flag to tell truncation and trailing data apart from corruption.
    func open(_ chunk: [UInt8], counter: UInt64, isFinal: Bool) -> [UInt8]? {
        guard chunk.count >= AgeFormat.tagSize else { return nil }
        let split = chunk.count - AgeFormat.tagSize
        do {
            let box = try ChaChaPoly.SealedBox(
                nonce: Self.chunkNonce(counter: counter, isFinal: isFinal), ciphertext: chunk[..<split],
                tag: chunk[split...])
            return Array(try ChaChaPoly.open(box, using: key))
        } catch {
            return nil
        }
    }

    private static func chunkNonce(counter: UInt64, isFinal: Bool) throws -> ChaChaPoly.Nonce {
        // The counter's top three bytes stay zero: 2^64 chunks of 64 KiB is beyond any real file.
        var bytes = [UInt8](repeating: 0, count: 12)
        for position in 0..<8 {
            bytes[3 + position] = UInt8(truncatingIfNeeded: counter >> UInt64(8 * (7 - position)))
        }
        bytes[11] = isFinal ? 1 : 0
        return try ChaChaPoly.Nonce(data: bytes)
    }
}

/// Encrypts one age file as a stream, holding at most one 64 KiB chunk of plaintext at a time.
///
/// Write `header` first, then the bytes each `update(_:)` returns, then those `finish()` returns. The type is
/// non-copyable because two copies would encrypt different data under the same key and chunk nonces.
///
/// ```swift
/// var encryptor = try AgeEncryptor(recipients: [recipient])
/// try output.write(encryptor.header)
/// for piece in input { try output.write(encryptor.update(piece)) }
/// try output.write(encryptor.finish())
/// ```
public struct AgeEncryptor: ~Copyable, Sendable {
    /// The bytes that begin the file: the age header followed by the 16-byte payload nonce.
    public let header: [UInt8]
    private let cipher: AgePayloadCipher
    private var pending: [UInt8] = []
    private var counter: UInt64 = 0

    /// Starts a file for the given recipients, with a fresh random file key and payload nonce.
    ///
    /// - Parameter recipients: everyone who may decrypt; any one of their identities suffices.
    /// - Throws: `AgeError.noRecipients`, or `.invalidSharedSecret` for a low-order recipient key.
    public init(recipients: [AgeRecipient]) throws(AgeError) {
        try self.init(
            recipients: recipients, fileKey: AgeFormat.randomBytes(AgeFormat.fileKeySize),
            payloadNonce: AgeFormat.randomBytes(AgeFormat.payloadNonceSize))
    }

    /// Fixed key and nonce let tests build files the public API would never write.
    init(recipients: [AgeRecipient], fileKey: [UInt8], payloadNonce: [UInt8]) throws(AgeError) {
        guard !recipients.isEmpty else { throw .noRecipients }
        var stanzas: [AgeStanza] = []
        for recipient in recipients {
            stanzas.append(try recipient.wrap(fileKey: fileKey))
        }
        header = AgeHeader(stanzas: stanzas).encoded(fileKey: fileKey) + payloadNonce
        cipher = AgePayloadCipher(fileKey: fileKey, nonce: payloadNonce)
        pending.reserveCapacity(AgeFormat.chunkSize)
    }

    /// Takes the next plaintext bytes and returns the ciphertext now ready, possibly none.
    ///
    /// A full chunk is held back until more input arrives, because only then is it known not to be the last.
    public mutating func update(_ plaintext: some Collection<UInt8>) throws(AgeError) -> [UInt8] {
        var output: [UInt8] = []
        var index = plaintext.startIndex
        while index != plaintext.endIndex {
            if pending.count == AgeFormat.chunkSize {
                output += try cipher.seal(pending, counter: counter, isFinal: false)
                counter += 1
                pending.removeAll(keepingCapacity: true)
            }
            let end =
                plaintext.index(index, offsetBy: AgeFormat.chunkSize - pending.count, limitedBy: plaintext.endIndex)
                ?? plaintext.endIndex
            pending += plaintext[index..<end]
            index = end
        }
        return output
    }

    /// Seals the final chunk and ends the stream; consuming, so nothing can be encrypted after it.
    ///
    /// - Returns: the last ciphertext bytes of the file.
    public consuming func finish() throws(AgeError) -> [UInt8] {
        try cipher.seal(pending, counter: counter, isFinal: true)
    }

    /// Encrypts a whole message in memory.
    ///
    /// - Returns: the complete age file.
    public static func encrypt(
        _ plaintext: some Collection<UInt8>, to recipients: [AgeRecipient]
    ) throws(AgeError)
        -> [UInt8]
    {
        var encryptor = try AgeEncryptor(recipients: recipients)
        var output = encryptor.header
        output += try encryptor.update(plaintext)
        output += try encryptor.finish()
        return output
    }
}

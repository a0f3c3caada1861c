/// Decrypts one age file as a stream, holding at most one chunk of ciphertext at a time.
///
/// Each returned piece of plaintext has been authenticated as a chunk, but a cut-off file is noticed only by
/// `finish()`; treat the output as untrusted until `finish()` returns without throwing. After any error the
/// decryptor throws that error again on every call.
public struct AgeDecryptor: Sendable {
    /// The largest header accepted, so a file that is not age cannot make the decryptor buffer without bound.
    public static let maximumHeaderSize = 1 << 20

    private enum Phase: Sendable {
        case header
        case nonce
        case payload(AgePayloadCipher)
        case finished
        case failed(AgeError)
    }

    private static let chunkCiphertextSize = AgeFormat.chunkSize + AgeFormat.tagSize

    private let identities: [AgeIdentity]
    private var phase: Phase = .header
    private var buffer: [UInt8] = []
    private var lineStart = 0
    private var fileKey: [UInt8] = []
    private var counter: UInt64 = 0

    /// Prepares to decrypt with any of the given identities.
    ///
    /// - Throws: `AgeError.noIdentities` for an empty list.
    public init(identities: [AgeIdentity]) throws(AgeError) {
        guard !identities.isEmpty else { throw .noIdentities }
        self.identities = identities
    }

    /// Prepares to decrypt with one identity.
    public init(identity: AgeIdentity) {
        identities = [identity]
    }

    /// Takes the next ciphertext bytes and returns the plaintext now authenticated, possibly none.
    ///
    /// - Throws: header errors once the header is complete (`.malformedHeader`, `.unsupportedVersion`,
    ///   `.headerTooLarge`, `.noMatchingIdentity`, `.headerMACMismatch`), then `.payloadAuthenticationFailed` or
    ///   `.trailingData`; `.streamFinished` after `finish()`.
    public mutating func update(_ ciphertext: some Collection<UInt8>) throws(AgeError) -> [UInt8] {
        try failingPermanently { (decryptor: inout AgeDecryptor) throws(AgeError) in
            try decryptor.consume(ciphertext)
        }
    }

    /// Ends the stream, checking that the file was complete, and returns the last plaintext.
    ///
    /// - Throws: `.truncated` if the file ends before its final chunk, `.emptyFinalChunk`,
    ///   `.payloadAuthenticationFailed`, or `.streamFinished` if called twice.
    public mutating func finish() throws(AgeError) -> [UInt8] {
        try failingPermanently { (decryptor: inout AgeDecryptor) throws(AgeError) in
            try decryptor.finishPayload()
        }
    }

    /// Decrypts a whole file in memory.
    ///
    /// - Returns: the plaintext.
    public static func decrypt(
        _ ciphertext: some Collection<UInt8>, with identities: [AgeIdentity]
    )
        throws(AgeError) -> [UInt8]
    {
        var decryptor = try AgeDecryptor(identities: identities)
        var output = try decryptor.update(ciphertext)
        output += try decryptor.finish()
        return output
    }

    private mutating func failingPermanently(
        _ body: (inout AgeDecryptor) throws(AgeError) -> [UInt8]
    ) throws(AgeError) -> [UInt8] {
        switch phase {
        case .finished: throw .streamFinished
        case .failed(let error): throw error
        default: break
        }
        do {
            return try body(&self)
        } catch {
            phase = .failed(error)
            buffer = []
            fileKey = []
            throw error
        }
    }

    private mutating func consume(_ input: some Collection<UInt8>) throws(AgeError) -> [UInt8] {
        var output: [UInt8] = []
        var index = input.startIndex
        while index != input.endIndex {
            switch phase {
            case .header:
                let byte = input[index]
                index = input.index(after: index)
                buffer.append(byte)
                if byte == UInt8(ascii: "\n") {
                    try headerLineEnded()
                } else if buffer.count > Self.maximumHeaderSize {
                    throw .headerTooLarge
                } else if lineStart == 0, buffer.count > AgeFormat.versionLine.count + 16 {
                    // A version line this long is not age's; refuse now rather than buffer a whole stranger file.
                    throw .malformedHeader("missing version line")
                }
            case .nonce:
                let end =
                    input.index(index, offsetBy: AgeFormat.payloadNonceSize - buffer.count, limitedBy: input.endIndex)
                    ?? input.endIndex
                buffer += input[index..<end]
                index = end
                if buffer.count == AgeFormat.payloadNonceSize {
                    phase = .payload(AgePayloadCipher(fileKey: fileKey, nonce: buffer))
                    fileKey = []
                    buffer.removeAll(keepingCapacity: true)
                    buffer.reserveCapacity(Self.chunkCiphertextSize)
                }
            case .payload(let cipher):
                if buffer.count == Self.chunkCiphertextSize {
                    // More bytes follow a full chunk, so this chunk must not be the last one.
                    output += try openNonFinal(with: cipher)
                    buffer.removeAll(keepingCapacity: true)
                }
                let end =
                    input.index(index, offsetBy: Self.chunkCiphertextSize - buffer.count, limitedBy: input.endIndex)
                    ?? input.endIndex
                buffer += input[index..<end]
                index = end
            case .finished, .failed:
                throw .streamFinished
            }
        }
        return output
    }

    private mutating func headerLineEnded() throws(AgeError) {
        let line = buffer[lineStart..<(buffer.count - 1)]
        if lineStart == 0 {
            guard Array(line) == AgeFormat.versionLine else {
                if line.starts(with: AgeFormat.versionPrefix) {
                    throw .unsupportedVersion(String(decoding: line, as: UTF8.self))
                }
                throw .malformedHeader("missing version line")
            }
        } else if line.starts(with: AgeFormat.macLinePrefix) {
            let header = try AgeHeader.parse(buffer)
            fileKey = try unwrapFileKey(header)
            try header.verifyMAC(of: buffer, fileKey: fileKey)
            buffer.removeAll(keepingCapacity: true)
            lineStart = 0
            phase = .nonce
            return
        }
        lineStart = buffer.count
    }

    private func unwrapFileKey(_ header: AgeHeader) throws(AgeError) -> [UInt8] {
        for identity in identities {
            for stanza in header.stanzas {
                if let fileKey = try identity.unwrap(stanza) {
                    return fileKey
                }
            }
        }
        throw .noMatchingIdentity
    }

    private mutating func openNonFinal(with cipher: AgePayloadCipher) throws(AgeError) -> [UInt8] {
        if let plaintext = cipher.open(buffer, counter: counter, isFinal: false) {
            counter += 1
            return plaintext
        }
        if cipher.open(buffer, counter: counter, isFinal: true) != nil {
            throw .trailingData
        }
        throw .payloadAuthenticationFailed(chunk: counter)
    }

    private mutating func finishPayload() throws(AgeError) -> [UInt8] {
        guard case .payload(let cipher) = phase, buffer.count >= AgeFormat.tagSize else { throw .truncated }
        if let plaintext = cipher.open(buffer, counter: counter, isFinal: true) {
            guard !plaintext.isEmpty || counter == 0 else { throw .emptyFinalChunk }
            phase = .finished
            buffer = []
            return plaintext
        }
        if cipher.open(buffer, counter: counter, isFinal: false) != nil {
            throw .truncated
        }
        throw .payloadAuthenticationFailed(chunk: counter)
    }
}

import Testing

@testable import AgeEncryption

struct AgeTamperTests {
    let identity = AgeIdentity.generate()

    private func encrypt(_ size: Int) throws -> [UInt8] {
        try AgeEncryptor.encrypt(TestData.random(size), to: [identity.recipient])
    }

    private func decrypt(_ ciphertext: [UInt8]) throws(AgeError) -> [UInt8] {
        try AgeDecryptor.decrypt(ciphertext, with: [identity])
    }

    /// Where the MAC line's base64 starts: the header ends 16 nonce bytes before the payload.
    private func macOffset(_ ciphertext: [UInt8]) throws -> Int {
        let marker = Array("\n--- ".utf8)
        let start = try #require(
            (0...(ciphertext.count - marker.count)).first { Array(ciphertext[$0..<($0 + marker.count)]) == marker })
        return start + marker.count
    }

    @Test func flippedPayloadByteFailsThatChunk() throws {
        var small = try encrypt(100)
        small[small.count - 30] ^= 0x01
        #expect(throws: AgeError.payloadAuthenticationFailed(chunk: 0)) { try decrypt(small) }

        var large = try encrypt(3 * 65536)
        large[large.count - 65552 - 10] ^= 0x80
        #expect(throws: AgeError.payloadAuthenticationFailed(chunk: 1)) { try decrypt(large) }
    }

    @Test func truncatedLastChunkFails() throws {
        let ciphertext = try encrypt(100)
        #expect(throws: AgeError.payloadAuthenticationFailed(chunk: 0)) { try decrypt(Array(ciphertext.dropLast())) }
        #expect(throws: AgeError.truncated) { try decrypt(Array(ciphertext.dropLast(100 + 10))) }
    }

    @Test func fileCutAtAChunkBoundaryIsTruncated() throws {
        let ciphertext = try encrypt(2 * 65536 + 7)
        #expect(throws: AgeError.truncated) { try decrypt(Array(ciphertext.dropLast(7 + 16))) }
        #expect(throws: AgeError.truncated) { try decrypt(Array(ciphertext.dropLast(7 + 16 + 65552))) }
    }

    @Test func fileCutInTheHeaderOrNonceIsTruncated() throws {
        let ciphertext = try encrypt(10)
        let payloadStart = ciphertext.count - 10 - 16
        #expect(throws: AgeError.truncated) { try decrypt(Array(ciphertext[..<payloadStart])) }
        #expect(throws: AgeError.truncated) { try decrypt(Array(ciphertext[..<(payloadStart - 5)])) }
        #expect(throws: AgeError.truncated) { try decrypt(Array(ciphertext[..<40])) }
        #expect(throws: AgeError.truncated) { try decrypt([]) }
    }

    @Test func dataAfterAFullFinalChunkIsTrailingData() throws {
        let ciphertext = try encrypt(65536)
        #expect(throws: AgeError.trailingData) { try decrypt(ciphertext + [0]) }
    }

    @Test func alteredHeaderMACFails() throws {
        var ciphertext = try encrypt(10)
        let offset = try macOffset(ciphertext)
        ciphertext[offset] = ciphertext[offset] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(throws: AgeError.headerMACMismatch) { try decrypt(ciphertext) }
    }

    @Test func alteredStanzaFailsTheMAC() throws {
        let recipient = identity.recipient
        let other = AgeIdentity.generate()
        let ciphertext = try AgeEncryptor.encrypt(TestData.random(10), to: [recipient, other.recipient])
        // Dropping the second stanza leaves a well-formed header whose MAC no longer matches.
        var lines = ciphertext.split(separator: UInt8(ascii: "\n"), maxSplits: 5, omittingEmptySubsequences: false)
        lines.removeSubrange(3...4)
        let stripped = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
        #expect(throws: AgeError.headerMACMismatch) { try decrypt(stripped) }
    }

    @Test func nonCanonicalBase64InTheMACIsMalformed() throws {
        let ciphertext = try encrypt(10)
        let last = try macOffset(ciphertext) + 42
        var padded = ciphertext
        padded.insert(UInt8(ascii: "="), at: last + 1)
        #expect(throws: AgeError.malformedHeader("invalid MAC line")) { try decrypt(padded) }
        var strayBits = ciphertext
        // 43 characters carry 258 bits for 256; a last character with low bits set spells the MAC a second way.
        strayBits[last] = strayBits[last] == UInt8(ascii: "B") ? UInt8(ascii: "C") : UInt8(ascii: "B")
        #expect(throws: AgeError.malformedHeader("invalid MAC line")) { try decrypt(strayBits) }
    }

    @Test func wrongIdentityFindsNoMatch() throws {
        let ciphertext = try encrypt(10)
        #expect(throws: AgeError.noMatchingIdentity) {
            try AgeDecryptor.decrypt(ciphertext, with: [AgeIdentity.generate()])
        }
    }

    @Test func otherFilesAreRefusedByTheirFirstLine() {
        #expect(throws: AgeError.unsupportedVersion("age-encryption.org/v2")) {
            try decrypt(Array("age-encryption.org/v2\n-> X25519 abc\n".utf8))
        }
        #expect(throws: AgeError.malformedHeader("missing version line")) {
            try decrypt(Array("-----BEGIN AGE ENCRYPTED FILE-----\n".utf8))
        }
        #expect(throws: AgeError.malformedHeader("missing version line")) {
            try decrypt([UInt8](repeating: 0x41, count: 100_000))
        }
    }

    @Test func emptyFinalChunkAfterAFullOneIsRefused() throws {
        let fileKey = TestData.random(16)
        let nonce = TestData.random(16)
        let encryptor = try AgeEncryptor(recipients: [identity.recipient], fileKey: fileKey, payloadNonce: nonce)
        let cipher = AgePayloadCipher(fileKey: fileKey, nonce: nonce)
        let full = try cipher.seal(TestData.random(65536), counter: 0, isFinal: false)
        let empty = try cipher.seal([], counter: 1, isFinal: true)
        #expect(throws: AgeError.emptyFinalChunk) { try decrypt(encryptor.header + full + empty) }
    }

    @Test func missingFinalFlagIsTruncated() throws {
        let fileKey = TestData.random(16)
        let nonce = TestData.random(16)
        let encryptor = try AgeEncryptor(recipients: [identity.recipient], fileKey: fileKey, payloadNonce: nonce)
        let cipher = AgePayloadCipher(fileKey: fileKey, nonce: nonce)
        let short = try cipher.seal(TestData.random(10), counter: 0, isFinal: false)
        #expect(throws: AgeError.truncated) { try decrypt(encryptor.header + short) }
    }

    @Test func decryptorStaysFailedAndFinished() throws {
        var corrupted = try encrypt(65536 + 10)
        corrupted[corrupted.count - (10 + 16) - 100] ^= 1
        var decryptor = AgeDecryptor(identity: identity)
        #expect(throws: AgeError.payloadAuthenticationFailed(chunk: 0)) { try decryptor.update(corrupted) }
        #expect(throws: AgeError.payloadAuthenticationFailed(chunk: 0)) { try decryptor.finish() }

        var finished = AgeDecryptor(identity: identity)
        _ = try finished.update(try encrypt(5))
        _ = try finished.finish()
        #expect(throws: AgeError.streamFinished) { try finished.update([1]) }
        #expect(throws: AgeError.streamFinished) { try finished.finish() }
    }
}

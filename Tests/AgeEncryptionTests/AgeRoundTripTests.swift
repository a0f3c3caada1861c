import AgeEncryption
import Testing

struct AgeRoundTripTests {
    static let sizes = [0, 1, 65535, 65536, 65537, 3 * 65536, Int.random(in: 2...300_000)]

    @Test(arguments: sizes)
    func roundTripsInOneCall(size: Int) throws {
        let identity = AgeIdentity.generate()
        let plaintext = TestData.random(size)
        let ciphertext = try AgeEncryptor.encrypt(plaintext, to: [identity.recipient])
        #expect(try AgeDecryptor.decrypt(ciphertext, with: [identity]) == plaintext)
    }

    @Test(arguments: sizes)
    func roundTripsInRandomPieces(size: Int) throws {
        let identity = AgeIdentity.generate()
        let plaintext = TestData.random(size)
        var encryptor = try AgeEncryptor(recipients: [identity.recipient])
        let headerSize = encryptor.header.count
        var ciphertext = encryptor.header
        for piece in TestData.pieces(of: plaintext, maximum: 100_000) {
            ciphertext += try encryptor.update(piece)
        }
        ciphertext += try encryptor.finish()

        let chunks = max(1, (size + 65535) / 65536)
        #expect(ciphertext.count == headerSize + size + 16 * chunks)

        var decryptor = AgeDecryptor(identity: identity)
        var decrypted: [UInt8] = []
        for piece in TestData.pieces(of: ciphertext, maximum: 70_000) {
            decrypted += try decryptor.update(piece)
        }
        decrypted += try decryptor.finish()
        #expect(decrypted == plaintext)
    }

    @Test func decryptsFedOneByteAtATime() throws {
        let identity = AgeIdentity.generate()
        let plaintext = TestData.random(3000)
        let ciphertext = try AgeEncryptor.encrypt(plaintext, to: [identity.recipient])
        var decryptor = AgeDecryptor(identity: identity)
        var decrypted: [UInt8] = []
        for byte in ciphertext {
            decrypted += try decryptor.update(CollectionOfOne(byte))
        }
        decrypted += try decryptor.finish()
        #expect(decrypted == plaintext)
    }

    /// The encryptor may hold back only the one chunk that could still turn out to be the last.
    @Test func encryptorEmitsEveryChunkButTheLastAsSoonAsItCan() throws {
        let recipient = AgeIdentity.generate().recipient
        var encryptor = try AgeEncryptor(recipients: [recipient])
        #expect(try encryptor.update(TestData.random(65536)).isEmpty)
        #expect(try encryptor.update(TestData.random(2 * 65536 + 1)).count == 3 * (65536 + 16))
        #expect(try encryptor.finish().count == 1 + 16)
    }

    @Test func decryptorEmitsEveryChunkButTheLastAsSoonAsItCan() throws {
        let identity = AgeIdentity.generate()
        let ciphertext = try AgeEncryptor.encrypt(TestData.random(2 * 65536 + 5), to: [identity.recipient])
        var decryptor = AgeDecryptor(identity: identity)
        let beforeLastChunk = ciphertext.count - (5 + 16)
        #expect(try decryptor.update(ciphertext[..<beforeLastChunk]).count == 65536)
        #expect(try decryptor.update(ciphertext[beforeLastChunk...]).count == 65536)
        #expect(try decryptor.finish().count == 5)
    }

    @Test func anyRecipientsIdentityDecrypts() throws {
        let first = AgeIdentity.generate()
        let second = AgeIdentity.generate()
        let plaintext = TestData.random(1000)
        let ciphertext = try AgeEncryptor.encrypt(plaintext, to: [first.recipient, second.recipient])
        #expect(try AgeDecryptor.decrypt(ciphertext, with: [second]) == plaintext)
        #expect(try AgeDecryptor.decrypt(ciphertext, with: [AgeIdentity.generate(), first]) == plaintext)
    }

    @Test func headerHasTheAgeV1Layout() throws {
        let recipient = AgeIdentity.generate().recipient
        let encryptor = try AgeEncryptor(recipients: [recipient, recipient])
        let text = String(decoding: encryptor.header.dropLast(16), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 7)
        #expect(lines[0] == "age-encryption.org/v1")
        #expect(lines[1].hasPrefix("-> X25519 ") && lines[1].count == 10 + 43)
        #expect(lines[2].count == 43)
        #expect(lines[3].hasPrefix("-> X25519 "))
        #expect(lines[5].hasPrefix("--- ") && lines[5].count == 4 + 43)
        #expect(lines[6].isEmpty)
    }

    @Test func refusesToStartWithoutRecipientsOrIdentities() {
        #expect(throws: AgeError.noRecipients) { _ = try AgeEncryptor(recipients: []) }
        #expect(throws: AgeError.noIdentities) { try AgeDecryptor(identities: []) }
    }
}

import Testing

@testable import AgeEncryption

struct AgeFormatTests {
    @Test func base64IsUnpaddedAndCanonical() {
        #expect(AgeBase64.encode([UInt8]()) == "")
        #expect(AgeBase64.encode([0]) == "AA")
        #expect(AgeBase64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(AgeBase64.encode(Array("fooba".utf8)) == "Zm9vYmE")
        #expect(AgeBase64.decode(Array("Zm9vYmE".utf8)) == Array("fooba".utf8))
        #expect(AgeBase64.decode(Array("AA".utf8)) == [0])
        #expect(AgeBase64.decode(Array("AB".utf8)) == nil)
        #expect(AgeBase64.decode(Array("AA==".utf8)) == nil)
        #expect(AgeBase64.decode(Array("A".utf8)) == nil)
        #expect(AgeBase64.decode(Array("Zm9v\nYmE".utf8)) == nil)
        #expect(AgeBase64.decode(Array("Zm9v-_".utf8)) == nil)
    }

    /// A body that fills whole 64-column lines must still end with a short (here empty) line.
    @Test(arguments: [0, 1, 32, 47, 48, 49, 96, 200])
    func stanzaBodiesRoundTripThroughTheHeader(bodySize: Int) throws {
        let stanza = AgeStanza(type: "grease-x", arguments: ["a", "b+/"], body: TestData.random(bodySize))
        let encodedBody = stanza.encoded.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .dropFirst().dropLast()
        #expect(encodedBody.dropLast().allSatisfy { $0.count == 64 })
        #expect((encodedBody.last?.count ?? 64) < 64)
        if bodySize % 48 == 0 {
            #expect(encodedBody.last?.isEmpty == true)
        }
        let fileKey = TestData.random(16)
        let header = AgeHeader(stanzas: [stanza])
        let bytes = header.encoded(fileKey: fileKey)
        let parsed = try AgeHeader.parse(bytes)
        #expect(parsed.stanzas == [stanza])
        try parsed.verifyMAC(of: bytes, fileKey: fileKey)
    }

    @Test(arguments: [
        "age-encryption.org/v1\n--- AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
        "age-encryption.org/v1\n->  X25519 AA\nAA\n--- AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
        "age-encryption.org/v1\n-> X25519\n" + String(repeating: "A", count: 64)
            + "\n--- AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
        "age-encryption.org/v1\n-> X25519 AA\nAA==\n--- AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
        "age-encryption.org/v1\n->\nAA\n--- AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
        "age-encryption.org/v1\n-> X25519 AA\nAA\n---AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
        "age-encryption.org/v1\n-> X25519 AA\nAA\n--- AAAA\n",
        "age-encryption.org/v1\n-> X25519 AA\nAA\nextra\n--- AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
    ])
    func rejectsMalformedHeaders(_ text: String) {
        #expect(throws: AgeError.self) { try AgeHeader.parse(Array(text.utf8)) }
    }

    @Test func lowOrderSharesAndRecipientsAreRefused() throws {
        let identity = AgeIdentity.generate()
        let stanza = AgeStanza(
            type: "X25519", arguments: [AgeBase64.encode([UInt8](repeating: 0, count: 32))],
            body: [UInt8](repeating: 0, count: 32))
        #expect(throws: AgeError.invalidSharedSecret) { try identity.unwrap(stanza) }
        let lowOrder = try AgeRecipient(rawRepresentation: [UInt8](repeating: 0, count: 32))
        #expect(throws: AgeError.invalidSharedSecret) { _ = try AgeEncryptor(recipients: [lowOrder]) }
    }

    @Test func malformedX25519StanzaIsRefusedAndOtherTypesIgnored() throws {
        let identity = AgeIdentity.generate()
        let share = AgeBase64.encode(AgeIdentity.generate().recipient.rawRepresentation)
        let shortBody = AgeStanza(type: "X25519", arguments: [share], body: [UInt8](repeating: 1, count: 31))
        #expect(throws: AgeError.malformedHeader("invalid X25519 stanza")) { try identity.unwrap(shortBody) }
        let extraArgument = AgeStanza(type: "X25519", arguments: [share, "x"], body: [UInt8](repeating: 1, count: 32))
        #expect(throws: AgeError.malformedHeader("invalid X25519 stanza")) { try identity.unwrap(extraArgument) }
        let foreign = AgeStanza(type: "scrypt", arguments: ["salt", "18"], body: [UInt8](repeating: 1, count: 32))
        #expect(try identity.unwrap(foreign) == nil)
        let elsewhere = AgeStanza(type: "X25519", arguments: [share], body: [UInt8](repeating: 1, count: 32))
        #expect(try identity.unwrap(elsewhere) == nil)
    }
}

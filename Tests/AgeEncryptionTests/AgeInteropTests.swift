import AgeEncryption
import Testing

/// Files must open with the standard `age` tool and files it writes must open here.
struct AgeInteropTests {
    static let sizes = [0, 65536, 3 * 65536 + 1234]

    @Test(arguments: sizes)
    func ageDecryptsWhatWeEncrypt(size: Int) throws {
        let age = try AgeBinary()
        defer { age.removeFolder() }
        try age.run(AgeBinary.keygenPath, ["-o", age.path("key.txt")])
        let recipientLine = try age.run(AgeBinary.keygenPath, ["-y", age.path("key.txt")])
        let recipient = try AgeRecipient(String(recipientLine.split(separator: "\n").first ?? ""))

        let plaintext = TestData.random(size)
        var encryptor = try AgeEncryptor(recipients: [AgeIdentity.generate().recipient, recipient])
        var ciphertext = encryptor.header
        for piece in TestData.pieces(of: plaintext, maximum: 50_000) {
            ciphertext += try encryptor.update(piece)
        }
        ciphertext += try encryptor.finish()
        try age.write(ciphertext, to: "file.age")

        try age.run(
            AgeBinary.agePath, ["-d", "-i", age.path("key.txt"), "-o", age.path("out.bin"), age.path("file.age")])
        #expect(try age.read("out.bin") == plaintext)
    }

    @Test(arguments: sizes)
    func weDecryptWhatAgeEncrypts(size: Int) throws {
        let age = try AgeBinary()
        defer { age.removeFolder() }
        try age.run(AgeBinary.keygenPath, ["-o", age.path("key.txt")])
        let recipientLine = try age.run(AgeBinary.keygenPath, ["-y", age.path("key.txt")])
        let identities = try AgeKeyFile.identities(in: String(decoding: try age.read("key.txt"), as: UTF8.self))
        #expect(identities.map(\.recipient.encoded) == [String(recipientLine.split(separator: "\n").first ?? "")])

        let plaintext = TestData.random(size)
        try age.write(plaintext, to: "in.bin")
        let other = AgeIdentity.generate().recipient.encoded
        try age.run(
            AgeBinary.agePath,
            ["-r", other, "-r", identities[0].recipient.encoded, "-o", age.path("file.age"), age.path("in.bin")])
        let ciphertext = try age.read("file.age")

        var decryptor = try AgeDecryptor(identities: identities)
        var decrypted: [UInt8] = []
        for piece in TestData.pieces(of: ciphertext, maximum: 80_000) {
            decrypted += try decryptor.update(piece)
        }
        decrypted += try decryptor.finish()
        #expect(decrypted == plaintext)
    }

    /// Our key encodings must be what age reads: an identity we generate decrypts a file age wrote to it.
    @Test func ageAcceptsOurKeyEncodings() throws {
        let age = try AgeBinary()
        defer { age.removeFolder() }
        let identity = AgeIdentity.generate()
        try age.write(Array("# ours\n\(identity.encoded)\n".utf8), to: "ours.txt")
        #expect(try age.run(AgeBinary.keygenPath, ["-y", age.path("ours.txt")]) == "\(identity.recipient.encoded)\n")

        let plaintext = TestData.random(100)
        try age.write(plaintext, to: "in.bin")
        try age.run(AgeBinary.agePath, ["-r", identity.recipient.encoded, "-o", age.path("a.age"), age.path("in.bin")])
        try age.run(AgeBinary.agePath, ["-d", "-i", age.path("ours.txt"), "-o", age.path("a.out"), age.path("a.age")])
        #expect(try age.read("a.out") == plaintext)
        #expect(try AgeDecryptor.decrypt(try age.read("a.age"), with: [identity]) == plaintext)
    }
}

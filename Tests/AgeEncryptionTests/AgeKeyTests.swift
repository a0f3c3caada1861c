import AgeEncryption
import Testing

struct AgeKeyTests {
    /// A pair made by `age-keygen` (age 1.1.1) for this test only; it protects nothing.
    static let keygenIdentity = "AGE-SECRET-KEY-1ZTR234T5MYZE6N8DQ4FA25C2L8RFR0KAZAMNGGCU24K6A7F86YFS2E5AHX"
    static let keygenRecipient = "age1ry5uskw82sqnq4rupzy7uquknfx4gr6xdedgej5wqyraysm234dq79dswg"

    @Test func derivesTheRecipientAgeKeygenPrinted() throws {
        let identity = try AgeIdentity(Self.keygenIdentity)
        #expect(identity.recipient.encoded == Self.keygenRecipient)
        #expect(identity.recipient == (try AgeRecipient(Self.keygenRecipient)))
        #expect(identity.encoded == Self.keygenIdentity)
    }

    @Test func identityDescriptionHidesTheSecret() throws {
        let identity = try AgeIdentity(Self.keygenIdentity)
        #expect(!identity.description.contains("SECRET"))
        #expect(identity.description.contains(Self.keygenRecipient))
    }

    @Test func generatedIdentitiesRoundTripThroughTheirEncoding() throws {
        let identity = AgeIdentity.generate()
        #expect(identity.encoded.hasPrefix("AGE-SECRET-KEY-1"))
        #expect(identity.recipient.encoded.hasPrefix("age1"))
        let parsed = try AgeIdentity(identity.encoded)
        #expect(parsed.recipient == identity.recipient)
        #expect(try AgeRecipient(identity.recipient.encoded) == identity.recipient)
        #expect(AgeIdentity.generate().recipient != identity.recipient)
    }

    @Test func enforcesAgeCaseRules() {
        #expect(throws: AgeError.unexpectedHumanReadablePart(expected: "age", found: "AGE")) {
            try AgeRecipient(Self.keygenRecipient.uppercased())
        }
        #expect(throws: AgeError.unexpectedHumanReadablePart(expected: "AGE-SECRET-KEY-", found: "age-secret-key-")) {
            try AgeIdentity(Self.keygenIdentity.lowercased())
        }
        #expect(throws: AgeError.invalidBech32(.mixedCase)) {
            try AgeRecipient("Age1" + Self.keygenRecipient.dropFirst(4))
        }
    }

    @Test func rejectsWrongPrefixesChecksumsAndLengths() throws {
        #expect(throws: AgeError.unexpectedHumanReadablePart(expected: "AGE-SECRET-KEY-", found: "age")) {
            try AgeIdentity(Self.keygenRecipient)
        }
        #expect(throws: AgeError.unexpectedHumanReadablePart(expected: "age", found: "AGE-SECRET-KEY-")) {
            try AgeRecipient(Self.keygenIdentity)
        }
        var altered = Array(Self.keygenRecipient)
        altered[10] = altered[10] == "q" ? "p" : "q"
        #expect(throws: AgeError.invalidBech32(.invalidChecksum)) { try AgeRecipient(String(altered)) }
        let short = try Bech32.encode(humanReadablePart: "age", data: [UInt8](repeating: 7, count: 31))
        #expect(throws: AgeError.invalidKeyLength(31)) { try AgeRecipient(short) }
        #expect(throws: AgeError.invalidKeyLength(33)) {
            try AgeIdentity(rawRepresentation: [UInt8](repeating: 1, count: 33))
        }
    }

    @Test func parsesIdentityFilesWithCommentsBlankLinesAndCRLF() throws {
        let second = AgeIdentity.generate()
        let text = """
            # created: 2026-12-04T04:57:04Z\r
            # public key: \(Self.keygenRecipient)\r
            \(Self.keygenIdentity)\r
            \r

            \(second.encoded)

            """
        let identities = try AgeKeyFile.identities(in: text)
        #expect(identities.map(\.recipient) == [try AgeRecipient(Self.keygenRecipient), second.recipient])
    }

    @Test func reportsTheFirstBadLineOfAKeyFile() {
        #expect(throws: AgeError.invalidKeyFileLine(3)) {
            try AgeKeyFile.identities(in: "# comment\n\(Self.keygenIdentity)\n \(Self.keygenIdentity)\n")
        }
        #expect(throws: AgeError.noIdentities) { try AgeKeyFile.identities(in: "# only a comment\n\n") }
        #expect(throws: AgeError.invalidKeyFileLine(2)) {
            try AgeKeyFile.recipients(in: "\(Self.keygenRecipient)\n\(Self.keygenIdentity)\n")
        }
        #expect(throws: AgeError.noRecipients) { try AgeKeyFile.recipients(in: "") }
    }

    @Test func parsesRecipientsFiles() throws {
        let other = AgeIdentity.generate().recipient
        let recipients = try AgeKeyFile.recipients(in: "# team\n\(Self.keygenRecipient)\n\n\(other)\n")
        #expect(recipients == [try AgeRecipient(Self.keygenRecipient), other])
    }
}

import Checksums
import Foundation
import Testing

@testable import PrivacyAPISimulator

/// Small pure pieces: dates, the email rule, CRC-32, the PRNG.
@Suite struct SupportUnitTests {
    @Test func datesHaveSixFractionalDigits() {
        let date = Date(timeIntervalSince1970: 1_698_776_475.851865)
        #expect(SimulatorDateFormat.micros(date).hasPrefix("2023-10-31T18:21:15.8518"))
        #expect(SimulatorDateFormat.micros(date).count == "2023-10-31T18:21:15.851865Z".count)
        #expect(SimulatorDateFormat.seconds(Date(timeIntervalSince1970: 1_705_090_774)) == "2024-01-12T20:19:34Z")
        #expect(SimulatorDateFormat.micros(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000000Z")
    }

    @Test(arguments: [
        ("janedoe@example.com", true), ("a.b+c%d_e-f@x-y.example.co", true), ("aemail.com", false), ("a@b.c", false),
        ("a@.co", false), ("@b.co", false), ("a@b.c0", false), ("a@@b.co", false), ("a b@c.co", false),
        ("a@b.co.", false),
    ])
    func emailRuleMatchesThePattern(email: String, valid: Bool) throws {
        #expect(InputValidator.isValidEmail(email) == valid)
        let regex = try Regex(InputValidator.emailPattern)
        #expect((email.wholeMatch(of: regex) != nil) == valid)
    }

    @Test func crc32KnownValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test func splitMixIsDeterministic() {
        var a = SplitMix64(seed: 1)
        var b = SplitMix64(seed: 1)
        #expect((0..<5).map { _ in a.next() } == (0..<5).map { _ in b.next() })
        #expect((0..<100).allSatisfy { _ in (0..<1).contains(a.nextUnit()) })
    }
}

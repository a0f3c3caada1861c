import Foundation
import PrivacyAPISimulator
import Testing

/// The pre-signed retrieval link and the zip behind it.
@Suite struct DownloadTests {
    static func completedLink(_ sim: SimulatorHarness, clock: ManualSimulatorClock) async throws -> String {
        let id = try await sim.startRetrieval(email: "jane@example.com")
        clock.advance(by: 1)
        return try #require(
            try await sim.retrieval(id)["data"]?["personalDataRetrievalTask"]?["dataRetrievalLink"]?.string)
    }

    static func le32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
    }

    static func le16(_ bytes: [UInt8], _ offset: Int) -> Int {
        Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
    }

    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    @Test func linkServesAValidZip() async throws {
        let clock = ManualSimulatorClock()
        try await withSimulator({ $0.clock = clock }) { sim in
            let link = try await Self.completedLink(sim, clock: clock)
            let answer = try await sim.send(.GET, url: link)
            #expect(answer.status == 200)
            #expect(answer.headers["content-type"] == "application/zip")
            let bytes = answer.body
            try #require(bytes.count > 30)
            #expect(Self.le32(bytes, 0) == 0x0403_4B50)
            let crc = Self.le32(bytes, 14)
            let size = Int(Self.le32(bytes, 18))
            let nameLength = Self.le16(bytes, 26)
            let name = String(decoding: bytes[30..<(30 + nameLength)], as: UTF8.self)
            #expect(name == "profile.json")
            let start = 30 + nameLength + Self.le16(bytes, 28)
            let content = bytes[start..<(start + size)]
            #expect(Self.crc32(content) == crc)
            let profile = try JSON.parse(String(decoding: content, as: UTF8.self))
            #expect(profile["dataSubject"]?["email"] == .string("jane@example.com"))
            let end = bytes.count - 22
            #expect(Self.le32(bytes, end) == 0x0605_4B50)
            #expect(Self.le16(bytes, end + 10) == 1)
            #expect(Self.le32(bytes, Int(Self.le32(bytes, end + 16))) == 0x0201_4B50)
        }
    }

    @Test func linkExpiresAndEachQueryIssuesAFreshOne() async throws {
        let clock = ManualSimulatorClock()
        try await withSimulator({ $0.clock = clock }) { sim in
            let link = try await Self.completedLink(sim, clock: clock)
            clock.advance(by: 61)
            let expired = try await sim.send(.GET, url: link)
            #expect(expired.status == 403)
            #expect(expired.text.contains("<Error><Code>AccessDenied</Code><Message>Request has expired</Message>"))
            let id = try #require(link.split(separator: "/").dropLast().last.map(String.init))
            let fresh = try #require(
                try await sim.retrieval(id)["data"]?["personalDataRetrievalTask"]?["dataRetrievalLink"]?.string)
            #expect(fresh != link)
            #expect(try await sim.send(.GET, url: fresh).status == 200)
        }
    }

    @Test func wrongSignatureIsRefused() async throws {
        let clock = ManualSimulatorClock()
        try await withSimulator({ $0.clock = clock }) { sim in
            let link = try await Self.completedLink(sim, clock: clock)
            let tampered = String(link.dropLast()) + (link.hasSuffix("0") ? "1" : "0")
            let answer = try await sim.send(.GET, url: tampered)
            #expect(answer.status == 403)
            #expect(answer.text.contains("<Code>SignatureDoesNotMatch</Code>"))
            let stretched = link.replacingOccurrences(
                of: #"expires=(\d+)"#, with: "expires=9999999999", options: .regularExpression)
            #expect(try await sim.send(.GET, url: stretched).text.contains("SignatureDoesNotMatch"))
        }
    }
}

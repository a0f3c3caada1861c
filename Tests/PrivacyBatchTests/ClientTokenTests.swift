import Testing

@testable import PrivacyBatch

@Suite struct ClientTokenTests {
    let digest = String(repeating: "ab", count: 32)

    @Test func isAStableUUIDWithinTheAPILimits() {
        let token = ClientToken.derive(inputSHA256: digest, row: 7, type: .deletion)
        #expect(token == ClientToken.derive(inputSHA256: digest, row: 7, type: .deletion))
        #expect(token.count == 36)
        #expect((36...64).contains(token.count))
        let parts = token.split(separator: "-").map(\.count)
        #expect(parts == [8, 4, 4, 4, 12])
        #expect(Array(token)[14] == "8")
    }

    @Test func differsByRowTypeAndInput() {
        let base = ClientToken.derive(inputSHA256: digest, row: 7, type: .deletion)
        #expect(base != ClientToken.derive(inputSHA256: digest, row: 8, type: .deletion))
        #expect(base != ClientToken.derive(inputSHA256: digest, row: 7, type: .retrieval))
        #expect(base != ClientToken.derive(inputSHA256: String(repeating: "cd", count: 32), row: 7, type: .deletion))
    }
}

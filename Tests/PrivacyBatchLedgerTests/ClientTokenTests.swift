import Testing

@testable import PrivacyBatchCore
@testable import PrivacyBatchLedger

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

    @Test func requestTokensIgnoreEmailCaseAndTheFileButNotTheGeneration() {
        let request = PrivacyRequest(type: .deletion, email: "A@Example.com", holdingPeriod: 10, reason: "r")
        let lower = PrivacyRequest(type: .deletion, email: "a@example.com", holdingPeriod: 10, reason: "r")
        let token = ClientToken.derive(request, scope: .sandbox, generation: nil)
        #expect(token.count == 36)
        #expect(token == ClientToken.derive(lower, scope: .sandbox, generation: nil))
        #expect(token != ClientToken.derive(request, scope: .sandbox, generation: "task-1"))
        var longer = request
        longer.holdingPeriod = 30
        #expect(token != ClientToken.derive(longer, scope: .sandbox, generation: nil))
        #expect(
            token != ClientToken.derive(request, scope: RequestScope(endpoint: nil, targetID: "other"), generation: nil)
        )
    }

    @Test func keyedTokensCannotBeRecomputedFromTheAddressAlone() throws {
        let request = PrivacyRequest(type: .deletion, email: "A@Example.com", holdingPeriod: 10, reason: "r")
        let lower = PrivacyRequest(type: .deletion, email: "a@example.com", holdingPeriod: 10, reason: "r")
        let key = try RecordKey(bytes: [UInt8](repeating: 1, count: RecordKey.byteCount))
        let other = try RecordKey(bytes: [UInt8](repeating: 2, count: RecordKey.byteCount))
        let keyed = ClientToken.derive(request, scope: .sandbox, generation: nil, key: key)
        #expect(keyed.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
        #expect(keyed == ClientToken.derive(lower, scope: .sandbox, generation: nil, key: key))
        #expect(keyed != ClientToken.derive(request, scope: .sandbox, generation: nil))
        #expect(keyed != ClientToken.derive(request, scope: .sandbox, generation: nil, key: other))
        #expect(keyed != ClientToken.derive(request, scope: .sandbox, generation: "task-1", key: key))
    }
}

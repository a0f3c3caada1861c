import Foundation
import PrivacyAPISimulator
import Testing

/// The per-client token bucket.
@Suite struct ThrottlingTests {
    @Test func secondRequestIsThrottledWithRetryAfter() async throws {
        let clock = ManualSimulatorClock()
        try await withSimulator({
            $0.clock = clock
            $0.rate = 1
            $0.burst = 1
        }) { sim in
            let token = try await sim.token()
            #expect(try await sim.graphQL("{ __typename }", token: token).status == 200)
            let throttled = try await sim.graphQL("{ __typename }", token: token)
            #expect(throttled.status == 429)
            #expect(Int(throttled.headers["retry-after"] ?? "") ?? 0 >= 1)
            let expected = try JSON.parse(
                #"""
                {"errors":[{"message":"User made too many requests to the Buy with Prime API. Send the request again using exponential backoff.",
                "extensions":{"classification":{"type":"ThrottlingError","code":"Throttling","details":{"message":
                "User made too many requests to the Buy with Prime API. Send the request again using exponential backoff."},
                "errorType":"ThrottlingException","errorCode":429}}}],"data":null}
                """#)
            #expect(try throttled.json() == expected)
            clock.advance(by: 1)
            #expect(try await sim.graphQL("{ __typename }", token: token).status == 200)
        }
    }

    @Test func throttlingIsOffByDefault() async throws {
        try await withSimulator { sim in
            let token = try await sim.token()
            for _ in 0..<30 { #expect(try await sim.graphQL("{ __typename }", token: token).status == 200) }
        }
    }
}

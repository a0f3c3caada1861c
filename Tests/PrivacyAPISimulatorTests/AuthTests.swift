import Foundation
import PrivacyAPISimulator
import Testing

/// `/token` and the checks in front of `/graphql`.
@Suite struct AuthTests {
    static let probe = #"query { personalDataDeletionTask(taskId: "x") { taskId } }"#

    @Test func tokenEndpointIssuesBearerTokens() async throws {
        try await withSimulator { sim in
            let answer = try await sim.send(
                .POST, "/token", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: "grant_type=client_credentials&client_id=sandbox-client-id&client_secret=sandbox-client-secret")
            #expect(answer.status == 200)
            let json = try answer.json()
            #expect(json["token_type"] == .string("bearer"))
            #expect(json["expires_in"] == .number(900))
            #expect(json["access_token"]?.string?.isEmpty == false)

            let basic = Data("sandbox-client-id:sandbox-client-secret".utf8).base64EncodedString()
            let viaBasic = try await sim.send(
                .POST, "/token",
                headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Authorization", "Basic \(basic)")],
                body: "grant_type=client_credentials")
            #expect(viaBasic.status == 200)
        }
    }

    @Test func badCredentialsAreInvalidClient() async throws {
        try await withSimulator { sim in
            let answer = try await sim.send(
                .POST, "/token", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: "grant_type=client_credentials&client_id=sandbox-client-id&client_secret=wrong")
            #expect(answer.status == 401)
            #expect(try answer.json() == JSON.parse(#"{"error":"invalid_client"}"#))
        }
    }

    @Test func missingInvalidAndExpiredTokensAre401() async throws {
        let clock = ManualSimulatorClock()
        try await withSimulator({ $0.clock = clock }) { sim in
            let missing = try await sim.send(
                .POST, "/graphql",
                headers: [("Content-Type", "application/json"), ("x-api-target-id", "sandbox-target")],
                body: #"{"query":"{ __typename }"}"#)
            #expect(missing.status == 401)
            #expect(
                try missing.json()["errors"]?[0]?["extensions"]?["classification"]?["type"]
                    == .string("UnauthorizedError"))
            #expect(try missing.json()["errors"]?[0]?["extensions"]?["classification"]?["errorCode"] == .number(401))

            let invalid = try await sim.graphQL(Self.probe, token: "not-a-token")
            #expect(invalid.status == 401)

            let token = try await sim.token()
            #expect(try await sim.graphQL("{ __typename }", token: token).status == 200)
            clock.advance(by: 899)
            #expect(try await sim.graphQL("{ __typename }", token: token).status == 200)
            clock.advance(by: 2)
            let expired = try await sim.graphQL("{ __typename }", token: token)
            #expect(expired.status == 401)
            #expect(
                try expired.json()["errors"]?[0]?["extensions"]?["classification"]?["errorType"]
                    == .string("UnauthorizedException"))
        }
    }

    @Test func tokenWithoutPrivacyScopeIsAccessDenied() async throws {
        try await withSimulator { sim in
            let token = try await sim.token(clientID: "sandbox-noscope-client-id")
            let json = try await sim.graphQL(
                #"mutation { startPersonalDataDeletionTask(input: {dataSubject: {type: SHOPPER, email: "a@b.co"}}) { taskId } }"#,
                token: token
            ).json()
            let expected = try JSON.parse(
                #"""
                {"errors":[{"message":"You do not have sufficient access to perform this action.","locations":[{"line":1,"column":12}],
                "path":["startPersonalDataDeletionTask"],"extensions":{"classification":{"type":"AccessDeniedError","code":"AccessDenied",
                "details":{"message":"You do not have sufficient access to perform this action."},"errorType":"AccessDeniedException",
                "errorCode":403}}}],"data":{"startPersonalDataDeletionTask":null}}
                """#)
            #expect(json == expected)
            #expect(try await sim.inspectTasks().isEmpty)
        }
    }

    @Test func targetIDIsRequiredAndChecked() async throws {
        try await withSimulator { sim in
            let token = try await sim.token()
            let missing = try await sim.send(
                .POST, "/graphql",
                headers: [("Content-Type", "application/json"), ("Authorization", "Bearer \(token)")],
                body: #"{"query":"{ __typename }"}"#)
            #expect(missing.status == 400)
            #expect(
                try missing.json()["errors"]?[0]?["extensions"]?["classification"]?["code"]
                    == .string("MissingTargetId"))
            let wrong = try await sim.graphQL(Self.probe, token: token, targetID: "someone-else")
            #expect(wrong.status == 403)
            #expect(
                try wrong.json()["errors"]?[0]?["extensions"]?["classification"]?["type"]
                    == .string("AccessDeniedError"))
        }
    }
}

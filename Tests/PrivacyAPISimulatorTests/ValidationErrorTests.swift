import Foundation
import PrivacyAPISimulator
import Testing

/// Input problems beyond the seeds, in the seeds' style.
@Suite struct ValidationErrorTests {
    static let prefix = "Input request is not valid, the following issues were encountered: "

    static func classification(_ json: JSON) -> JSON? {
        json["errors"]?[0]?["extensions"]?["classification"]
    }

    @Test func negativeHoldingPeriod() async throws {
        try await withSimulator { sim in
            let json = try await sim.graphQL(
                #"mutation { startPersonalDataDeletionTask(input: {holdingPeriod: -1, dataSubject: {type: SHOPPER, email: "a@b.co"}}) { taskId } }"#
            ).json()
            #expect(
                json["errors"]?[0]?["message"]
                    == .string(
                        Self.prefix
                            + "[/startPersonalDataDeletionTask/input/holdingPeriod must be greater than or equal to 0]")
            )
            #expect(json["data"] == (try JSON.parse(#"{"startPersonalDataDeletionTask":null}"#)))
            #expect(Self.classification(json)?["code"] == .string("UnspecifiedError"))
        }
    }

    @Test func severalIssuesShareOneMessage() async throws {
        try await withSimulator { sim in
            let json = try await sim.graphQL(
                #"mutation { startPersonalDataDeletionTask(input: {holdingPeriod: 181, dataSubject: {type: SHOPPER, email: "bad"}, clientToken: {token: "short"}}) { taskId } }"#
            ).json()
            let message =
                Self.prefix
                + "[/startPersonalDataDeletionTask/input/holdingPeriod must be less than or equal to 180, "
                + "/startPersonalDataDeletionTask/input/dataSubject/email must match \"^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+[.][a-zA-Z]{2,}$\", "
                + "/startPersonalDataDeletionTask/input/clientToken/token must be at least 36 characters long]"
            #expect(json["errors"]?[0]?["message"] == .string(message))
            #expect(Self.classification(json)?["details"]?["message"] == .string(message))
        }
    }

    @Test func clientTokenLength() async throws {
        try await withSimulator { sim in
            let long = String(repeating: "x", count: 65)
            let json = try await sim.graphQL(
                "mutation { startPersonalDataRetrievalTask(input: {dataSubject: {type: SHOPPER, email: \"a@b.co\"}, clientToken: {token: \"\(long)\"}}) { taskId } }"
            ).json()
            #expect(
                json["errors"]?[0]?["message"]
                    == .string(
                        Self.prefix
                            + "[/startPersonalDataRetrievalTask/input/clientToken/token must be at most 64 characters long]"
                    ))
            #expect(json["data"] == (try JSON.parse(#"{"startPersonalDataRetrievalTask":null}"#)))
            let ok64 = String(repeating: "y", count: 64)
            _ = try await sim.startRetrieval(email: "a@b.co", clientToken: ok64)
            _ = try await sim.startRetrieval(email: "a@b.co", clientToken: String(repeating: "z", count: 36))
            #expect(try await sim.inspectTasks().count == 2)
        }
    }

    @Test func retrievalEmailErrors() async throws {
        try await withSimulator { sim in
            let malformed = try await sim.graphQL(
                #"mutation { startPersonalDataRetrievalTask(input: {dataSubject: {type: SHOPPER, email: "aemail.com"}}) { taskId } }"#
            ).json()
            #expect(
                malformed["errors"]?[0]?["message"]
                    == .string(
                        Self.prefix
                            + "[/startPersonalDataRetrievalTask/input/dataSubject/email must match \"^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+[.][a-zA-Z]{2,}$\"]"
                    ))
            #expect(malformed["errors"]?[0]?["path"] == .array([.string("startPersonalDataRetrievalTask")]))
            let missing = try await sim.graphQL(
                #"mutation { startPersonalDataRetrievalTask(input: {dataSubject: {type: SHOPPER}}) { taskId } }"#
            ).json()
            let expected = try JSON.parse(
                #"""
                {"errors":[{"message":"The dataSubject must have an email specified to initiate a personalDataRetrievalTask.",
                "locations":[{"line":1,"column":12}],"path":["startPersonalDataRetrievalTask"],
                "extensions":{"classification":{"type":"ValidationError","code":"EmailNotProvidedForPersonalDataRetrievalTask",
                "details":{"message":"The dataSubject must have an email specified to initiate a personalDataRetrievalTask."},
                "errorType":"ValidationException","errorCode":400}}}],"data":{"startPersonalDataRetrievalTask":null}}
                """#)
            #expect(missing == expected)
        }
    }

    @Test func unknownTaskIsNotFound() async throws {
        try await withSimulator { sim in
            for field in ["personalDataDeletionTask", "personalDataRetrievalTask"] {
                let json = try await sim.graphQL("query { \(field)(taskId: \"nope\") { taskId status } }").json()
                let expected = try JSON.parse(
                    """
                    {"errors":[{"message":"Request references a resource which does not exist.","locations":[{"line":1,"column":9}],
                    "path":["\(field)"],"extensions":{"classification":{"type":"ResourceNotFoundError","code":"ResourceNotFound",
                    "details":{"message":"Request references a resource which does not exist."},
                    "errorType":"ResourceNotFoundException","errorCode":404}}}],"data":{"\(field)":null}}
                    """)
                #expect(json == expected)
            }
            let cancel = try await sim.graphQL(
                #"mutation { cancelPersonalDataDeletionTask(taskId: "nope") { status } }"#
            ).json()
            #expect(ValidationErrorTests.classification(cancel)?["type"] == .string("ResourceNotFoundError"))
            // A deletion id is not a retrieval id.
            let deletionID = try await sim.startDeletion(email: "a@b.co")
            let crossed = try await sim.graphQL(
                "query { personalDataRetrievalTask(taskId: \"\(deletionID)\") { taskId } }"
            ).json()
            #expect(ValidationErrorTests.classification(crossed)?["errorCode"] == .number(404))
        }
    }
}

import Foundation
import PrivacyAPISimulator
import Testing

/// The three seed pages' examples, request for request.
///
/// Two scraping artefacts are undone: "[email protected]" is Cloudflare's email obfuscation of a real address
/// (it would itself fail the email pattern), so `janedoe@example.com` stands in; and the seed responses'
/// `locations` (line 2, column 3) belong to the documents as originally sent with two-space indentation, while the
/// page shows them re-indented by four. Both spellings are sent: the two-space one must match the seed exactly,
/// the four-space one must differ only in the column the engine reports.
@Suite struct SeedExampleTests {
    static let email = "janedoe@example.com"

    static func document(_ seedDocument: String, indent: Int) -> String {
        let spaced = seedDocument.replacingOccurrences(of: "[email protected]", with: email)
        guard indent != 4 else { return spaced }
        return spaced.components(separatedBy: "\n").map { line in
            let leading = line.prefix { $0 == " " }.count
            return String(repeating: " ", count: leading / 4 * indent) + line.dropFirst(leading)
        }.joined(separator: "\n")
    }

    static let startDocument = """
        mutation {
            startPersonalDataDeletionTask(input: {
                holdingPeriod: 5
                dataSubject: {
                    type: SHOPPER
                    email: "[email protected]"
                }
            }) {
                taskId
            }
        }
        """

    static let holdingPeriodDocument = """
        mutation {
            startPersonalDataDeletionTask(input: {
                holdingPeriod: 200
                dataSubject: {
                    type: SHOPPER
                    email: "[email protected]"
                }
            }) {
                taskId
            }
        }
        """

    static let holdingPeriodResponse = #"""
        {
          "errors": [
            {
              "message": "Input request is not valid, the following issues were encountered: [/startPersonalDataDeletionTask/input/holdingPeriod must be less than or equal to 180]",
              "locations": [
                {
                  "line": 2,
                  "column": 3
                }
              ],
              "path": [
                "startPersonalDataDeletionTask"
              ],
              "extensions": {
                "classification": {
                  "type": "ValidationError",
                  "code": "UnspecifiedError",
                  "details": {
                    "message": "Input request is not valid, the following issues were encountered: [/startPersonalDataDeletionTask/input/holdingPeriod must be less than or equal to 180]"
                  },
                  "errorType": "ValidationException",
                  "errorCode": 400
                }
              }
            }
          ],
          "data": {
            "startPersonalDataDeletionTask": null
          }
        }
        """#

    static let emailDocument = """
        mutation {
            startPersonalDataDeletionTask(input: {
                dataSubject: {
                    type: SHOPPER
                    email: "aemail.com"
                }
            }) {
                taskId
            }
        }
        """

    static let emailResponse = #"""
        {
          "errors": [
            {
              "message": "Input request is not valid, the following issues were encountered: [/startPersonalDataDeletionTask/input/dataSubject/email must match \"^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+[.][a-zA-Z]{2,}$\"]",
              "locations": [
                {
                  "line": 2,
                  "column": 3
                }
              ],
              "path": [
                "startPersonalDataDeletionTask"
              ],
              "extensions": {
                "classification": {
                  "type": "ValidationError",
                  "code": "UnspecifiedError",
                  "details": {
                    "message": "Input request is not valid, the following issues were encountered: [/startPersonalDataDeletionTask/input/dataSubject/email must match \"^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+[.][a-zA-Z]{2,}$\"]"
                  },
                  "errorType": "ValidationException",
                  "errorCode": 400
                }
              }
            }
          ],
          "data": {
            "startPersonalDataDeletionTask": null
          }
        }
        """#

    static let noEmailDocument = """
        mutation {
            startPersonalDataDeletionTask(input: {
                dataSubject: {
                    type: SHOPPER
                }
            }) {
                taskId
            }
        }
        """

    static let noEmailResponse = #"""
        {
          "errors": [
            {
              "message": "The dataSubject must have an email specified to initiate a personalDataDeletionTask.",
              "locations": [
                {
                  "line": 2,
                  "column": 3
                }
              ],
              "path": [
                "startPersonalDataDeletionTask"
              ],
              "extensions": {
                "classification": {
                  "type": "ValidationError",
                  "code": "EmailNotProvidedForPersonalDataDeletionTask",
                  "details": {
                    "message": "The dataSubject must have an email specified to initiate a personalDataDeletionTask."
                  },
                  "errorType": "ValidationException",
                  "errorCode": 400
                }
              }
            }
          ],
          "data": {
            "startPersonalDataDeletionTask": null
          }
        }
        """#

    @Test func startExampleReturnsATaskID() async throws {
        try await withSimulator { sim in
            for indent in [2, 4] {
                let answer = try await sim.graphQL(Self.document(Self.startDocument, indent: indent))
                #expect(answer.status == 200)
                let json = try answer.json()
                let taskID = try #require(json["data"]?["startPersonalDataDeletionTask"]?["taskId"]?.string)
                #expect(UUID(uuidString: taskID) != nil)
                let expected = try JSON.parse(#"{"data":{"startPersonalDataDeletionTask":{"taskId":"x"}}}"#)
                #expect(
                    json.replacing(["data", "startPersonalDataDeletionTask", "taskId"], with: .string("x")) == expected)
            }
        }
    }

    @Test(arguments: [
        (holdingPeriodDocument, holdingPeriodResponse),
        (emailDocument, emailResponse),
        (noEmailDocument, noEmailResponse),
    ])
    func validationExampleMatchesTheSeed(document: String, response: String) async throws {
        try await withSimulator { sim in
            let expected = try JSON.parse(response)
            let exact = try await sim.graphQL(Self.document(document, indent: 2))
            #expect(exact.status == 200)
            #expect(try exact.json() == expected)
            #expect(exact.text.hasPrefix("{\"errors\":[{\"message\":"))
            #expect(exact.text.contains("{\"type\":\"ValidationError\",\"code\":"))

            let verbatim = try await sim.graphQL(Self.document(document, indent: 4))
            let location = try JSON.parse(#"[{"line":2,"column":5}]"#)
            let errors = try #require(expected["errors"]?.array)
            let moved = JSON.object(
                [
                    "errors": .array(errors.map { $0.replacing(["locations"], with: location) }),
                    "data": expected["data"] ?? .null,
                ])
            #expect(try verbatim.json() == moved)
            #expect(try await sim.inspectTasks().isEmpty)
        }
    }

    @Test func queryExamplesHaveTheSeedShape() async throws {
        let clock = ManualSimulatorClock()
        try await withSimulator({ $0.clock = clock }) { sim in
            let retrievalID = try await sim.startRetrieval(email: "janedoe@email.com")
            let missingID = try await sim.startRetrieval(email: "not-found@example.com")
            let deletionID = try await sim.startDeletion(email: Self.email, holdingPeriod: 0)
            clock.advance(by: 2)
            let retrievalQuery = """
                query { personalDataRetrievalTask(taskId: "ID") { taskId status submissionDate dataRetrievalLink \
                dataSubject { type email } errors { code message } } }
                """
            let completed = try await sim.graphQL(retrievalQuery.replacingOccurrences(of: "ID", with: retrievalID))
                .json()
            let task = try #require(completed["data"]?["personalDataRetrievalTask"])
            #expect(task["status"] == .string("COMPLETED"))
            #expect(task["errors"] == .array([]))
            #expect(task["dataSubject"] == (try JSON.parse(#"{"type":"SHOPPER","email":"janedoe@email.com"}"#)))
            #expect(task["dataRetrievalLink"]?.string?.contains("/data_retrieval.zip?") == true)
            let date = try #require(task["submissionDate"]?.string)
            #expect(date.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z/) != nil)

            let failed = try await sim.graphQL(retrievalQuery.replacingOccurrences(of: "ID", with: missingID)).json()
            let expectedFailed = try JSON.parse(
                """
                {"data":{"personalDataRetrievalTask":{"taskId":"\(missingID)","status":"FAILED","submissionDate":"D",
                "dataRetrievalLink":null,"dataSubject":{"type":"SHOPPER","email":"not-found@example.com"},
                "errors":[{"code":"DATA_SUBJECT_NOT_FOUND","message":"The shopper email for request \(missingID) does not exist"}]}}}
                """)
            #expect(
                failed.replacing(["data", "personalDataRetrievalTask", "submissionDate"], with: .string("D"))
                    == expectedFailed)

            let deletion = try await sim.graphQL(
                """
                query { personalDataDeletionTask(taskId: "\(deletionID)") { taskId status submissionDate \
                dataSubject { type email } errors { code message } } }
                """
            ).json()
            let expectedDeletion = try JSON.parse(
                """
                {"data":{"personalDataDeletionTask":{"taskId":"\(deletionID)","status":"COMPLETED","submissionDate":"D",
                "dataSubject":{"type":"SHOPPER","email":"\(Self.email)"},"errors":[]}}}
                """)
            #expect(
                deletion.replacing(["data", "personalDataDeletionTask", "submissionDate"], with: .string("D"))
                    == expectedDeletion)
        }
    }
}

import Foundation
import PrivacyAPISimulator
import Testing

/// Any valid document works, and an invalid one gets the engine's own errors.
@Suite struct GraphQLEngineTests {
    @Test func variablesAliasesFragmentsAndOperationName() async throws {
        try await withSimulator { sim in
            let start = try await sim.graphQL(
                """
                mutation Other { startPersonalDataRetrievalTask(input: {dataSubject: {type: SHOPPER, email: "x@y.co"}}) { taskId } }
                mutation Start($input: StartPersonalDataDeletionTaskInput!) { made: startPersonalDataDeletionTask(input: $input) { taskId } }
                """,
                variables:
                    #"{"input":{"dataSubject":{"type":"SHOPPER","email":"jane@example.com"},"holdingPeriod":3,"reason":"gdpr"}}"#,
                operationName: "Start"
            ).json()
            let id = try #require(start["data"]?["made"]?["taskId"]?.string)
            #expect(try await sim.inspectTasks().count == 1)
            let query = try await sim.graphQL(
                """
                query Q($id: String!) { first: personalDataDeletionTask(taskId: $id) { ...Parts } }
                fragment Parts on PersonalDataDeletionTask { taskId holdingPeriod dataSubject { email } }
                """, variables: "{\"id\":\"\(id)\"}"
            ).json()
            #expect(
                query
                    == (try JSON.parse(
                        "{\"data\":{\"first\":{\"taskId\":\"\(id)\",\"holdingPeriod\":3,\"dataSubject\":{\"email\":\"jane@example.com\"}}}}"
                    )))
        }
    }

    @Test func aliasedErrorsUseTheAliasInPathAndData() async throws {
        try await withSimulator { sim in
            let json = try await sim.graphQL(
                #"mutation { x: startPersonalDataDeletionTask(input: {holdingPeriod: 999, dataSubject: {type: SHOPPER, email: "a@b.co"}}) { taskId } }"#
            ).json()
            #expect(json["errors"]?[0]?["path"] == .array([.string("x")]))
            #expect(json["data"] == .object(["x": .null]))
        }
    }

    @Test func introspectionDescribesTheContract() async throws {
        try await withSimulator { sim in
            let json = try await sim.graphQL(
                """
                { deletion: __type(name: "PersonalDataDeletionTask") { fields { name type { kind name ofType { name } } } }
                  input: __type(name: "DataSubjectInput") { inputFields { name type { kind name } } } }
                """
            ).json()
            let fields = try #require(json["data"]?["deletion"]?["fields"]?.array)
            let byName = Dictionary(
                uniqueKeysWithValues: fields.map { ($0["name"]?.string ?? "", $0["type"] ?? .null) })
            #expect(byName["taskId"]?["kind"] == .string("NON_NULL"))
            #expect(byName["taskId"]?["ofType"]?["name"] == .string("ID"))
            #expect(byName["holdingPeriod"]?["name"] == .string("Int"))
            #expect(byName["errors"]?["kind"] == .string("LIST"))
            let inputs = try #require(json["data"]?["input"]?["inputFields"]?.array)
            let email = inputs.first { $0["name"] == .string("email") }
            #expect(email?["type"]?["kind"] == .string("SCALAR"))
        }
    }

    @Test func invalidDocumentsGetEngineErrors() async throws {
        try await withSimulator { sim in
            let unknownField = try await sim.graphQL("{ nope }")
            #expect(unknownField.status == 200)
            let json = try unknownField.json()
            #expect(json["errors"]?[0]?["message"]?.string?.contains("nope") == true)
            #expect(json["data"] == nil)
            let syntax = try await sim.graphQL("mutation {").json()
            #expect(syntax["errors"]?[0]?["message"]?.string?.contains("Syntax Error") == true)
            let wrongType = try await sim.graphQL(
                #"mutation { startPersonalDataDeletionTask(input: {holdingPeriod: "x", dataSubject: {type: SHOPPER, email: "a@b.co"}}) { taskId } }"#
            ).json()
            #expect(wrongType["errors"]?.array?.isEmpty == false)
            #expect(try await sim.inspectTasks().isEmpty)
        }
    }
}

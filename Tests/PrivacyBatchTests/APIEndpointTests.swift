import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchAPI
@testable import PrivacyBatchCore

@Suite struct APIEndpointTests {
    @Test func acceptsHTTPSAndDropsGraphQLSuffix() throws {
        let endpoint = try APIEndpoint("https://api.buywithprime.amazon.com/graphql/")
        #expect(endpoint.baseURL == "https://api.buywithprime.amazon.com")
        #expect(endpoint.graphqlURL == "https://api.buywithprime.amazon.com/graphql")
        #expect(endpoint.tokenURL == "https://api.buywithprime.amazon.com/token")
        #expect(!endpoint.isLoopback)
    }

    @Test func oneEndpointHasOneForm() throws {
        for text in ["HTTPS://API.Example.com:443/", "https://api.example.com", "https://api.EXAMPLE.com/graphql"] {
            #expect(try APIEndpoint(text).baseURL == "https://api.example.com")
        }
        #expect(
            try APIEndpoint("https://Api.Example.com:8443/Prefix/").baseURL == "https://api.example.com:8443/Prefix")
        #expect(try APIEndpoint("http://[::1]:9").baseURL == "http://[::1]:9")
        #expect(try APIEndpoint("http://LOCALHOST:80").baseURL == "http://localhost")
        #expect(APIEndpoint.same("https://API.example.com", "https://api.example.com:443"))
        #expect(!APIEndpoint.same("https://api.example.com", nil))
        #expect(APIEndpoint.same(nil, nil))
    }

    @Test(arguments: ["http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9"])
    func acceptsPlainHTTPOnLoopback(_ text: String) throws {
        #expect(try APIEndpoint(text).isLoopback)
    }

    @Test(arguments: ["http://api.example.com", "http://10.0.0.5:80", "ftp://example.com", "not a url"])
    func refusesEverythingElse(_ text: String) {
        #expect(throws: ConfigurationError.self) { try APIEndpoint(text) }
    }

    @Test(arguments: [
        "http://127.attacker.example", "http://127.0.0.1.nip.io", "http://localhost.example.com",
        "http://0x7f.0.0.1", "http://[::ffff:10.0.0.1]", "http://127.1",
    ])
    func loopbackMeansLiteralsOnly(_ text: String) {
        #expect(throws: ConfigurationError.self) { try APIEndpoint(text) }
    }

    @Test(arguments: ["http://127.8.9.10:1", "http://[0:0:0:0:0:0:0:1]:2", "http://LOCALHOST:3"])
    func everyLoopbackLiteralIsLoopback(_ text: String) throws {
        #expect(try APIEndpoint(text).isLoopback)
    }

    @Test(arguments: [
        "https://user:hunter2@api.example.com", "https://hunter2@api.example.com",
        "https://api.example.com/?key=hunter2", "https://api.example.com/graphql?token=hunter2",
        "https://api.example.com/#hunter2",
    ])
    func refusesCredentialsAndQueriesWithoutRepeatingThem(_ text: String) {
        let error = #expect(throws: ConfigurationError.self) { try APIEndpoint(text) }
        #expect(error?.message.contains("hunter2") == false)
    }

    @Test func environmentNeedsCredentialsAndTarget() throws {
        let endpoint = try APIEndpoint("https://api.example.com")
        #expect(throws: ConfigurationError.self) {
            try APIConfiguration.fromEnvironment(["BWP_TARGET_ID": "t"], endpoint: endpoint)
        }
        #expect(throws: ConfigurationError.self) {
            try APIConfiguration.fromEnvironment(["BWP_ACCESS_TOKEN": "x"], endpoint: endpoint)
        }
        let configuration = try APIConfiguration.fromEnvironment(
            ["BWP_CLIENT_ID": "id", "BWP_CLIENT_SECRET": "secret", "BWP_TARGET_ID": "t"],
            endpoint: endpoint
        )
        #expect(configuration.apiVersion == "2024-11-01")
        #expect(configuration.targetID == "t")
    }
}

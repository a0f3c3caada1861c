import AsyncHTTPClient
import Foundation
import TestSupport
import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchAPI
@testable import PrivacyBatchCore

/// Hostile archive links: other schemes, plain http off loopback, redirects, endless bodies, planted links.
@Suite(.timeLimit(.minutes(1))) struct ArchiveDownloadTests {
    func code(_ failure: APIFailure?) -> String? { failure?.code }

    @Test(arguments: ["http+unix://%2Ftmp%2Fapi.sock/x.zip", "file:///etc/passwd", "ftp://example.com/x.zip"])
    func refusesOtherSchemes(_ link: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await HTTPConfigurationTests.withClient(baseURL: "http://127.0.0.1:9") { client in
            let failure = await #expect(throws: APIFailure.self) {
                _ = try await client.download(link: link, to: directory.file("a.zip"))
            }
            #expect(code(failure) == "UNSAFE_LINK")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.file("a.zip")))
    }

    @Test func refusesPlainHTTPWhenTheEndpointIsNotLoopback() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await HostileServer.with({ _, _ in HostileServer.stream(size: 10) }) { server, url in
            try await HTTPConfigurationTests.withClient(baseURL: "https://api.example.com") { client in
                let failure = await #expect(throws: APIFailure.self) {
                    _ = try await client.download(link: url + "/a.zip", to: directory.file("a.zip"))
                }
                #expect(code(failure) == "UNSAFE_LINK")
            }
            #expect(server.hits.isEmpty)
        }
    }

    @Test func doesNotFollowARedirect() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await HostileServer.with({ _, _ in HostileServer.stream(size: 10) }) { elsewhere, elsewhereURL in
            try await HostileServer.with({ _, _ in HostileServer.redirect(to: elsewhereURL + "/b.zip", status: .found) }
            ) {
                _, url in
                try await HTTPConfigurationTests.withClient(baseURL: url) { client in
                    let failure = await #expect(throws: APIFailure.self) {
                        _ = try await client.download(link: url + "/a.zip", to: directory.file("a.zip"))
                    }
                    #expect(code(failure) == "ARCHIVE_REDIRECT")
                }
            }
            #expect(elsewhere.hits.isEmpty)
        }
        #expect(!FileManager.default.fileExists(atPath: directory.file("a.zip")))
    }

    @Test func cutsOffABodyOverTheCapWhileItStreams() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await HostileServer.with({ _, _ in HostileServer.stream(size: 3 << 20) }) { _, url in
            try await HTTPConfigurationTests.withClient(baseURL: url) { client in
                let failure = await #expect(throws: APIFailure.self) {
                    _ = try await client.download(link: url + "/a.zip", to: directory.file("a.zip"), maxSize: 1 << 20)
                }
                #expect(code(failure) == "ARCHIVE_TOO_LARGE")
                let saved = try await client.download(
                    link: url + "/a.zip", to: directory.file("b.zip"), maxSize: 4 << 20)
                #expect(saved == .saved(size: 3 << 20, sha256: saved.sha256))
            }
        }
        #expect(!FileManager.default.fileExists(atPath: directory.file("a.zip")))
    }

    @Test func neverWritesThroughALinkAtTheDownloadPath() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let target = try directory.write("victim.txt", "keep me\n")
        try FileManager.default.createSymbolicLink(atPath: directory.file("a.zip"), withDestinationPath: target)
        try await HostileServer.with({ _, _ in HostileServer.stream(size: 100) }) { _, url in
            try await HTTPConfigurationTests.withClient(baseURL: url) { client in
                await #expect(throws: APIFailure.self) {
                    _ = try await client.download(link: url + "/a.zip", to: directory.file("a.zip"))
                }
            }
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me\n")
    }
}

extension PrivacyAPIClient.DownloadResult {
    fileprivate var sha256: String {
        if case .saved(_, let digest) = self { return digest }
        return ""
    }
}

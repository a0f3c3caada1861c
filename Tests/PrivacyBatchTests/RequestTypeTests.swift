import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore

@Suite struct RequestTypeTests {
    @Test(arguments: [
        ("deletion", RequestType.deletion), ("DELETION", .deletion), ("Delete", .deletion), ("erasure", .deletion),
        (" deletion\t", .deletion), ("retrieval", .retrieval), ("RETRIEVAL", .retrieval), ("retrieve", .retrieval),
        ("Access", .retrieval),
    ])
    func parsesAcceptedWords(text: String, expected: RequestType) {
        #expect(RequestType(parsing: text) == expected)
    }

    @Test(arguments: ["", "del", "deletions", "retrievals", "retrievaX", "deletio", "remove", "délétion", "deletion1"])
    func rejectsOtherWords(text: String) {
        #expect(RequestType(parsing: text) == nil)
    }
}

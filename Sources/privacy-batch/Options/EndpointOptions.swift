import ArgumentParser
import Foundation
import PrivacyBatch
import PrivacyBatchAPI

/// Which API to talk to: `--endpoint URL`, else `BWP_ENDPOINT`, else the embedded sandbox.
struct EndpointOptions: ParsableArguments {
    @Option(help: "API base URL, e.g. https://api.buywithprime.amazon.com (default: BWP_ENDPOINT, else the sandbox).")
    var endpoint: String?

    /// The real endpoint, or `nil` for the sandbox.
    func resolved(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> APIEndpoint? {
        guard let text = endpoint ?? environment["BWP_ENDPOINT"], !text.isEmpty else { return nil }
        return try APIEndpoint(text)
    }
}

import Foundation
import Hummingbird

extension SimulatorResponder {
    /// `POST /token`: OAuth 2.0 client credentials, form-encoded or with HTTP Basic auth.
    func token(_ request: Request) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: 64 * 1024)
        let form = Self.parseForm(String(buffer: buffer))
        var clientID = form["client_id"]
        var clientSecret = form["client_secret"]
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
            let pair = String(data: decoded, encoding: .utf8), let colon = pair.firstIndex(of: ":")
        {
            clientID = String(pair[..<colon])
            clientSecret = String(pair[pair.index(after: colon)...])
        }
        guard form["grant_type"] == "client_credentials" else {
            return Self.json(.object([("error", .string("unsupported_grant_type"))]), status: .badRequest)
        }
        guard let clientID, let clientSecret,
            let issued = services.tokens.issue(clientID: clientID, clientSecret: clientSecret)
        else {
            return Self.json(
                .object([("error", .string("invalid_client"))]), status: .unauthorized,
                headers: [.wwwAuthenticate: "Basic"])
        }
        return Self.json(
            .object([
                ("access_token", .string(issued.token)),
                ("token_type", .string("bearer")),
                ("expires_in", .int(issued.expiresIn)),
            ]), headers: [.cacheControl: "no-store"])
    }

    static func parseForm(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode: (Substring) -> String = {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}

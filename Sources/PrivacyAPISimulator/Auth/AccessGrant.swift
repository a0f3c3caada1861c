import Foundation

/// What a bearer token stands for.
struct AccessGrant: Sendable {
    var clientID: String
    var hasPrivacyScope: Bool
    var expiresAt: Date
}

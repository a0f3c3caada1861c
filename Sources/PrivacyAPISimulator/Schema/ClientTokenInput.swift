/// `input ClientTokenInput { token: String }`, the idempotency key.
struct ClientTokenInput: Codable, Sendable {
    var token: String?
}

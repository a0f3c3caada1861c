import Foundation

/// What a clientToken was first used for, so a repeat can be answered or refused.
struct IdempotencyRecord: Sendable, Equatable {
    var clientToken: String
    var fingerprint: String
    var taskID: String
    var createdAt: Date
}

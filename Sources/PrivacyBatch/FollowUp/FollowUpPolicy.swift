import Foundation

/// What a `follow-up` pass does when: open-order failures are sent again and when
/// they are given up.
public struct FollowUpPolicy: Sendable {
    /// How long after an open-order failure was seen the deletion is sent again (`--reopen-after`, 7 days).
    public var reopenAfter: TimeInterval
    /// How long after its first attempt an open-order failure is given up (`--give-up-after`, 90 days).
    public var giveUpAfter: TimeInterval

    /// The defaults: reopen a week after the failure, give up 90 days after the first attempt.
    public static let defaultReopenAfter: TimeInterval = 7 * 86_400
    /// See ``defaultReopenAfter``.
    public static let defaultGiveUpAfter: TimeInterval = 90 * 86_400

    /// Creates a policy.
    public init(
        reopenAfter: TimeInterval = Self.defaultReopenAfter,
        giveUpAfter: TimeInterval = Self.defaultGiveUpAfter
    ) {
        self.reopenAfter = reopenAfter
        self.giveUpAfter = giveUpAfter
    }
}

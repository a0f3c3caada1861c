import AgeEncryption
import Foundation
import PrivacyBatchCore
import PrivacyBatchLedger

/// What a `follow-up` pass does when: open-order failures are sent again and when
/// they are given up.
public struct FollowUpPolicy: Sendable {
    /// How long after an open-order failure was seen the deletion is sent again (`--reopen-after`, 7 days).
    public var reopenAfter: TimeInterval
    /// How long after its first attempt an open-order failure is given up (`--give-up-after`, 90 days).
    public var giveUpAfter: TimeInterval

    /// How long a saved archive is kept once it was handed over (`--keep-archives`, 30 days after its download).
    public var keepArchives: TimeInterval
    /// How archives are kept: encrypted to these recipients, or plain zips when `plaintextArchives`, or plain in the
    /// sandbox; a real endpoint's archives are not downloaded without one or the other.
    public var recipients: [AgeRecipient] = []
    /// Keep a real endpoint's archives as plain zips (`--plaintext-archives`).
    public var plaintextArchives = false
    /// How long finished rows keep their values, over what each run recorded (`--retain-pii`); `nil` keeps it.
    public var retainPII: PolicyDuration?
    /// How long rows that need a person keep their values at most, over the run's (`--retain-pii-max`).
    public var retainPIIMax: PolicyDuration?

    /// The defaults: reopen a week after the failure, give up 90 days after the first attempt.
    public static let defaultReopenAfter: TimeInterval = 7 * 86_400
    /// See ``defaultReopenAfter``.
    public static let defaultGiveUpAfter: TimeInterval = 90 * 86_400
    /// See ``keepArchives``.
    public static let defaultKeepArchives: TimeInterval = 30 * 86_400

    /// Creates a policy.
    public init(
        reopenAfter: TimeInterval = Self.defaultReopenAfter,
        giveUpAfter: TimeInterval = Self.defaultGiveUpAfter,
        keepArchives: TimeInterval = Self.defaultKeepArchives
    ) {
        self.keepArchives = keepArchives
        self.reopenAfter = reopenAfter
        self.giveUpAfter = giveUpAfter
    }

    /// How `record`'s archives are kept, or `nil` when they may not be downloaded: a real endpoint's need
    /// recipients or an explicit `--plaintext-archives`.
    public func archiveProtection(for record: RunRecord) -> ArchiveProtection? {
        ArchiveProtection.chosen(for: record, recipients: recipients, plaintextAllowed: plaintextArchives)
    }
}

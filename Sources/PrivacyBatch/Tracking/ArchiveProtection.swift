import AgeEncryption
import PrivacyBatchLedger

/// How retrieval archives are kept on disk: encrypted to age recipients (`row-N.zip.age`), or, when asked for
/// explicitly or in the sandbox, as plain zips (`row-N.zip`).
public enum ArchiveProtection: Sendable, Equatable {
    /// Plain zip files.
    case plaintext
    /// age files (X25519) that only the holders of these recipients' identities can open.
    case encrypted([AgeRecipient])

    /// How `record`'s archives are kept: encrypted to `recipients` when there are any, else plain when
    /// `plaintextAllowed` or in the sandbox; `nil` for a real endpoint's archives with neither (not downloaded).
    public static func chosen(
        for record: RunRecord, recipients: [AgeRecipient], plaintextAllowed: Bool
    ) -> ArchiveProtection? {
        if !recipients.isEmpty { return .encrypted(recipients) }
        return plaintextAllowed || record.isSandbox ? .plaintext : nil
    }

    /// The file name of row `row`'s archive.
    public func fileName(row: Int) -> String {
        switch self {
        case .plaintext: "row-\(row).zip"
        case .encrypted: "row-\(row).zip.age"
        }
    }
}

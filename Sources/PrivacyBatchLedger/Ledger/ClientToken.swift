import Crypto
import Foundation
import PrivacyBatchCore

/// Derives the idempotency key of a row's start request.
///
/// The key depends only on the normalised request — target id, type, lower-cased email and, for a deletion,
/// its holding period and reason — and on its generation. So a request whose answer was lost (crash,
/// dropped connection, timeout) is sent again with the same key, and so is the same request from an edited
/// file, another run name or an overlapping file: within the API's 8-hour idempotency window the API
/// answers with the original task instead of creating a second one. The ``RequestIndex`` protects beyond it.
///
/// The generation is the task id a deliberate resubmission follows (the earlier task FAILED or was
/// CANCELLED), so that resubmission gets a key of its own and a new task. Rows keep the token they were
/// stored with: ledgers written before this scheme keep their file-derived (`v1`) tokens.
///
/// With a record key (`v3`, every run since keyed hashes) the token is a keyed hash too: a token stays in the ledger
/// and the audit log after the email is gone, and a plain hash of the address could be recomputed from a list of
/// candidate addresses. Without one (`v2`) it is a plain SHA-256, as ledgers from before keep.
public enum ClientToken {
    /// The key of `request` sent in `scope`, following the earlier task `generation` when there is one, keyed
    /// with `key` when given.
    public static func derive(
        _ request: PrivacyRequest, scope: RequestScope, generation: String?, key: RecordKey? = nil
    ) -> String {
        var parts = [
            key == nil ? "privacy-batch/v2" : "privacy-batch/v3", scope.targetID, request.type.rawValue,
            RequestKey.normalised(request.email),
        ]
        if request.type == .deletion {
            parts += [request.holdingPeriod.map(String.init) ?? "-", request.reason ?? "-"]
        }
        parts.append(generation ?? "-")
        // The unit separator cannot occur in a validated cell, so no two requests join to the same text.
        let text = parts.joined(separator: "\u{1F}")
        guard let key else { return uuid(of: Array(SHA256.hash(data: Data(text.utf8)))) }
        return uuid(of: key.authenticationCode(of: text))
    }

    /// The file-derived key of ledgers written before request-derived keys; kept to document their tokens.
    public static func derive(inputSHA256: String, row: Int, type: RequestType) -> String {
        uuid(of: Array(SHA256.hash(data: Data("privacy-batch/v1|\(inputSHA256)|\(row)|\(type.rawValue)".utf8))))
    }

    /// A UUID-formatted key (36 characters, within the API's 36–64) from the first 16 bytes of `digest`.
    private static func uuid(of digest: [UInt8]) -> String {
        var bytes = Array(digest.prefix(16))
        // Mark it as an RFC 9562 version-8 (custom) UUID with the RFC variant bits.
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [
            hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4),
            hex.dropFirst(20),
        ]
        return parts.joined(separator: "-")
    }
}

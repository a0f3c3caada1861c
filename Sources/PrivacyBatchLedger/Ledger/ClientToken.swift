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
public enum ClientToken {
    /// The key of `request` sent in `scope`, following the earlier task `generation` when there is one.
    public static func derive(_ request: PrivacyRequest, scope: RequestScope, generation: String?) -> String {
        var parts = ["privacy-batch/v2", scope.targetID, request.type.rawValue, RequestKey.normalised(request.email)]
        if request.type == .deletion {
            parts += [request.holdingPeriod.map(String.init) ?? "-", request.reason ?? "-"]
        }
        parts.append(generation ?? "-")
        // The unit separator cannot occur in a validated cell, so no two requests join to the same text.
        return uuid(of: parts.joined(separator: "\u{1F}"))
    }

    /// The file-derived key of ledgers written before request-derived keys; kept to document their tokens.
    public static func derive(inputSHA256: String, row: Int, type: RequestType) -> String {
        uuid(of: "privacy-batch/v1|\(inputSHA256)|\(row)|\(type.rawValue)")
    }

    /// A UUID-formatted key (36 characters, within the API's 36–64) hashed from `text`.
    private static func uuid(of text: String) -> String {
        let digest = SHA256.hash(data: Data(text.utf8))
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

import Crypto
import Foundation

/// Derives the idempotency key of a row's start request.
///
/// The key depends only on the input's content, the row number and the request type, so that a request
/// whose answer was lost (crash, dropped connection, timeout) is sent again with the same key and the
/// API answers with the original task instead of creating a second one. The run name is deliberately
/// left out: the same file submitted again under another name within the API's 8-hour idempotency
/// window finds the original tasks rather than duplicating them.
public enum ClientToken {
    /// A UUID-formatted key (36 characters, within the API's 36–64) for one row of one input.
    public static func derive(inputSHA256: String, row: Int, type: RequestType) -> String {
        let digest = SHA256.hash(data: Data("privacy-batch/v1|\(inputSHA256)|\(row)|\(type.rawValue)".utf8))
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

import Crypto
import Foundation
import PrivacyBatchCore

/// The secret behind every keyed hash of a shopper (HMAC-SHA-256): what the record keeps instead of an email.
///
/// A keyed hash lets the tool recognise the same shopper in a later file, and find every row of one shopper for
/// `forget --email` and `evidence --email`, without keeping the address. Without the key the hash cannot be
/// recomputed from a list of candidate addresses, which is why the key never lives in the reports folder of real
/// runs (``RecordKeyring``).
public struct RecordKey: Sendable {
    /// A short public name of the key (16 hex digits), recorded with what was hashed under it, so a lost or
    /// replaced key is noticed instead of silently matching nothing.
    public let id: String
    /// The secret bytes; a `SymmetricKey` is made from them per hash, as it is not `Sendable`.
    private let secret: Data

    /// A key from its 32 secret bytes.
    public init(bytes: some ContiguousBytes) throws(ConfigurationError) {
        let count = bytes.withUnsafeBytes { $0.count }
        guard count == Self.byteCount else {
            throw ConfigurationError("a record key has \(Self.byteCount) bytes, not \(count)")
        }
        secret = bytes.withUnsafeBytes { Data($0) }
        let name = HMAC<SHA256>.authenticationCode(
            for: Data("privacy-batch/record-key-id/v1".utf8), using: SymmetricKey(data: secret))
        id = Data(name).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// A new random key.
    public static func generate() -> RecordKey {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        // 32 random bytes are always a valid key.
        guard let key = try? RecordKey(bytes: bytes) else { preconditionFailure("a 256-bit key has 32 bytes") }
        return key
    }

    /// The number of secret bytes.
    public static let byteCount = 32

    /// The keyed hash of a shopper's email: lower-case hex HMAC-SHA-256 of the address as requests compare it
    /// (trimmed, lower-cased), under a domain label so the key serves no other purpose by accident.
    public func subject(of email: String) -> String {
        let normalised = email.trimmingCharacters(in: .whitespaces).lowercased()
        var message = Data("privacy-batch/subject/v1\u{1F}".utf8)
        message.append(contentsOf: normalised.utf8)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))
        return Data(code).map { String(format: "%02x", $0) }.joined()
    }

    /// HMAC-SHA-256 of `text` under the key, for other keyed values of the record (client tokens).
    func authenticationCode(of text: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: secret)))
    }

    /// The secret as the key file holds it: 64 lower-case hex digits.
    var hexadecimal: String {
        secret.map { String(format: "%02x", $0) }.joined()
    }
}

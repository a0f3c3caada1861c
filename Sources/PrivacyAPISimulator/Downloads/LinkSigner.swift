import Crypto
import Foundation

/// Pre-signs retrieval links with a per-process HMAC key, the way S3 pre-signed URLs behave.
struct LinkSigner: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Raw bytes, because `SymmetricKey` is not `Sendable`; a fresh random key per process.
    private let keyBytes: [UInt8] = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }

    /// Never the key: a dump of the server's configuration must not reveal it.
    var description: String { "LinkSigner(key: <redacted>)" }
    var debugDescription: String { description }
    var customMirror: Mirror { Mirror(self, children: [:]) }

    static func path(taskID: String) -> String {
        "/downloads/\(taskID)/data_retrieval.zip"
    }

    func signature(path: String, expires: Int) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("\(path)\n\(expires)".utf8), using: SymmetricKey(data: keyBytes))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    func link(base: String, taskID: String, expires: Int) -> String {
        let path = Self.path(taskID: taskID)
        return "\(base)\(path)?expires=\(expires)&signature=\(signature(path: path, expires: expires))"
    }

    func isValid(path: String, expires: Int, signature candidate: String) -> Bool {
        let expected = Array(signature(path: path, expires: expires).utf8)
        let given = Array(candidate.lowercased().utf8)
        guard expected.count == given.count else { return false }
        // Constant time, as a real verifier would be.
        return zip(expected, given).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Why an age key, header or payload was refused.
public enum AgeError: Error, Equatable, Sendable {
    /// A key string is not valid Bech32.
    case invalidBech32(Bech32Error)
    /// A key string has the wrong prefix, or the right prefix in the wrong case.
    case unexpectedHumanReadablePart(expected: String, found: String)
    /// A key does not hold exactly 32 bytes.
    case invalidKeyLength(Int)
    /// A line of an identity or recipients file (numbered from 1) is neither blank, a `#` comment, nor a key.
    case invalidKeyFileLine(Int)
    /// Encryption was asked for with no recipients.
    case noRecipients
    /// A key file, or a decryptor, has no identities.
    case noIdentities
    /// X25519 gave the all-zero shared secret, meaning a low-order public key or share.
    case invalidSharedSecret
    /// The header breaks the format's rules; the text says which.
    case malformedHeader(String)
    /// The file starts with an age version line other than `age-encryption.org/v1`.
    case unsupportedVersion(String)
    /// The header grew past `AgeDecryptor.maximumHeaderSize` without ending.
    case headerTooLarge
    /// No identity could unwrap the file key from any stanza.
    case noMatchingIdentity
    /// The header's MAC does not match: the header was altered.
    case headerMACMismatch
    /// The file ends before its final chunk.
    case truncated
    /// Bytes follow the final chunk.
    case trailingData
    /// A file with data ends in an empty final chunk, which only an empty file may have.
    case emptyFinalChunk
    /// The payload chunk with this counter (from 0) failed authentication.
    case payloadAuthenticationFailed(chunk: UInt64)
    /// The stream was already finished.
    case streamFinished
    /// The cryptography library failed in a way the format does not explain; the text is its error.
    case cryptographyFailure(String)
}

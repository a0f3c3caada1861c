/// Why a key cannot be loaded.
public enum EvidenceKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text has no single well-formed PEM block.
    case notPEM(String)
    /// A PEM block of another kind, e.g. a public key where the private key is needed.
    case wrongKind(expected: String, found: String)
    /// A password-protected private key; the tool reads only unencrypted PKCS#8.
    case encrypted
    /// A key for another algorithm (RSA, EC, X25519, …).
    case notEd25519(algorithm: String)
    /// The PEM body is not the strict DER structure the format requires.
    case invalidDER(String)

    /// What is wrong and what is expected instead.
    public var description: String {
        switch self {
        case .notPEM(let detail):
            "not a PEM key: \(detail)"
        case .wrongKind(let expected, let found):
            "expected a PEM \"\(expected)\" block, found \"\(found)\""
        case .encrypted:
            "the private key is encrypted; export it unencrypted (openssl pkey -in KEY -out PLAIN.pem)"
        case .notEd25519(let algorithm):
            "not an Ed25519 key (\(algorithm)); create one with: openssl genpkey -algorithm ed25519 -out key.pem"
        case .invalidDER(let detail):
            "the key's DER encoding is invalid: \(detail)"
        }
    }
}

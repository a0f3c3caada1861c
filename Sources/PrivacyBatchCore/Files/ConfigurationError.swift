/// A bad flag, environment variable or credential, found before any request is sent.
///
/// The message says what is wrong and what to do about it; it never holds a secret.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What is wrong and how to fix it.
    public let message: String

    /// Creates an error with a message that says what to fix.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

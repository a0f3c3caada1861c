import Foundation

/// An email as a person may still read it once the address is gone: its first character, `•••`, and the domain
/// (`a•••@example.com`), enough to recognise a ticket's shopper, not enough to write to them.
public enum MaskedEmail {
    /// The masked form of `email` (trimmed): `a•••@example.com`; text without an `@` keeps its first character only;
    /// an empty cell stays empty.
    public static func mask(_ email: String) -> String {
        let trimmed = email.trimmingCharacters(in: .whitespaces)
        guard let first = trimmed.first else { return "" }
        guard let at = trimmed.lastIndex(of: "@") else { return "\(first)•••" }
        let domain = trimmed[trimmed.index(after: at)...]
        return at == trimmed.startIndex ? "•••@\(domain)" : "\(first)•••@\(domain)"
    }
}

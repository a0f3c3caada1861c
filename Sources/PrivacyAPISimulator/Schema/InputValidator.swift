/// The JSON-schema style checks of the start mutations, producing the seeds' messages.
///
/// Order of issues when several apply: holdingPeriod, dataSubject/email, clientToken/token.
enum InputValidator {
    static func issues(
        kind: TaskKind, dataSubject: DataSubjectInput, holdingPeriod: Int?, clientToken: ClientTokenInput?
    ) -> [String] {
        let prefix = "/\(kind.mutationName)/input"
        var issues: [String] = []
        if let holdingPeriod {
            if holdingPeriod > 180 { issues.append("\(prefix)/holdingPeriod must be less than or equal to 180") }
            if holdingPeriod < 0 { issues.append("\(prefix)/holdingPeriod must be greater than or equal to 0") }
        }
        if let email = dataSubject.email, !isValidEmail(email) {
            issues.append("\(prefix)/dataSubject/email must match \"\(emailPattern)\"")
        }
        if let token = clientToken?.token {
            if token.count < 36 { issues.append("\(prefix)/clientToken/token must be at least 36 characters long") }
            if token.count > 64 { issues.append("\(prefix)/clientToken/token must be at most 64 characters long") }
        }
        return issues
    }

    static let emailPattern = "^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+[.][a-zA-Z]{2,}$"

    /// Equivalent to `emailPattern`: the TLD after the last dot must be 2+ letters, since letters contain no dot.
    static func isValidEmail(_ email: String) -> Bool {
        let bytes = Array(email.utf8)
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0 else { return false }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard local.allSatisfy(isLocalByte), domain.allSatisfy(isDomainByte),
            let dot = domain.lastIndex(of: UInt8(ascii: ".")), dot > domain.startIndex
        else { return false }
        let tld = domain[(dot + 1)...]
        return tld.count >= 2 && tld.allSatisfy(isLetter)
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    private static func isLocalByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || "._%+-".utf8.contains(byte)
    }

    private static func isDomainByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }
}

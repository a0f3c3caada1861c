extension EmailPattern {
    /// What is wrong with bytes that do not match the pattern, said without quoting them: messages
    /// reach logs and terminals, and an address is personal data.
    ///
    /// The checks run in the order a person would fix them: a display name around the address, then
    /// whitespace inside, then the `@`, then each side of it.
    static func diagnosis(_ span: Span<UInt8>) -> String {
        // Only invalid addresses get here, so copying them for the collection algorithms costs nothing.
        let bytes = ASCII.array(span)
        let expected = " (expected the form name@example.com)"
        if let open = bytes.firstIndex(of: 0x3C), let close = bytes.lastIndex(of: 0x3E), open < close {
            let between = bytes[(open + 1)..<close]
            let inside = between.span
            if matches(inside.extracting(ASCII.trimmedRange(inside))) {
                return
                    "email is in display-name form (\"Name <address>\"); keep only the address between "
                    + "< and > in the cell"
            }
            return "email has < > around text that is not an address either" + expected
        }
        if bytes.contains(where: { $0 == ASCII.space || $0 == ASCII.tab })
            || containsNoBreakSpace(bytes)
        {
            return "email has whitespace inside it; an address has none" + expected
        }
        let ats = bytes.filter { $0 == 0x40 }.count
        if ats == 0 { return "email has no @" + expected }
        if ats > 1 { return "email has \(ats) @ signs; an address has exactly one" + expected }
        guard let at = bytes.firstIndex(of: 0x40) else { return "email has no @" + expected }
        let local = bytes[..<at]
        let domain = Array(bytes[(at + 1)...])
        if local.isEmpty { return "email has nothing before the @" + expected }
        if domain.isEmpty { return "email has nothing after the @" + expected }
        if !local.allSatisfy(isLocal) {
            return
                "email has a character before the @ that the API does not accept "
                + "(letters, digits and . _ % + - only)"
        }
        if !domain.allSatisfy(isDomain) {
            return "email's domain has a character the API does not accept (letters, digits, . and - only)"
        }
        guard let lastDot = domain.lastIndex(of: 0x2E) else {
            return "email's domain has no top-level domain such as .com after the @" + expected
        }
        let tail = domain[(lastDot + 1)...]
        if lastDot == 0 { return "email's domain starts with a dot" + expected }
        if tail.count < 2 || !tail.allSatisfy(isLetter) {
            return "email's top-level domain (after the last dot) must be two or more letters" + expected
        }
        return "email is not a valid address" + expected
    }

    /// Whether the bytes hold U+00A0 (C2 A0 in UTF-8), which spreadsheets paste in from web pages.
    private static func containsNoBreakSpace(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 2 else { return false }
        for index in 0..<(bytes.count - 1) where bytes[index] == 0xC2 && bytes[index + 1] == 0xA0 {
            return true
        }
        return false
    }
}

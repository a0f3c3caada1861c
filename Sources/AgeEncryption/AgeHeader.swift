import Crypto

/// The text header of an age file: version line, recipient stanzas, and the MAC line.
struct AgeHeader: Sendable {
    var stanzas: [AgeStanza]
    /// The MAC found when parsing; empty for a header being written.
    var mac: [UInt8] = []
    /// How many leading bytes of the parsed header the MAC covers (through `---`).
    var macInputLength = 0

    init(stanzas: [AgeStanza]) {
        self.stanzas = stanzas
    }

    /// The header bytes the MAC covers: everything up to and including `---`.
    var macInput: [UInt8] {
        var output = AgeFormat.versionLine
        output.append(UInt8(ascii: "\n"))
        for stanza in stanzas {
            output += stanza.encoded
        }
        output += AgeFormat.macLinePrefix
        return output
    }

    func encoded(fileKey: [UInt8]) -> [UInt8] {
        let input = macInput
        let code = HMAC<SHA256>.authenticationCode(for: input, using: AgeFormat.headerMACKey(fileKey: fileKey))
        return input + Array(" \(AgeBase64.encode(Array(code)))\n".utf8)
    }

    func verifyMAC(of bytes: [UInt8], fileKey: [UInt8]) throws(AgeError) {
        let valid = HMAC<SHA256>.isValidAuthenticationCode(
            mac, authenticating: bytes[..<macInputLength], using: AgeFormat.headerMACKey(fileKey: fileKey))
        guard valid else { throw .headerMACMismatch }
    }

    /// Parses a complete header, ending with the newline of its MAC line.
    ///
    /// Parsing is strict (single spaces, canonical base64, full 64-column body lines) because the MAC covers the
    /// bytes as written, and a lenient reader would accept headers other implementations reject.
    static func parse(_ bytes: [UInt8]) throws(AgeError) -> AgeHeader {
        var lines: [ArraySlice<UInt8>] = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard lines.last?.isEmpty == true else { throw .malformedHeader("header does not end with a newline") }
        lines.removeLast()
        guard let first = lines.first, Array(first) == AgeFormat.versionLine else {
            throw .malformedHeader("missing version line")
        }
        var stanzas: [AgeStanza] = []
        var index = 1
        while index < lines.count {
            let line = lines[index]
            if line.starts(with: AgeFormat.macLinePrefix) {
                guard index == lines.count - 1 else { throw .malformedHeader("data after the MAC line") }
                guard !stanzas.isEmpty else { throw .malformedHeader("no recipient stanzas") }
                var header = AgeHeader(stanzas: stanzas)
                header.mac = try parseMACLine(line)
                header.macInputLength = line.startIndex + AgeFormat.macLinePrefix.count
                return header
            }
            guard line.starts(with: AgeFormat.stanzaPrefix) else { throw .malformedHeader("expected a stanza") }
            let arguments = try parseArguments(line.dropFirst(AgeFormat.stanzaPrefix.count))
            var body: [UInt8] = []
            while true {
                index += 1
                guard index < lines.count else { throw .malformedHeader("stanza body does not end") }
                let bodyLine = lines[index]
                guard bodyLine.count <= AgeFormat.columns, let decoded = AgeBase64.decode(bodyLine) else {
                    throw .malformedHeader("invalid stanza body line")
                }
                body += decoded
                if bodyLine.count < AgeFormat.columns {
                    break
                }
            }
            stanzas.append(AgeStanza(type: arguments[0], arguments: Array(arguments.dropFirst()), body: body))
            index += 1
        }
        throw .malformedHeader("missing MAC line")
    }

    private static func parseArguments(_ text: ArraySlice<UInt8>) throws(AgeError) -> [String] {
        let parts = text.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        var arguments: [String] = []
        for part in parts {
            guard !part.isEmpty, part.allSatisfy({ (0x21...0x7e).contains($0) }) else {
                throw .malformedHeader("invalid stanza argument")
            }
            arguments.append(String(decoding: part, as: UTF8.self))
        }
        guard !arguments.isEmpty else { throw .malformedHeader("stanza without a type") }
        return arguments
    }

    private static func parseMACLine(_ line: ArraySlice<UInt8>) throws(AgeError) -> [UInt8] {
        let rest = line.dropFirst(AgeFormat.macLinePrefix.count)
        guard rest.first == UInt8(ascii: " "), let mac = AgeBase64.decode(rest.dropFirst()), mac.count == 32 else {
            throw .malformedHeader("invalid MAC line")
        }
        return mac
    }
}

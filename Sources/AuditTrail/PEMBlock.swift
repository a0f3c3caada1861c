import Foundation

/// One PEM block (RFC 7468): a label and the DER bytes between `-----BEGIN label-----` and `-----END label-----`.
struct PEMBlock {
    let label: String
    let der: [UInt8]

    /// The single block in `text`; blank lines around it are allowed, other text is not, because a key file
    /// with two blocks or stray content is more likely the wrong file than a key.
    init(parsing text: String) throws(EvidenceKeyError) {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard let begin = lines.firstIndex(where: { !$0.isEmpty }) else { throw .notPEM("the text is empty") }
        let beginLine = lines[begin]
        guard beginLine.hasPrefix("-----BEGIN "), beginLine.hasSuffix("-----"), beginLine.count > 16 else {
            throw .notPEM("it does not start with a -----BEGIN …----- line")
        }
        let label = String(beginLine.dropFirst(11).dropLast(5))
        guard let end = lines[(begin + 1)...].firstIndex(of: "-----END \(label)-----") else {
            throw .notPEM("there is no -----END \(label)----- line")
        }
        guard lines[(end + 1)...].allSatisfy(\.isEmpty) else {
            throw .notPEM("there is more text after the -----END \(label)----- line")
        }
        let body = lines[(begin + 1)..<end].joined()
        guard !body.isEmpty, let data = Data(base64Encoded: body) else { throw .notPEM("the body is not base64") }
        self.label = label
        self.der = [UInt8](data)
    }

    init(label: String, der: [UInt8]) {
        self.label = label
        self.der = der
    }

    /// The block as OpenSSL writes it: 64-character base64 lines and a final newline.
    var text: String {
        let base64 = Array(Data(der).base64EncodedString().utf8)
        var lines = ["-----BEGIN \(label)-----"]
        var start = 0
        while start < base64.count {
            let end = min(start + 64, base64.count)
            lines.append(String(decoding: base64[start..<end], as: UTF8.self))
            start = end
        }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The DER of a block labelled `expected`, explaining blocks of other kinds in terms of keys.
    static func der(from text: String, expected: String) throws(EvidenceKeyError) -> [UInt8] {
        let block = try PEMBlock(parsing: text)
        guard block.label == expected else {
            if block.label == "ENCRYPTED PRIVATE KEY" { throw .encrypted }
            if block.label == "PRIVATE KEY" || block.label == "PUBLIC KEY" {
                throw .wrongKind(expected: expected, found: block.label)
            }
            if block.label.hasSuffix("KEY") || block.label.hasSuffix("PARAMETERS") {
                throw .notEd25519(algorithm: "a PEM \"\(block.label)\" block")
            }
            throw .wrongKind(expected: expected, found: block.label)
        }
        return block.der
    }
}

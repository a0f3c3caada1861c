/// One recipient stanza of an age header: `-> type arguments…` and its base64 body.
struct AgeStanza: Sendable, Equatable {
    var type: String
    var arguments: [String]
    var body: [UInt8]

    /// The stanza as header bytes; the body ends with a line shorter than 64 columns, empty if need be, because
    /// that short line is how a reader knows the body is over.
    var encoded: [UInt8] {
        var output = Array("->".utf8)
        for argument in [type] + arguments {
            output.append(UInt8(ascii: " "))
            output += argument.utf8
        }
        output.append(UInt8(ascii: "\n"))
        let text = Array(AgeBase64.encode(body).utf8)
        var start = 0
        while start + AgeFormat.columns <= text.count {
            output += text[start..<(start + AgeFormat.columns)]
            output.append(UInt8(ascii: "\n"))
            start += AgeFormat.columns
        }
        output += text[start...]
        output.append(UInt8(ascii: "\n"))
        return output
    }
}

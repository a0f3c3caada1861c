/// Bounds on a GraphQL document, checked on its raw text before the (recursive) parser sees it.
///
/// The parser and validator recurse once per nesting level, so a document nested a few thousand levels
/// deep overflowed the stack and killed the process: any local user could stop a running sandbox that way.
/// A scan that counts brackets outside strings and comments is enough to refuse such documents, and the
/// client's own documents are nested 4 levels and hold a few dozen fields.
struct QueryLimits: Sendable {
    /// Deepest nesting of `{`, `(` and `[` allowed.
    var maxDepth = 32
    /// Most brackets (a rough count of selections and arguments) allowed in one document.
    var maxBrackets = 2_000

    /// Why `query` is refused, or `nil` when it is within the limits.
    func problem(with query: String) -> String? {
        var depth = 0
        var deepest = 0
        var brackets = 0
        var inString = false
        var inComment = false
        var escaped = false
        for byte in query.utf8 {
            if inComment {
                if byte == 0x0A || byte == 0x0D { inComment = false }
                continue
            }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "#"): inComment = true
            case UInt8(ascii: "{"), UInt8(ascii: "("), UInt8(ascii: "["):
                depth += 1
                brackets += 1
                deepest = max(deepest, depth)
                if deepest > maxDepth { return "The query is nested deeper than \(maxDepth) levels." }
                if brackets > maxBrackets { return "The query has more than \(maxBrackets) selections and arguments." }
            case UInt8(ascii: "}"), UInt8(ascii: ")"), UInt8(ascii: "]"):
                depth -= 1
            default: break
            }
        }
        return nil
    }
}

/// The few JSON forms evidence is written in, by hand rather than through `JSONEncoder`: evidence is signed, so
/// its bytes must depend on nothing but the values (keys sorted here, no floating point, no platform's choice of
/// escapes), and a million rows are written one line at a time without an encoder per row.
enum EvidenceJSON {
    /// A JSON value already encoded, to place in an object or array.
    struct Value: Sendable, Equatable {
        /// The encoded text.
        let text: String

        /// `null`.
        static let null = Value(text: "null")

        /// A string, or `null` for `nil`.
        static func string(_ value: String?) -> Value {
            guard let value else { return .null }
            return Value(text: quoted(value))
        }

        /// An integer, or `null` for `nil`.
        static func int(_ value: Int?) -> Value {
            value.map { Value(text: String($0)) } ?? .null
        }

        /// A boolean, or `null` for `nil`.
        static func bool(_ value: Bool?) -> Value {
            value.map { Value(text: $0 ? "true" : "false") } ?? .null
        }

        /// An object on one line, its keys sorted.
        static func object(_ fields: [(key: String, value: Value)]) -> Value {
            let sorted = fields.sorted { $0.key < $1.key }
            return Value(text: "{" + sorted.map { quoted($0.key) + ":" + $0.value.text }.joined(separator: ",") + "}")
        }

        /// An object of counts on one line, its keys sorted.
        static func counts(_ counts: [String: Int]) -> Value {
            object(counts.map { (key: $0.key, value: .int($0.value)) })
        }

        /// An array on one line.
        static func array(_ items: [Value]) -> Value {
            Value(text: "[" + items.map(\.text).joined(separator: ",") + "]")
        }
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped, everything else as UTF-8.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{00}"..."\u{1F}", "\u{7F}":
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

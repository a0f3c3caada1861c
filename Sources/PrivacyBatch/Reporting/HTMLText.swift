/// Text made safe for the tool's HTML pages (the run page, the evidence page): file cells and API messages end up
/// there, and must never become markup.
enum HTMLText {
    /// `text` with `& < > " '` as character references.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

import Foundation

/// Request files made up for a test: `count` distinct shoppers, deletions by default.
public enum GeneratedInput {
    /// Writes a request file and returns its path.
    @discardableResult
    public static func write(
        to path: String,
        count: Int,
        type: String = "deletion",
        holdingPeriod: Int = 10,
        prefix: String = "shopper"
    ) throws -> String {
        var text = "email,request_type,holding_period,ticket_id\n"
        for index in 1...count {
            let period = type == "deletion" ? String(holdingPeriod) : ""
            text += "\(prefix).\(index)@example.com,\(type),\(period),T-\(index)\n"
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

import ArgumentParser
import PrivacyBatch

/// Values for rows that do not carry them: `--type`, `--holding-period`, `--reason`.
struct RowDefaultsOptions: ParsableArguments {
    @Option(help: "Request type for rows without a request_type column: deletion or retrieval.")
    var type: RequestTypeArgument?

    @Option(help: "Holding period in days (0-180) for deletions whose holding_period cell is empty (API default: 10).")
    var holdingPeriod: Int?

    @Option(help: "Audit reason for deletions whose reason cell is empty (at most 1,000 characters).")
    var reason: String?

    func validate() throws {
        if let holdingPeriod, !(0...180).contains(holdingPeriod) {
            throw ValidationError("--holding-period must be from 0 to 180 days (got \(holdingPeriod))")
        }
        if let reason, reason.count > 1_000 {
            throw ValidationError("--reason must be at most 1,000 characters (got \(reason.count))")
        }
    }

    var defaults: ValidationDefaults {
        ValidationDefaults(type: type?.requestType, holdingPeriod: holdingPeriod, reason: reason)
    }
}

/// `--type deletion|retrieval`, with the same aliases the CSV column accepts.
struct RequestTypeArgument: ExpressibleByArgument {
    let requestType: RequestType

    init?(argument: String) {
        switch argument.lowercased() {
        case "deletion", "delete", "erasure": requestType = .deletion
        case "retrieval", "retrieve", "access": requestType = .retrieval
        default: return nil
        }
    }

    static var allValueStrings: [String] { ["deletion", "retrieval"] }
}

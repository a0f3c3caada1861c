import Foundation

/// ISO-8601 renderings in the API's shapes, computed by hand so they need no locale or formatter state.
enum SimulatorDateFormat {
    /// "2023-10-31T18:21:15.851865Z": six fractional digits, as in the seeds.
    static func micros(_ date: Date) -> String {
        let totalMicros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down))
        let seconds = floorDiv(totalMicros, 1_000_000)
        let fraction = totalMicros - seconds * 1_000_000
        return civil(seconds) + "." + pad(Int(fraction), 6) + "Z"
    }

    /// "2024-01-12T20:19:34Z": whole seconds, as in EventBridge events.
    static func seconds(_ date: Date) -> String {
        civil(Int64(date.timeIntervalSince1970.rounded(.down))) + "Z"
    }

    private static func civil(_ unixSeconds: Int64) -> String {
        let days = floorDiv(unixSeconds, 86_400)
        let secondOfDay = unixSeconds - days * 86_400
        // Howard Hinnant's days-to-civil algorithm.
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        let hour = secondOfDay / 3600
        let minute = (secondOfDay % 3600) / 60
        let second = secondOfDay % 60
        return "\(pad(Int(year), 4))-\(pad(Int(month), 2))-\(pad(Int(day), 2))T"
            + "\(pad(Int(hour), 2)):\(pad(Int(minute), 2)):\(pad(Int(second), 2))"
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

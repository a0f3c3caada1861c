import ArgumentParser
import PrivacyBatch
import PrivacyBatchCore

/// A duration given on the command line with its unit: `30s`, `15m`, `12h`, `7d` (`0d` means at once).
struct DurationArgument: ExpressibleByArgument, Sendable, Equatable {
    /// The duration as parsed.
    var value: PolicyDuration

    init(_ value: PolicyDuration) {
        self.value = value
    }

    init?(argument: String) {
        guard let value = try? PolicyDuration(parsing: argument) else { return nil }
        self.value = value
    }

    /// Seconds.
    var seconds: Double { value.seconds }

    var defaultValueDescription: String { value.description }
}

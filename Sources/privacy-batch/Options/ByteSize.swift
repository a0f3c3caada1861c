import ArgumentParser

/// A size given on the command line: bytes, or with a `K`, `M` or `G` suffix (powers of 1024), e.g. `512M`.
struct ByteSize: ExpressibleByArgument, Sendable, Equatable {
    /// The size in bytes.
    var bytes: Int

    init(bytes: Int) {
        self.bytes = bytes
    }

    init?(argument: String) {
        var digits = Substring(argument.uppercased())
        var unit = 1
        if let last = digits.last, let scale = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30][last] {
            unit = scale
            digits = digits.dropLast()
        }
        if digits.hasSuffix("I") || digits.hasSuffix("B") { return nil }
        guard let value = Int(digits), value > 0, value <= Int.max / unit else { return nil }
        bytes = value * unit
    }

    var defaultValueDescription: String {
        bytes % (1 << 30) == 0 ? "\(bytes >> 30)G" : bytes % (1 << 20) == 0 ? "\(bytes >> 20)M" : "\(bytes)"
    }
}

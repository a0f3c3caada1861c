import Foundation

/// Who exists and who has open orders: the CSV overrides, everyone else follows the email rule.
struct ShopperDirectory: Sendable {
    struct Shopper: Sendable, Equatable {
        var exists: Bool
        var openOrders: Bool
        /// Simulated days after the shopper's first deletion task until the open orders close; `nil` while
        /// `openOrders` means they never close.
        var ordersCloseAfterDays: Double? = nil
    }

    /// The end a new task is bound for, decided when it is submitted.
    enum Fate: Sendable, Equatable {
        /// Nothing stands in the way.
        case succeeds
        /// It will end FAILED for this reason.
        case fails(TaskFailure)
        /// Orders stay open until this many simulated days after the shopper's first deletion task: a deletion
        /// submitted before then fails with `ORDERS_NOT_CLOSED`, one submitted after succeeds.
        case ordersOpenFor(days: Double)
    }

    private var overrides: [String: Shopper] = [:]

    init() {}

    /// Reads `email,exists,open_orders[,orders_close_after_days]`; a header row is optional, booleans are
    /// true/false/1/0/yes/no, the fourth column (when present and not empty) a number of simulated days.
    init(csvPath path: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SimulatorError.shoppersFile(
                path: path, reason: "cannot read the file (\(error.localizedDescription))")
        }
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
            if index == 0, fields.first?.lowercased() == "email" { continue }
            guard fields.count == 3 || fields.count == 4, !fields[0].isEmpty else {
                throw SimulatorError.shoppersFile(
                    path: path,
                    reason:
                        "line \(index + 1): expected 3 or 4 fields email,exists,open_orders[,orders_close_after_days]")
            }
            guard let exists = Self.parseBool(fields[1]), let open = Self.parseBool(fields[2]) else {
                throw SimulatorError.shoppersFile(
                    path: path, reason: "line \(index + 1): exists and open_orders must be true/false/1/0/yes/no")
            }
            var closeAfter: Double?
            if fields.count == 4, !fields[3].isEmpty {
                guard let days = Double(fields[3]), days >= 0, days.isFinite else {
                    throw SimulatorError.shoppersFile(
                        path: path, reason: "line \(index + 1): orders_close_after_days must be a number of days ≥ 0")
                }
                closeAfter = days
            }
            overrides[fields[0].lowercased()] = Shopper(
                exists: exists, openOrders: open, ordersCloseAfterDays: closeAfter)
        }
    }

    private static func parseBool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "1", "yes": true
        case "false", "0", "no": false
        default: nil
        }
    }

    func shopper(email: String) -> Shopper {
        if let known = overrides[email.lowercased()] { return known }
        let local = email.split(separator: "@", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        if local.contains("not-found") { return Shopper(exists: false, openOrders: false) }
        return Shopper(
            exists: true, openOrders: local.contains("open-orders"), ordersCloseAfterDays: Self.closingDays(in: local))
    }

    /// N from `open-orders-Nd` in a local part (`open-orders-3d.kim` → 3), or `nil`.
    static func closingDays(in local: String) -> Double? {
        guard let marker = local.range(of: "open-orders-") else { return nil }
        let digits = local[marker.upperBound...].prefix(while: \.isNumber)
        guard !digits.isEmpty, local[marker.upperBound...].dropFirst(digits.count).first == "d" else { return nil }
        return Double(digits)
    }

    /// The end a new task is bound for; open orders only block deletions.
    func fate(for kind: TaskKind, email: String) -> Fate {
        let shopper = shopper(email: email)
        if !shopper.exists { return .fails(.dataSubjectNotFound) }
        guard kind == .deletion, shopper.openOrders else { return .succeeds }
        return shopper.ordersCloseAfterDays.map { .ordersOpenFor(days: $0) } ?? .fails(.ordersNotClosed)
    }
}

import Foundation

/// Who exists and who has open orders: the CSV overrides, everyone else follows the email rule.
struct ShopperDirectory: Sendable {
    struct Shopper: Sendable, Equatable {
        var exists: Bool
        var openOrders: Bool
    }

    private var overrides: [String: Shopper] = [:]

    init() {}

    /// Reads `email,exists,open_orders`; a header row is optional, booleans are true/false/1/0/yes/no.
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
            guard fields.count == 3, !fields[0].isEmpty else {
                throw SimulatorError.shoppersFile(
                    path: path, reason: "line \(index + 1): expected 3 fields email,exists,open_orders")
            }
            guard let exists = Self.parseBool(fields[1]), let open = Self.parseBool(fields[2]) else {
                throw SimulatorError.shoppersFile(
                    path: path, reason: "line \(index + 1): exists and open_orders must be true/false/1/0/yes/no")
            }
            overrides[fields[0].lowercased()] = Shopper(exists: exists, openOrders: open)
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
        return Shopper(exists: true, openOrders: local.contains("open-orders"))
    }

    /// The end a new task is bound for; open orders only block deletions.
    func failure(for kind: TaskKind, email: String) -> TaskFailure? {
        let shopper = shopper(email: email)
        if !shopper.exists { return .dataSubjectNotFound }
        if kind == .deletion, shopper.openOrders { return .ordersNotClosed }
        return nil
    }
}

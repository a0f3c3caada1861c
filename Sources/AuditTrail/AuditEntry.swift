import Crypto
import Foundation
import PrivacyBatchCore

/// One line of `audit.jsonl`.
///
/// The line format is compact JSON with the members in this order:
/// `{"seq":N,"at":"YYYY-MM-DDTHH:MM:SS.mmmZ","event":"…",<fields in the given order>,"prev":"<64 hex>"}`.
/// `prev` comes last so that a reader of the raw file sees what happened first and the link at the end.
/// Readers accept the keys in any order; only the bytes as written are hashed.
public struct AuditEntry: Sendable, Hashable {
    /// Position in the log, from 1, without gaps.
    public var seq: Int
    /// When the entry was made, exactly as written (UTC, milliseconds).
    public var at: String
    /// What happened.
    public var event: String
    /// The event's own members, in line order; never one of the four reserved keys.
    public var fields: [AuditField]
    /// Lower-case hex SHA-256 of the previous line without its newline; 64 zeros for `seq` 1.
    public var prev: String

    /// The keys every entry has, which fields may not reuse.
    public static let reservedKeys: Set<String> = ["seq", "at", "event", "prev"]

    /// An entry from its parts, unchecked; `validate()` or writing it through `AuditLog` checks them.
    public init(seq: Int, at: String, event: String, fields: [AuditField] = [], prev: String) {
        self.seq = seq
        self.at = at
        self.event = event
        self.fields = fields
        self.prev = prev
    }

    /// The `at` spelling of `date`: UTC, milliseconds, e.g. `2026-12-04T04:30:00.123Z`.
    public static func timestamp(_ date: Date) -> String { AuditTimestamp.format(date) }

    /// The instant `at` names, or `nil` if it is not in the log's format.
    public var date: Date? { AuditTimestamp.parse(at) }

    /// The first field named `name`.
    public func field(_ name: String) -> AuditValue? { fields.first { $0.name == name }?.value }

    /// The line's bytes as this module writes them, without the newline.
    public var encodedLine: [UInt8] {
        var output: [UInt8] = [UInt8(ascii: "{")]
        output.reserveCapacity(256)
        AuditJSONWriter.appendMember("seq", .integer(Int64(seq)), to: &output, leadingComma: false)
        AuditJSONWriter.appendMember("at", .string(at), to: &output, leadingComma: true)
        AuditJSONWriter.appendMember("event", .string(event), to: &output, leadingComma: true)
        AuditJSONWriter.appendMembers(fields, to: &output, leadingComma: true)
        AuditJSONWriter.appendMember("prev", .string(prev), to: &output, leadingComma: true)
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// The line as text, without the newline.
    public var line: String { String(decoding: encodedLine, as: UTF8.self) }

    /// The SHA-256 of `encodedLine`: what the next entry's `prev` must be when this entry was written here.
    public var hash: String { Hexadecimal.encode(SHA256.hash(data: encodedLine)) }

    /// Checks what the format requires of an entry about to be written: `seq` ≥ 1, `at` and `prev` in their
    /// spelling, no reserved or repeated keys among the fields or in nested objects.
    public func validate() throws(AuditEntryError) {
        guard AuditTimestamp.parse(at) != nil else {
            throw .invalidKey("at", expected: "a UTC time like 2026-12-04T04:30:00.123Z")
        }
        try validateExceptTimestamp()
    }

    /// `validate()` without `at`, for the writer, which checks each instant it formats once per batch instead of
    /// parsing it back for every entry.
    func validateExceptTimestamp() throws(AuditEntryError) {
        guard seq >= 1 else { throw .invalidKey("seq", expected: "an integer from 1") }
        guard Hex.isSHA256(prev) else { throw .invalidKey("prev", expected: "64 lower-case hex digits") }
        var seen: Set<String> = []
        for field in fields {
            if Self.reservedKeys.contains(field.name) { throw .reservedField(field.name) }
            guard seen.insert(field.name).inserted else { throw .duplicateKey(field.name) }
            try Self.checkNested(field.value)
        }
    }

    private static func checkNested(_ value: AuditValue) throws(AuditEntryError) {
        switch value {
        case .object(let members):
            var seen: Set<String> = []
            for member in members {
                guard seen.insert(member.name).inserted else { throw .duplicateKey(member.name) }
                try checkNested(member.value)
            }
        case .array(let elements):
            for element in elements { try checkNested(element) }
        case .string, .integer, .bool, .null:
            break
        }
    }

    /// Reads one line (without its newline), keys in any order; refuses anything but a JSON object with
    /// `seq` (integer ≥ 1), `at` (the UTC millisecond format), `event` (string) and `prev` (64 hex digits).
    public static func parse(_ line: some Collection<UInt8>) throws(AuditEntryError) -> AuditEntry {
        try parse(slice: ArraySlice(line))
    }

    /// Reads one line given as text; see `parse(_:)` for bytes.
    public static func parse(line: String) throws(AuditEntryError) -> AuditEntry {
        try parse(slice: ArraySlice(line.utf8))
    }

    static func parse(slice: ArraySlice<UInt8>) throws(AuditEntryError) -> AuditEntry {
        var parser = AuditJSONParser(slice)
        let members = try parser.parseObjectMembers()
        var seq: Int?
        var at: String?
        var event: String?
        var prev: String?
        var fields: [AuditField] = []
        fields.reserveCapacity(max(0, members.count - 4))
        for member in members {
            switch member.name {
            case "seq":
                guard case .integer(let value) = member.value, value >= 1 else {
                    throw .invalidKey("seq", expected: "an integer from 1")
                }
                seq = Int(value)
            case "at":
                guard case .string(let value) = member.value, AuditTimestamp.parse(value) != nil else {
                    throw .invalidKey("at", expected: "a UTC time like 2026-12-04T04:30:00.123Z")
                }
                at = value
            case "event":
                guard case .string(let value) = member.value else { throw .invalidKey("event", expected: "a string") }
                event = value
            case "prev":
                guard case .string(let value) = member.value, Hex.isSHA256(value) else {
                    throw .invalidKey("prev", expected: "64 lower-case hex digits")
                }
                prev = value
            default:
                fields.append(member)
            }
        }
        guard let seq else { throw .missingKey("seq") }
        guard let at else { throw .missingKey("at") }
        guard let event else { throw .missingKey("event") }
        guard let prev else { throw .missingKey("prev") }
        return AuditEntry(seq: seq, at: at, event: event, fields: fields, prev: prev)
    }
}

import AuditTrail
import Foundation
import Testing

@Suite struct AuditEntryTests {
    @Test func encodesInTheDocumentedOrderWithCompactJSON() {
        let entry = AuditEntry(
            seq: 1, at: AuditEntry.timestamp(Date(timeIntervalSince1970: 1_796_358_600.123)), event: "submitted",
            fields: [
                AuditField("request", "r-1"), AuditField("rows", 3),
                AuditField("detail", ["ok": true, "note": nil, "ids": [1, -2]]),
            ],
            prev: AuditHead.zeroHash)
        #expect(
            entry.line
                == #"{"seq":1,"at":"2026-12-04T04:30:00.123Z","event":"submitted","request":"r-1","rows":3,"#
                + #""detail":{"ok":true,"note":null,"ids":[1,-2]},"prev":""# + AuditHead.zeroHash + #""}"#)
    }

    @Test func escapesStringsAndPassesNonASCIIThrough() throws {
        let text = "quote \" backslash \\ newline \n tab \t bell \u{07} del \u{7F} é 日本 🙂 / end"
        let entry = AuditEntry(
            seq: 2, at: "2026-12-04T04:30:00.000Z", event: "note", fields: [AuditField("text", .string(text))],
            prev: AuditHead.zeroHash)
        let line = entry.line
        #expect(line.contains(#""quote \" backslash \\ newline \n tab \t bell \u0007 del \#u{7F} é 日本 🙂 / end""#))
        #expect(try AuditEntry.parse(line: line) == entry)
        // Foundation's parser must read the same string back: the format is plain JSON.
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(object?["text"] as? String == text)
    }

    @Test func parsesKeysInAnyOrderAndUnicodeEscapes() throws {
        let line =
            #"{"prev":""# + AuditHead.zeroHash
            + #"", "x": "caf\u00e9 \ud83d\ude42", "event":"e", "seq": 7, "at":"2026-01-31T23:59:59.999Z"}"#
        let entry = try AuditEntry.parse(line: line)
        #expect(entry.seq == 7)
        #expect(entry.event == "e")
        #expect(entry.field("x") == .string("café 🙂"))
        let seconds = try #require(entry.date?.timeIntervalSince1970)
        #expect(abs(seconds - 1_769_903_999.999) < 0.0005)
    }

    @Test(arguments: [
        ("[1,2]", "not a JSON object"),
        ("", "not a JSON object"),
        (#"{"seq":1,"at":"2026-12-04T04:30:00.000Z","event":"e"}"#, "\"prev\" is missing"),
        (#"{"seq":"1","at":"2026-12-04T04:30:00.000Z","event":"e","prev":"Z"}"#, "\"seq\" must be"),
        (#"{"seq":0,"at":"2026-12-04T04:30:00.000Z","event":"e","prev":"Z"}"#, "\"seq\" must be"),
        (#"{"seq":1,"at":"2026-12-04 04:30:00","event":"e","prev":"Z"}"#, "\"at\" must be"),
        (#"{"seq":1,"at":"2026-02-30T04:30:00.000Z","event":"e","prev":"Z"}"#, "\"at\" must be"),
        (#"{"seq":1,"at":"2026-12-04T04:30:00.000Z","event":5,"prev":"Z"}"#, "\"event\" must be"),
        (#"{"seq":1,"at":"2026-12-04T04:30:00.000Z","event":"e","prev":"ABC"}"#, "\"prev\" must be"),
        (#"{"seq":1,"seq":2,"at":"2026-12-04T04:30:00.000Z","event":"e","prev":"Z"}"#, "appears twice"),
        (#"{"seq":1.5,"at":"2026-12-04T04:30:00.000Z","event":"e","prev":"Z"}"#, "non-integer"),
        (#"{"seq":1} trailing"#, "after the object"),
        (#"{"seq":1,"at":"2026-12-04T04:30:00.000Z","event":"e\u0001"#, "not a JSON object"),
    ])
    func rejectsLinesThatAreNotEntries(line: String, message: String) {
        let zeroed = line.replacingOccurrences(of: #""prev":"Z""#, with: #""prev":""# + AuditHead.zeroHash + "\"")
        #expect {
            _ = try AuditEntry.parse(line: zeroed)
        } throws: { error in
            String(describing: error).contains(message)
        }
    }

    @Test func refusesFieldsThatReuseTheEntryKeys() throws {
        let folder = try TemporaryFolder()
        let log = try AuditLog.open(at: folder.file("audit.jsonl"), recordedHead: nil)
        #expect(throws: AuditLogError.invalidEntry(.reservedField("seq"))) {
            try log.append(event: "e", fields: [AuditField("seq", 9)])
        }
        #expect(throws: AuditLogError.invalidEntry(.duplicateKey("a"))) {
            try log.append(event: "e", fields: [AuditField("b", ["a": 1, "a": 2])])
        }
        #expect(log.head == .genesis)
        #expect(try Data(contentsOf: log.url).isEmpty)
    }
}

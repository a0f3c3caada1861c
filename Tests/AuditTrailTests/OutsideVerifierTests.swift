import AuditTrail
import Crypto
import Foundation
import Testing

/// The format promise: anyone can check the log with a JSON parser and SHA-256, without this module.
@Suite struct OutsideVerifierTests {
    @Test func aPlainFoundationVerifierAcceptsTheLog() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        let log = try AuditLog.open(at: url, recordedHead: nil)
        try log.append(event: "run-started", fields: ["note": "quote \" and\nnewline, café 🙂"])
        try log.append(event: "submitted", fields: ["request": "r-1", "detail": ["rows": 2, "ok": true]])
        let head = try log.append(event: "finished")
        log.close()

        // What an auditor would write: split on newlines, hash each line's bytes, parse with any JSON library.
        let data = try Data(contentsOf: url)
        #expect(data.last == UInt8(ascii: "\n"))
        var prev = String(repeating: "0", count: 64)
        var seq = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            #expect((object["seq"] as? NSNumber)?.intValue == seq + 1)
            #expect(object["prev"] as? String == prev)
            #expect(object["at"] is String)
            #expect(object["event"] is String)
            prev = SHA256.hash(data: Data(line)).map { String(format: "%02x", $0) }.joined()
            seq += 1
        }
        #expect(seq == head.seq)
        #expect(prev == head.hash)
    }

    @Test func opensslComputesTheSameLinkHash() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("audit.jsonl")
        try LogFixture.write(url, count: 2)
        let lines = try LogFixture.lines(url)
        let first = folder.file("line1")
        try Data(lines[0].utf8).write(to: first)
        let output = try OpenSSL.run(["dgst", "-sha256", "-r", first.path])
        #expect(output.status == 0)
        let digest = String(output.stdout.prefix(64))
        #expect(try AuditEntry.parse(line: lines[1]).prev == digest)
    }
}

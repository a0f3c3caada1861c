import Foundation
import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore

@Suite struct EmailPatternTests {
    /// Expected values come from Python: `re.fullmatch(EmailPattern.pattern, text) is not None`.
    @Test(arguments: [
        ("a@b.co", true), ("a@b.co.uk", true), ("a@b.c1", false), ("a@b.c", false),
        ("A.B_C%D+E-F@Ex-Ample.COM", true), ("@b.co", false), ("a@.co", false), ("a@..co", true),
        ("a@b..co", true), ("a@b.co.", false), ("a@b.co\n", false), ("a b@c.co", false), ("a@@b.co", false),
        ("a@b@c.co", false), ("a@b_c.co", false), ("a@b.co1", false), ("a@b.c-o", false), ("a@-.co", true),
        ("a@b.ab.c", false), ("a@b.cd.ef", true), (".@b.co", true), ("a@b", false), ("ab", false), ("", false),
        ("a@b.C0M", false), ("ü@b.co", false), ("a@b.çom", false), ("a@1.23", false), ("a@b.co ", false),
        ("a@b.-co", false), ("a@b.c.d.ee", true),
    ])
    func matchesLikePythonFullmatch(text: String, expected: Bool) {
        #expect(EmailPattern.matches(text) == expected)
    }

    private static let python: String? =
        ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }
        )
        ?? ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map({ "\($0)/python3" })
        .first(where: { FileManager.default.isExecutableFile(atPath: $0) })

    /// Thousands of random strings over the pattern's interesting characters, checked against Python.
    @Test(.enabled(if: python != nil, "needs python3 as the reference"))
    func agreesWithPythonOnRandomStrings() throws {
        let python = try #require(Self.python)
        let alphabet = Array("aZ09._%+-@.@..-xq1 ")
        var state: UInt64 = 42
        var samples: [String] = []
        for _ in 0..<3_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = Int(state >> 60) + 3
            var text = ""
            for _ in 0..<length {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            samples.append(text)
        }
        let input = try Fixtures.file(samples.joined(separator: "\n"), name: "samples.txt")
        let script = """
            import re, sys
            p = re.compile(sys.argv[2])
            for s in open(sys.argv[1]).read().split('\\n'):
                print('1' if p.fullmatch(s) else '0')
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, input, EmailPattern.pattern]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let verdicts = String(decoding: output, as: UTF8.self).split(separator: "\n").map { $0 == "1" }
        #expect(verdicts.count == samples.count)
        #expect(verdicts.contains(true))
        for (sample, expected) in zip(samples, verdicts) where EmailPattern.matches(sample) != expected {
            Issue.record("\(sample.debugDescription): Python says \(expected)")
        }
    }

    /// Each kind of mistake gets its own message, and none quotes the address.
    @Test(arguments: [
        ("Jane Doe <jane@example.com>", "display-name form"), ("jane@example", "no top-level domain"),
        ("jane@@example.com", "2 @ signs"), ("jane@doe@example.com", "2 @ signs"),
        ("jane doe@example.com", "whitespace inside"),
        ("jane\u{A0}doe@example.com", "whitespace inside"), ("jane.example.com", "no @"),
        ("@example.com", "nothing before the @"),
        ("jane@", "nothing after the @"), ("jäne@example.com", "before the @"),
        ("jane@exam_ple.com", "domain has a character"),
        ("jane@example.c0m", "two or more letters"), ("jane@example.c", "two or more letters"),
    ])
    func diagnosesWhatIsWrong(text: String, expected: String) {
        #expect(!EmailPattern.matches(text))
        let bytes = ContiguousArray(text.utf8)
        let message = EmailPattern.diagnosis(bytes.span)
        #expect(message.contains(expected), "\(message)")
        #expect(!message.contains("jane"))
    }
}

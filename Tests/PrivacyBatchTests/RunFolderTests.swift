import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore

@Suite struct RunFolderTests {
    @Test(arguments: ["", ".", "..", "../escape", "a/b", "tab\there", "esc\u{1B}[31m", "rtl\u{202E}txt", "nul\u{0}"])
    func refusesNamesThatAreNotOnePrintableComponent(_ name: String) {
        #expect(throws: ConfigurationError.self) { try RunFolder.checkName(name) }
    }

    @Test(arguments: ["deletions", "q3-2026_eu", "run.2", "Lösch-Läufe", "..hidden-but-fine"])
    func acceptsPlainNames(_ name: String) throws {
        try RunFolder.checkName(name)
    }

    @Test func messagesShowControlCharactersEscaped() {
        let error = #expect(throws: ConfigurationError.self) { try RunFolder.checkName("a\u{1B}b") }
        #expect(error?.message.contains("\u{1B}") == false)
        #expect(error?.message.contains("'a\\u{1b}b'") == true)
    }
}

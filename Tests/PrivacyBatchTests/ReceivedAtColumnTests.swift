import Foundation
import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore
@testable import PrivacyBatchLedger

/// The `received_at` column: found by its aliases, read as ISO or in the given order, never guessed.
@Suite struct ReceivedAtColumnTests {
    @Test(arguments: ["Request Date", "received_at", "Date Received", "Received At", "Submitted At", "created_at"])
    func aliasesMapToReceivedAt(header: String) throws {
        let rows = try Fixtures.rows("email,type,\(header)\na@b.co,deletion,2025-01-31\n")
        #expect(rows.first?.request?.receivedAt?.day == CalendarDay(year: 2025, month: 1, day: 31))
    }

    @Test func aColumnThatLooksLikeAReceiptDateIsNotIgnoredSilently() throws {
        let error = try Fixtures.requestFileError("email,type,Date of Request Intake\na@b.co,deletion,x\n")
        #expect(error.map { "\($0)" }?.contains("received_at") == true)
        #expect(ColumnRole.resembled(byHeaderName: "Date of the request") == .receivedAt)
        #expect(ColumnRole.resembled(byHeaderName: "Order Date") == nil)
    }

    @Test func isoDatesAndDateTimesAreRead() throws {
        let rows = try Fixtures.rows(
            "email,type,received_at\na@b.co,deletion,2025-03-01T01:00+02:00\nc@d.co,retrieval,\ne@f.co,deletion, 2024-02-29 \n"
        )
        #expect(rows.map(\.code) == [nil, nil, nil])
        #expect(rows[0].request?.receivedAt?.day == CalendarDay(year: 2025, month: 2, day: 28))
        #expect(rows[1].request?.receivedAt == nil)
        #expect(rows[2].request?.receivedAt?.day == CalendarDay(year: 2024, month: 2, day: 29))
    }

    @Test func aSlashDateIsAmbiguousWithoutAFormatAndReadAsToldWithOne() throws {
        let text = "email,type,received_at\na@b.co,deletion,03/04/2025\n"
        #expect(try Fixtures.rows(text).first?.code == .receivedAtAmbiguous)
        let american = try Fixtures.rows(text, options: ReadingOptions(dateFormat: .monthDayYear))
        #expect(american.first?.request?.receivedAt?.day == CalendarDay(year: 2025, month: 3, day: 4))
        let european = try Fixtures.rows(text, options: ReadingOptions(dateFormat: .dayMonthYear))
        #expect(european.first?.request?.receivedAt?.day == CalendarDay(year: 2025, month: 4, day: 3))
    }

    @Test func aBadDateMakesAnInvalidRowNamedByItsLineWithoutTheEmail() throws {
        let rows = try Fixtures.rows(
            "email,type,received_at\nok@b.co,deletion,2025-01-01\nsecret@b.co,deletion,2025-02-30\n",
            options: ReadingOptions(dateFormat: .monthDayYear))
        #expect(rows.map(\.code) == [nil, .receivedAtInvalid])
        #expect(rows[1].line == 3)
        #expect(rows[1].message?.contains("secret") == false)
    }

    @Test func theReceivedDateIsNotPartOfTheClientToken() throws {
        let dated = try #require(
            try Fixtures.rows("email,type,received_at\na@b.co,deletion,2025-01-31\n").first?.request)
        let undated = try #require(try Fixtures.rows("email,type\na@b.co,deletion\n").first?.request)
        let scope = RequestScope(endpoint: nil, targetID: nil)
        #expect(
            ClientToken.derive(dated, scope: scope, generation: nil)
                == ClientToken.derive(undated, scope: scope, generation: nil))
    }
}

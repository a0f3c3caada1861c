import Foundation
import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore

@Suite struct RequestFileReaderTests {
    @Test func readsValidRowsWithTrimmedEmailAndKeptCase() throws {
        let rows = try Fixtures.rows("email,request_type\n  Alice@Example.COM\t,deletion\nbob@example.com,retrieval\n")
        #expect(rows.count == 2)
        #expect(rows[0].request == PrivacyRequest(type: .deletion, email: "Alice@Example.COM", holdingPeriod: 10))
        #expect(rows[0].values == ["  Alice@Example.COM\t", "deletion"])
        #expect(rows[1].request == PrivacyRequest(type: .retrieval, email: "bob@example.com"))
        #expect(rows.map(\.row) == [1, 2])
        #expect(rows.map(\.line) == [2, 3])
    }

    @Test(arguments: [
        " Email ,Request Type", "EMAIL,request-type", "e-mail,type", "email,TYPE", "email, request_type ",
    ])
    func normalisesHeaderNames(header: String) throws {
        let text = "\(header)\na@b.co,deletion\n"
        let rows = try Fixtures.rows(text)
        #expect(rows.first?.request?.type == .deletion)
    }

    @Test func acceptsHoldingPeriodAliases() throws {
        for name in ["holding_period", "Holding Period Days", "holding-period-days"] {
            let rows = try Fixtures.rows("email,type,\(name)\na@b.co,deletion,30\n")
            #expect(rows.first?.request?.holdingPeriod == 30)
        }
    }

    @Test func rejectsTwoColumnsWithOneRole() throws {
        let path = try Fixtures.file("email,type,Request-Type\na@b.co,deletion,deletion\n")
        #expect(
            throws: RequestFileError.duplicateColumn(
                path: path, role: "request_type", first: 2, second: 3, names: ["type", "Request-Type"])
        ) {
            try RequestFileReader(path: path)
        }
        #expect(try Fixtures.requestFileError("email,EMAIL\na,b\n") != nil)
    }

    @Test func rejectsFilesWithoutEmailColumnOrHeader() throws {
        let noEmail = try Fixtures.file("mail,type\na@b.co,deletion\n")
        #expect(
            throws: RequestFileError.missingEmailColumn(
                path: noEmail, columns: ["mail", "type"], delimiter: "\",\"", lookalike: "mail")
        ) { try RequestFileReader(path: noEmail) }
        let noHeader = try Fixtures.file("a@b.co,deletion\n")
        #expect(throws: RequestFileError.noHeader(path: noHeader)) { try RequestFileReader(path: noHeader) }
    }

    @Test func needsATypeColumnOrADefaultType() throws {
        let path = try Fixtures.file("email\na@b.co\n")
        #expect(throws: RequestFileError.missingRequestType(path: path)) { try RequestFileReader(path: path) }
        let rows = try Fixtures.rows("email\na@b.co\n", defaults: .init(type: .retrieval))
        #expect(rows.first?.request == PrivacyRequest(type: .retrieval, email: "a@b.co"))
    }

    @Test func rejectsDefaultsOutOfRange() throws {
        #expect(try Fixtures.requestFileError("email,type\n", defaults: .init(holdingPeriod: 181)) != nil)
        #expect(try Fixtures.requestFileError("email,type\n", defaults: .init(holdingPeriod: -1)) != nil)
        let long = String(repeating: "r", count: 1_001)
        #expect(try Fixtures.requestFileError("email,type\n", defaults: .init(reason: long)) != nil)
        #expect(try Fixtures.requestFileError("email,type\n", defaults: .init(holdingPeriod: 180)) == nil)
    }

    @Test func acceptsEveryRequestTypeSpelling() throws {
        let words = ["deletion", "DELETE", "Erasure", " retrieval ", "Retrieve", "ACCESS"]
        let text =
            "email,type\n" + words.enumerated().map { "u\($0.offset)@b.co,\($0.element)" }.joined(separator: "\n")
        let rows = try Fixtures.rows(text)
        #expect(rows.map { $0.request?.type } == [.deletion, .deletion, .deletion, .retrieval, .retrieval, .retrieval])
    }

    @Test func handlesEmptyAndUnknownRequestTypes() throws {
        let text = "email,type\na@b.co,\nc@d.co,purge\n"
        let rows = try Fixtures.rows(text)
        #expect(rows[0].code == .requestTypeMissing)
        #expect(rows[0].message?.contains("request_type") == true)
        #expect(rows[1].code == .requestTypeUnknown)
        #expect(rows[1].message?.contains("\"purge\"") == true)
        let withDefault = try Fixtures.rows(text, defaults: .init(type: .retrieval))
        #expect(withDefault[0].request?.type == .retrieval)
        #expect(withDefault[1].code == .requestTypeUnknown)
    }

    @Test func resolvesHoldingPeriods() throws {
        let text =
            "email,type,holding_period\na@b.co,deletion,\nb@b.co,deletion,0\nc@b.co,deletion, 180 \nd@b.co,retrieval,\n"
        let rows = try Fixtures.rows(text)
        #expect(rows.map { $0.request?.holdingPeriod } == [10, 0, 180, nil])
        let withDefault = try Fixtures.rows(text, defaults: .init(holdingPeriod: 30))
        #expect(withDefault.map { $0.request?.holdingPeriod } == [30, 0, 180, nil])
        let noColumn = try Fixtures.rows("email,type\na@b.co,deletion\n", defaults: .init(holdingPeriod: 45))
        #expect(noColumn.first?.request?.holdingPeriod == 45)
    }

    @Test func rejectsBadHoldingPeriods() throws {
        let text = """
            email,type,holding_period
            a@b.co,deletion,abc
            b@b.co,deletion,1.5
            c@b.co,deletion,-1
            d@b.co,deletion,181
            e@b.co,deletion,99999999999999999999999
            f@b.co,retrieval,5
            g@b.co,deletion,+7
            """
        let rows = try Fixtures.rows(text)
        #expect(
            rows.map(\.code) == [
                .holdingPeriodNotInteger, .holdingPeriodNotInteger, .holdingPeriodBelowMinimum,
                .holdingPeriodAboveMaximum, .holdingPeriodAboveMaximum, .holdingPeriodOnRetrieval, nil,
            ])
        #expect(rows[2].message == "holding_period must be greater than or equal to 0")
        #expect(rows[3].message == "holding_period must be less than or equal to 180")
        #expect(rows[0].message?.contains("holding_period") == true)
        #expect(rows[5].message?.contains("holding_period") == true)
        #expect(rows[6].request?.holdingPeriod == 7)
    }

    @Test func checksReasons() throws {
        let ok = String(repeating: "é", count: 1_000)
        let long = String(repeating: "x", count: 1_001)
        let text =
            "email,type,reason\na@b.co,deletion,\(ok)\nb@b.co,deletion,\(long)\nc@b.co,deletion,\nd@b.co,retrieval,why\n"
        let rows = try Fixtures.rows(text)
        #expect(rows[0].request?.reason == ok)
        #expect(rows[1].code == .reasonTooLong)
        #expect(rows[1].message == "reason must be at most 1000 characters (it has 1001)")
        #expect(rows[2].request?.reason == nil)
        #expect(rows[3].request == PrivacyRequest(type: .retrieval, email: "d@b.co"))
        let withDefault = try Fixtures.rows(text, defaults: .init(reason: "ticket"))
        #expect(withDefault[2].request?.reason == "ticket")
        #expect(withDefault[0].request?.reason == ok)
        #expect(withDefault[3].request?.reason == nil)
    }

    @Test func checksDataSubjectType() throws {
        let rows = try Fixtures.rows(
            "email,type,data_subject_type\na@b.co,deletion,SHOPPER\nb@b.co,deletion,shopper\nc@b.co,deletion,\nd@b.co,deletion,CUSTOMER\n"
        )
        #expect(rows.map(\.code) == [nil, nil, nil, .dataSubjectTypeUnknown])
        #expect(rows[3].message == "data_subject_type \"CUSTOMER\" is not SHOPPER")
    }

    @Test func checksEmails() throws {
        let rows = try Fixtures.rows("email,type\n,deletion\n \t ,deletion\nnot-an-email,deletion\na@b.c1,deletion\n")
        #expect(rows.map(\.code) == [.emailMissing, .emailMissing, .emailInvalid, .emailInvalid])
        #expect(rows.allSatisfy { $0.message?.contains("email") == true })
        #expect(rows[2].message?.contains("not-an-email") == false)
    }

    @Test func listsEveryProblemOfARowWithTheFirstCode() throws {
        let rows = try Fixtures.rows(
            "email,type,holding_period,data_subject_type\nbad,deletion,500,ROBOT\n")
        #expect(rows[0].code == .emailInvalid)
        let parts = rows[0].message?.components(separatedBy: "; ") ?? []
        #expect(parts.count == 3)
        #expect(parts[1] == "holding_period must be less than or equal to 180")
        #expect(parts[2].contains("data_subject_type"))
    }

    @Test func reportsDuplicatesOfEarlierValidRows() throws {
        var text = "email,type,ticket\n"
        text += "a@b.co,deletion,T1\n"  // line 2
        text += "x@y.co,retrieval,T2\n"  // line 3
        text += "A@B.CO,deletion,T3\n"  // line 4: duplicate of line 2
        text += "a@b.co,retrieval,T4\n"  // line 5: other type, not a duplicate
        text += "bad,deletion,T5\n"  // line 6: invalid
        text += "bad,deletion,T6\n"  // line 7: invalid again, not a duplicate
        text += " a@b.co ,erasure,T7\n"  // line 8: duplicate of line 2
        let rows = try Fixtures.rows(text)
        #expect(rows.map(\.code) == [nil, nil, .duplicate, nil, .emailInvalid, .emailInvalid, .duplicate])
        #expect(rows[2].message == "duplicate of line 2")
        #expect(rows[6].message == "duplicate of line 2")
        #expect(rows[2].values == ["A@B.CO", "deletion", "T3"])
    }

    @Test func findsDuplicatesAcrossBatchesAndBuffers() throws {
        var text = "email,type\n"
        for index in 0..<100 {
            text += "u\(index % 40)@b.co,deletion\n"
        }
        let rows = try Fixtures.rows(text, bufferSize: 16)
        #expect(rows.count == 100)
        for (index, row) in rows.enumerated() {
            if index < 40 {
                #expect(row.code == nil)
            } else {
                #expect(row.message == "duplicate of line \(index % 40 + 2)")
            }
        }
    }

    @Test func reportsCSVProblemsAsRowErrorsAndGoesOn() throws {
        let rows = try Fixtures.rows("email,type\n\"a@b.co,deletion\nc@d.co,deletion,x\ne@f.co,retrieval\n")
        #expect(rows.map(\.code) == [.unterminatedQuote, .tooManyFields, nil])
        #expect(rows.map(\.line) == [2, 3, 4])
    }

    @Test func carriesOtherColumnsUnchanged() throws {
        let rows = try Fixtures.rows("ticket,email,crm id,type\nT-1,a@b.co, 42 ,deletion\n")
        #expect(rows[0].values == ["T-1", "a@b.co", " 42 ", "deletion"])
        #expect(rows[0].request?.email == "a@b.co")
    }

    @Test func exposesHeaderAndIndexFootprint() throws {
        let reader = try RequestFileReader(path: try Fixtures.file("\u{FEFF}Email,Type\na@b.co,deletion\n"))
        #expect(reader.header == ["Email", "Type"])
        #expect(reader.next()?.request?.email == "a@b.co")
        #expect(reader.next() == nil)
        #expect(reader.readError == nil)
        #expect(reader.duplicateIndexFootprint > 0)
    }

    @Test func errorDescriptionsSayWhatToFix() {
        let errors: [RequestFileError] = [
            .notFound(path: "/p"), .isDirectory(path: "/p"), .notReadable(path: "/p", reason: "denied"),
            .empty(path: "/p"), .noHeader(path: "/p"), .binary(path: "/p"),
            .malformedHeader(path: "/p", code: .unterminatedQuote),
            .missingEmailColumn(path: "/p", columns: ["a"], delimiter: "\",\"", lookalike: nil),
            .missingRequestType(path: "/p"),
            .duplicateColumn(path: "/p", role: "email", first: 1, second: 2, names: ["a", "b"]),
            .notRegularFile(path: "/p"), .encodingConflict(path: "/p", found: "utf-8", requested: "latin1"),
            .utf16WithoutByteOrderMark(path: "/p", suggested: "utf-16le"),
            .ambiguousDelimiter(path: "/p", candidates: ["\",\"", "\";\""]),
            .unmappedColumn(path: "/p", header: "Hold", role: "holding_period"),
            .columnNotFound(path: "/p", header: "x", columns: ["a"]),
            .readFailed(path: "/p", reason: "I/O error"),
        ]
        for error in errors {
            #expect(error.description.contains("/p"))
            #expect(error.description.contains(". "))
        }
    }
}

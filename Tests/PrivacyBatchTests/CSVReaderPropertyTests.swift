import Foundation
import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore

/// Generated and mutated input: the fast reader agrees with `ReferenceCSVParser` on well-formed files,
/// and survives (no crash, no hang, rows numbered in order) thousands of malformed ones per run.
@Suite struct CSVReaderPropertyTests {
    /// A small seeded generator, so a failure reproduces.
    struct Generator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }

        mutating func below(_ limit: Int) -> Int { Int(next() % UInt64(limit)) }
    }

    private static let delimiters: [UInt8] = [0x2C, 0x3B, 0x09, 0x7C]
    private static let alphabet: [String] = [
        "a", "b", "Z", "0", "@", ".", " ", "é", "€", "😀", ",", ";", "\t", "|", "\"", "\n", "\r\n", "\r", "x",
    ]

    /// A well-formed file: `columns` cells per row, cells quoted when they need it (and sometimes anyway).
    static func wellFormed(_ generator: inout Generator, delimiter: UInt8) -> (bytes: [UInt8], rows: [[String]]) {
        let columns = generator.below(5) + 1
        let separator = String(UnicodeScalar(delimiter))
        let lineEnd = ["\n", "\r\n", "\r"][generator.below(3)]
        var text = (0..<columns).map { "h\($0)" }.joined(separator: separator) + lineEnd
        var rows: [[String]] = []
        for _ in 0..<(generator.below(12) + 1) {
            var row: [String] = []
            for column in 0..<columns {
                // The first cell starts with a letter, so no generated row is blank.
                var cell = column == 0 ? "r" : ""
                for _ in 0..<generator.below(7) { cell += alphabet[generator.below(alphabet.count)] }
                row.append(cell)
            }
            rows.append(row)
            text +=
                row.map { cell in
                    // Scalars, not Characters: "\r\n" is one Character, which would hide a lone CR or LF.
                    let special = cell.unicodeScalars.contains {
                        $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == UnicodeScalar(delimiter)
                    }
                    return special || generator.below(4) == 0
                        ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
                }.joined(separator: separator) + lineEnd
        }
        if generator.below(3) == 0 { text.removeLast(lineEnd.count) }
        let bom: [UInt8] = generator.below(4) == 0 ? [0xEF, 0xBB, 0xBF] : []
        return (bom + Array(text.utf8), rows)
    }

    private static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    @Test func agreesWithTheReferenceParserOnGeneratedFiles() throws {
        let path = try Fixtures.directory() + "/generated.csv"
        var generator = Generator(state: 2_026)
        for round in 0..<1_500 {
            let delimiter = Self.delimiters[generator.below(Self.delimiters.count)]
            let (bytes, _) = Self.wellFormed(&generator, delimiter: delimiter)
            try Self.write(bytes, to: path)
            let expected = ReferenceCSVParser.parse(bytes, delimiter: delimiter)
            let bufferSize = [4, 5, 7, 16, 64, 65_536][generator.below(6)]
            let reader = try CSVReader(path: path, bufferSize: bufferSize, delimiter: delimiter)
            #expect(reader.header == expected.first?.fields)
            var actual: [ReferenceCSVParser.Record] = []
            while let record = try reader.nextRecord() {
                #expect(record.problem == nil, "round \(round): \(record.problem?.message ?? "")")
                actual.append(ReferenceCSVParser.Record(line: record.line, fields: record.fields))
            }
            #expect(actual == Array(expected.dropFirst()), "round \(round), buffer \(bufferSize)")
        }
    }

    @Test func detectsTheDelimiterOfGeneratedFilesOrRefusesToGuess() throws {
        let path = try Fixtures.directory() + "/generated.csv"
        var generator = Generator(state: 7)
        for _ in 0..<500 {
            let delimiter = Self.delimiters[generator.below(Self.delimiters.count)]
            let (bytes, rows) = Self.wellFormed(&generator, delimiter: delimiter)
            try Self.write(bytes, to: path)
            do {
                let reader = try CSVReader(path: path)
                // One column has no delimiter to find; otherwise the detected one must be right.
                if rows[0].count > 1 { #expect(reader.delimiter == delimiter) }
            } catch {
                guard case .ambiguousDelimiter = error else {
                    Issue.record("unexpected \(error)")
                    continue
                }
            }
        }
    }

    /// What a row of a generated request file should turn into, worked out on `String`s: the documented
    /// pattern as a `Regex`, trimming and ASCII case folding on scalars, a `Set` for duplicates.
    struct ReferenceValidator {
        let emailRegex: Regex<AnyRegexOutput>
        static let aliases: [String: RequestType] = [
            "deletion": .deletion, "delete": .deletion, "erasure": .deletion,
            "retrieval": .retrieval, "retrieve": .retrieval, "access": .retrieval,
        ]
        var seen: Set<[String]> = []

        init() throws {
            emailRegex = try Regex(EmailPattern.pattern)
        }

        static func trimmed(_ text: String) -> String {
            var scalars = Substring(text).unicodeScalars
            while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
            while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
            return String(scalars)
        }

        static func asciiLowercased(_ text: String) -> String {
            var scalars = String.UnicodeScalarView()
            for scalar in text.unicodeScalars {
                scalars.append(("A"..."Z").contains(scalar) ? UnicodeScalar(UInt8(scalar.value) | 0x20) : scalar)
            }
            return String(scalars)
        }

        /// The request, or the code of the first problem, for cells `email, request_type, reason, ticket`.
        mutating func verdict(_ cells: [String]) -> Result<PrivacyRequest, RowProblemCode> {
            let email = Self.trimmed(cells[0])
            let typeText = Self.trimmed(cells[1])
            var problem: RowErrorCode?
            if email.isEmpty {
                problem = .emailMissing
            } else if (try? emailRegex.wholeMatch(in: email)) == nil {
                problem = .emailInvalid
            }
            let type = Self.aliases[Self.asciiLowercased(typeText)]
            if problem == nil, type == nil {
                problem = typeText.isEmpty ? .requestTypeMissing : .requestTypeUnknown
            }
            if let problem { return .failure(RowProblemCode(code: problem)) }
            guard let type else { return .failure(RowProblemCode(code: .requestTypeMissing)) }
            guard seen.insert([Self.asciiLowercased(email), type.rawValue]).inserted else {
                return .failure(RowProblemCode(code: .duplicate))
            }
            guard type == .deletion else { return .success(PrivacyRequest(type: .retrieval, email: email)) }
            let reason = Self.trimmed(cells[2])
            return .success(
                PrivacyRequest(type: .deletion, email: email, holdingPeriod: 10, reason: reason.isEmpty ? nil : reason))
        }
    }

    /// A row problem's code, as an `Error` so it fits a `Result`.
    struct RowProblemCode: Error, Equatable {
        var code: RowErrorCode
    }

    /// Request files with emails of every length around the 8-byte words the validator reads at once,
    /// padded with spaces and tabs, quoted or not, in any case, often repeated: the validator's view of
    /// each cell (the trimmed email it will send, its type, its reason, its duplicate verdict) equals
    /// what `ReferenceValidator` works out from the reference parser's strings.
    @Test func validatorAgreesWithAStringReferenceOnGeneratedRequestFiles() throws {
        let path = try Fixtures.directory() + "/requests.csv"
        var generator = Generator(state: 1_789)
        let local = ["a", "Z", "0", ".", "_", "%", "+", "-", "q", "x", "é", " ", "@", ",", "\"", "<"]
        let domain = ["b", "Q", "-", ".", "1", "e", "é", "_"]
        let tlds = ["co", "COM", "org", "Io", "c", "c1", ""]
        let types = [
            "deletion", "DELETION", "Deletion", "retrieval", "RETRIEVAL", "retrievaL", "delete", "Erasure", "ACCESS",
            "retrieve", "deletio", "retrievals", "", "rétrieval", "deletion2",
        ]
        let pads = ["", " ", "\t", "  \t ", "\t\t"]
        var checkedEmails = 0
        for round in 0..<400 {
            var pool: [String] = []
            var text = "email,request_type,reason,ticket\n"
            for row in 0..<(generator.below(40) + 1) {
                var email: String
                if !pool.isEmpty, generator.below(4) == 0 {
                    // A repeat, in another case now and then: a duplicate if its type matches too.
                    email = pool[generator.below(pool.count)]
                    if generator.below(2) == 0 { email = email.uppercased() }
                } else {
                    // Half from the pattern's own characters (mostly valid), half from troublemakers too.
                    let tidy = generator.below(2) == 0
                    let localSet = tidy ? Array(local.prefix(10)) : local
                    let domainSet = tidy ? Array(domain.prefix(6)) : domain
                    email = ""
                    for _ in 0..<generator.below(18) { email += localSet[generator.below(localSet.count)] }
                    if tidy || generator.below(10) != 0 { email += "@" }
                    for _ in 0..<generator.below(14) { email += domainSet[generator.below(domainSet.count)] }
                    if tidy || generator.below(8) != 0 { email += "." + tlds[generator.below(tlds.count)] }
                    pool.append(email)
                }
                let cells = [
                    pads[generator.below(pads.count)] + email + pads[generator.below(pads.count)],
                    pads[generator.below(pads.count)] + types[generator.below(types.count)]
                        + pads[generator.below(pads.count)],
                    generator.below(3) == 0 ? "" : pads[generator.below(pads.count)] + "why, \"\(row)\"\r\nok ",
                    "T\(row)",
                ]
                text +=
                    cells.map { cell in
                        cell.unicodeScalars.contains { $0 == "\"" || $0 == "," || $0 == "\r" || $0 == "\n" }
                            || generator.below(5) == 0
                            ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
                    }.joined(separator: ",") + "\n"
            }
            let bytes = Array(text.utf8)
            try Self.write(bytes, to: path)
            let records = ReferenceCSVParser.parse(bytes, delimiter: 0x2C).dropFirst()
            let bufferSize = [16, 64, 65_536][generator.below(3)]
            let reader = try RequestFileReader(path: path, bufferSize: bufferSize)
            var reference = try ReferenceValidator()
            var rows: [InputRow] = []
            while let row = try reader.nextRow() { rows.append(row) }
            #expect(rows.count == records.count, "round \(round)")
            for (row, record) in zip(rows, records) {
                #expect(row.line == record.line, "round \(round)")
                #expect(row.values.strings == record.fields, "round \(round), line \(record.line)")
                let expected = reference.verdict(record.fields)
                switch (row.verdict, expected) {
                case (.valid(let request), .success(let expectedRequest)):
                    #expect(request == expectedRequest, "round \(round), line \(record.line)")
                    #expect(request.email.utf8.elementsEqual(expectedRequest.email.utf8))
                    checkedEmails += 1
                case (.invalid(let problem), .failure(let expectedProblem)):
                    #expect(problem.code == expectedProblem.code, "round \(round), line \(record.line)")
                default:
                    Issue.record("round \(round), line \(record.line): \(row.verdict), expected \(expected)")
                }
            }
        }
        // The generator makes valid rows often enough for the comparison to mean something.
        #expect(checkedEmails > 1_000)
    }

    /// Mutations of generated files: flipped, inserted and deleted bytes, cut ends, UTF-16 marks.
    @Test func survivesThousandsOfMutatedFiles() throws {
        let path = try Fixtures.directory() + "/mutated.csv"
        var generator = Generator(state: 4_242)
        let specials: [UInt8] = [0x22, 0x0A, 0x0D, 0x2C, 0x3B, 0x09, 0x00, 0xFF, 0xC3, 0xEF, 0xFE, 0x40]
        var opened = 0
        for round in 0..<3_000 {
            let delimiter = Self.delimiters[generator.below(Self.delimiters.count)]
            var bytes = Self.wellFormed(&generator, delimiter: delimiter).bytes
            if round % 3 == 0 {
                bytes = Array("email,type,holding_period,reason\n".utf8) + bytes
            }
            for _ in 0..<(generator.below(6) + 1) {
                switch generator.below(5) {
                case 0 where !bytes.isEmpty:
                    bytes[generator.below(bytes.count)] = specials[generator.below(specials.count)]
                case 1:
                    bytes.insert(specials[generator.below(specials.count)], at: generator.below(bytes.count + 1))
                case 2 where !bytes.isEmpty:
                    bytes.remove(at: generator.below(bytes.count))
                case 3 where !bytes.isEmpty:
                    bytes.removeLast(generator.below(bytes.count))
                default:
                    bytes.insert(contentsOf: [0xFF, 0xFE], at: 0)
                }
            }
            try Self.write(bytes, to: path)
            let bufferSize = [4, 7, 64, 65_536][generator.below(4)]
            if let reader = try? CSVReader(path: path, bufferSize: bufferSize, maxFieldBytes: 64) {
                opened += 1
                var count = 0
                while let record = reader.next() {
                    count += 1
                    #expect(record.row == count)
                    #expect(record.fields.count == reader.header.count)
                    // Every record ends at a line break or the end: more records than bytes means a loop.
                    guard count <= bytes.count + 1 else {
                        Issue.record("round \(round): no end after \(count) records")
                        break
                    }
                }
            }
            if let requests = try? RequestFileReader(path: path, bufferSize: bufferSize, maxFieldBytes: 64) {
                var count = 0
                while requests.next() != nil, count <= bytes.count + 1 { count += 1 }
                #expect(count <= bytes.count + 1)
            }
        }
        // The mutations leave most files readable, so the loop above did read rows.
        #expect(opened > 1_000)
    }
}

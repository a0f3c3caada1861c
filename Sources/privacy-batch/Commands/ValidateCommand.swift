import ArgumentParser
import Foundation
import PrivacyBatch
import PrivacyBatchCore

/// `privacy-batch validate FILE`: checks every row by the API's rules and sends nothing.
struct ValidateCommand: AsyncParsableCommand, OutputShaping {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check every row of a request file by the API's rules; send nothing.",
        discussion: """
            Writes <reports>/<run>/invalid-rows.csv. Exit 0 when every row is valid, 1 when some are not, 2 on a \
            usage or file error.

            Examples:
              privacy-batch validate shoppers.csv
              privacy-batch validate shoppers.csv --type deletion --holding-period 30
              privacy-batch validate shoppers.csv --json | jq .details
            """
    )

    @Argument(help: "The request CSV file.")
    var file: String

    @OptionGroup var rowDefaults: RowDefaultsOptions
    @OptionGroup var reportsOptions: ReportsOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Run name for the report folder (default: the file's base name).")
    var run: String?

    func run() async throws {
        let reader = try RequestFileReader(path: file, defaults: rowDefaults.defaults, options: rowDefaults.reading)
        ColumnMappingPrinter.print(reader)
        let name = run ?? RunFolder.defaultName(forInput: file)
        try RunFolder.checkName(name)
        let folder = RunFolder(reports: reportsOptions.reports, name: name)
        try SecureFile.createDirectory(reportsOptions.reports)
        try folder.create()

        // The whole file is read, and the report written, on a blocking-I/O thread.
        let (summary, firstProblems) = try await OffPoolRequestReader(reader).withReader { reader in
            try Self.scan(reader, into: folder)
        }

        let problems = summary.problemsByCode.values.reduce(0, +)
        let blank = summary.blankRows > 0 ? " (and \(summary.blankRows) blank rows, ignored)" : ""
        Console.out("validated \(file): \(summary.rowsRead) rows\(blank)")
        for type in RequestType.allCases {
            Console.out("  valid \(type.rawValue): \(summary.validByType[type] ?? 0)")
        }
        Console.out("  problems: \(problems) (duplicates: \(summary.duplicates))")
        ColumnMappingPrinter.printImmediateDeletions(summary.immediateDeletions)
        for (code, count) in summary.problemsByCode.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            Console.out("    \(code.rawValue): \(count)")
        }
        if !firstProblems.isEmpty {
            Console.out(problems > 20 ? "first 20 problems:" : "problems:")
            for problem in firstProblems {
                Console.out("  line \(problem.line): \(problem.code) \(problem.message)")
            }
        }
        Console.out("invalid rows: \(folder.invalidRows)")
        var document = CommandDocument(command: "validate")
        document.run = .init(name: folder.name, folder: folder.path, endpoint: "none")
        document.reports = ["invalidRows": folder.invalidRows]
        var details = ["rows": summary.rowsRead, "problems": problems, "duplicates": summary.duplicates]
        for type in RequestType.allCases { details["valid.\(type.rawValue)"] = summary.validByType[type] ?? 0 }
        for (code, count) in summary.problemsByCode { details["problem.\(code.rawValue)"] = count }
        document.details = details
        document.problems = firstProblems.map { .init(line: $0.line, code: $0.code, message: $0.message) }
        document.exitCode = problems > 0 ? ExitStatus.rowProblems : ExitStatus.success
        try document.finish()
    }

    /// Validates every row, writing the invalid ones to `invalid-rows.csv`; the counts and the first 20 problems.
    private static func scan(
        _ reader: RequestFileReader, into folder: RunFolder
    ) throws -> (ValidationSummary, [(line: Int, code: String, message: String)]) {
        var summary = ValidationSummary()
        var firstProblems: [(line: Int, code: String, message: String)] = []
        // Written aside and renamed into place: a file error half-way leaves the previous report whole.
        try AtomicFile.write(to: folder.invalidRows) { writer in
            try writer.write(["line", "error_code", "error_message"] + reader.header)
            while let row = try reader.nextRow() {
                summary.record(row)
                guard case .invalid(let problem) = row.verdict else { continue }
                if firstProblems.count < 20 {
                    firstProblems.append((row.line, problem.code.rawValue, problem.message))
                }
                try writer.write([String(row.line), problem.code.rawValue, problem.message] + row.values)
            }
        }
        summary.blankRows = reader.blankRows
        return (summary, firstProblems)
    }
}

import ArgumentParser
import Foundation
import PrivacyAPISimulator
import PrivacyBatch
import PrivacyBatchCore

/// `privacy-batch`: bulk shopper privacy requests for Buy with Prime, from a CSV file.
@main
struct PrivacyBatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privacy-batch",
        abstract: "Submit Buy with Prime shopper privacy requests (deletion, retrieval) in bulk from a CSV file.",
        discussion: """
            Without --endpoint or BWP_ENDPOINT every command runs against the embedded sandbox simulator.

            Examples:
              privacy-batch validate shoppers.csv
              privacy-batch run shoppers.csv --dry-run
              privacy-batch run shoppers.csv          # Ctrl-C or crash? run it again
              privacy-batch status shoppers --watch
              privacy-batch runs --json

            \(ExitStatus.table)
            """,
        version: PrivacyBatchVersion.current,
        subcommands: [
            ValidateCommand.self, RunCommand.self, StatusCommand.self, CancelCommand.self, DownloadCommand.self,
            EventsCommand.self, FollowUpCommand.self, HandedOverCommand.self, ForgetCommand.self, RunsCommand.self,
            ReportCommand.self, VerifyCommand.self,
            SimulatorCommand.self,
        ]
    )

    /// Maps errors to the documented exit codes: usage and configuration problems are 2, not ArgumentParser's 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if let shaping = command as? any OutputShaping {
                let output: OutputOptions = shaping.output
                output.apply(environment: ProcessInfo.processInfo.environment)
            }
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ConfigurationError {
            fail(error.message, status: ExitStatus.usage)
        } catch let error as RequestFileError {
            fail(error.description, status: ExitStatus.usage)
        } catch let failure as APIFailure {
            // Reached only from the credential check that precedes any request: nothing was sent.
            fail(failure.message, status: ExitStatus.usage)
        } catch let error as SimulatorError {
            // The sandbox could not start (its state file is in use, unreadable): nothing was sent.
            fail(error.description, status: ExitStatus.usage)
        } catch let error where StorageFailure.matches(error) {
            fail(
                "storage failure: \(error); the ledger keeps every committed row: free space or fix the disk, then rerun the same command",
                status: ExitStatus.storage)
        } catch let error as CSVWriter.WriteError {
            // Not the disk (that is exit 4 above): a name the writer refused, such as a planted link.
            fail(error.description, status: ExitStatus.usage)
        } catch let error as POSIXFailure {
            fail(error.description, status: ExitStatus.usage)
        } catch let code as ExitCode {
            // The command's own exit code, its document (if any) already printed.
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)  // --help, --version
            }
            if code == .validationFailure {
                if CommandLine.arguments.contains("--json") {
                    Console.configure(Console.Settings(json: true, quiet: false, verbose: false))
                }
                fail(fullMessage(for: error), status: ExitStatus.usage)
            }
            // Anything else (a database busy past its timeout, say) stopped the command before it finished:
            // exit 2, never 1, which means "rows need a person".
            fail(String(describing: error), status: ExitStatus.usage)
        }
    }

    /// Prints the error (and, with `--json`, a document saying it) and exits with `status`.
    private static func fail(_ message: String, status: Int32) -> Never {
        Console.error(message)
        exit(documenting: message, status: status)
    }

    /// Ends a command that cannot finish its own document: with `--json`, the caller still gets its one
    /// document, naming the command, `status` and why.
    static func exit(documenting message: String, status: Int32) -> Never {
        var document = CommandDocument(command: commandPath(Array(CommandLine.arguments.dropFirst())))
        document.exitCode = status
        document.message = message
        Console.document(document)
        Foundation.exit(status)
    }

    /// The subcommand the arguments name, with its parent (`events apply`), for the document of a command that
    /// failed before it could say so itself.
    static func commandPath(_ arguments: [String]) -> String {
        var names: [String] = []
        var level = configuration.subcommands
        for word in arguments where !word.hasPrefix("-") {
            guard let command = level.first(where: { $0._commandName == word }) else { break }
            names.append(word)
            level = command.configuration.subcommands
        }
        return names.isEmpty ? arguments.first ?? "" : names.joined(separator: " ")
    }
}

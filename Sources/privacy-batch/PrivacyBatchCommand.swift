import ArgumentParser
import Foundation
import PrivacyAPISimulator
import PrivacyBatch

/// `privacy-batch`: bulk shopper privacy requests for Buy with Prime, from a CSV file.
@main
struct PrivacyBatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privacy-batch",
        abstract: "Submit Buy with Prime shopper privacy requests (deletion, retrieval) in bulk from a CSV file.",
        discussion: """
            Without --endpoint or BWP_ENDPOINT every command runs against the embedded sandbox simulator.
            Exit codes: 0 all good; 1 some rows invalid, rejected or failed; 2 usage, file or credential error;
            3 stopped by the circuit breaker or an authentication failure; 4 storage failure (disk full, I/O error);
            130/143 interrupted (SIGINT/SIGTERM).
            """,
        subcommands: [
            ValidateCommand.self, RunCommand.self, StatusCommand.self, CancelCommand.self, DownloadCommand.self,
            EventsCommand.self, RunsCommand.self, ReportCommand.self, SimulatorCommand.self,
        ]
    )

    /// Maps errors to the documented exit codes: usage and configuration problems are 2, not ArgumentParser's 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ConfigurationError {
            Console.error(error.message)
            Foundation.exit(ExitStatus.usage)
        } catch let error as RequestFileError {
            Console.error(error.description)
            Foundation.exit(ExitStatus.usage)
        } catch let failure as APIFailure {
            // Reached only from the credential check that precedes any request: nothing was sent.
            Console.error(failure.message)
            Foundation.exit(ExitStatus.usage)
        } catch let error as SimulatorError {
            // The sandbox could not start (its state file is in use, unreadable): nothing was sent.
            Console.error(error.description)
            Foundation.exit(ExitStatus.usage)
        } catch let error where StorageFailure.matches(error) {
            Console.error(
                "storage failure: \(error); the ledger keeps every committed row: free space or fix the disk, then rerun the same command"
            )
            Foundation.exit(ExitStatus.storage)
        } catch let error as CSVWriter.WriteError {
            // Not the disk (that is exit 4 above): a name the writer refused, such as a planted link.
            Console.error(error.description)
            Foundation.exit(ExitStatus.usage)
        } catch let error as POSIXFailure {
            Console.error(error.description)
            Foundation.exit(ExitStatus.usage)
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}

import AgeEncryption
import ArgumentParser
import Foundation
import PrivacyBatch
import PrivacyBatchCore
import PrivacyBatchLedger

/// How retrieval archives are kept: encrypted to age recipients (`--archive-recipient`, `BWP_ARCHIVE_RECIPIENT`,
/// `--archive-recipients-file`), or plain zips when `--plaintext-archives` says so (or in the sandbox).
struct ArchiveOptions: ParsableArguments {
    @Option(
        name: .customLong("archive-recipient"),
        help: ArgumentHelp(
            "Encrypt archives to this age recipient (age1…, from age-keygen); repeatable (default: BWP_ARCHIVE_RECIPIENT).",
            valueName: "age1…"))
    var recipientFlags: [String] = []

    @Option(help: ArgumentHelp("A file of age recipients, one per line (# comments).", valueName: "file"))
    var archiveRecipientsFile: String?

    @Flag(
        help: "Keep archives from a real endpoint as plain zip files (refused without it when no recipient is given).")
    var plaintextArchives = false

    /// The recipients given, from the flags, the file and the environment; a recipient that does not parse is
    /// refused before any request.
    func recipients(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [AgeRecipient] {
        var texts = recipientFlags
        if texts.isEmpty, let fromEnvironment = environment["BWP_ARCHIVE_RECIPIENT"], !fromEnvironment.isEmpty {
            texts = fromEnvironment.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        var recipients: [AgeRecipient] = []
        for text in texts {
            do {
                recipients.append(try AgeRecipient(text))
            } catch {
                throw ConfigurationError(
                    "--archive-recipient '\(text.prefix(80))' is not an age recipient (\(error)); it starts with age1, as age-keygen prints it"
                )
            }
        }
        if let archiveRecipientsFile {
            let text: String
            do {
                text = try String(contentsOfFile: archiveRecipientsFile, encoding: .utf8)
            } catch {
                throw ConfigurationError("cannot read --archive-recipients-file \(archiveRecipientsFile)")
            }
            do {
                recipients += try AgeKeyFile.recipients(in: text)
            } catch {
                throw ConfigurationError("--archive-recipients-file \(archiveRecipientsFile): \(error)")
            }
        }
        return recipients
    }

    /// How a run's archives are kept, or a refusal naming the flags when a real endpoint's would be plain.
    func protection(for record: RunRecord) throws -> ArchiveProtection {
        let recipients = try recipients()
        guard
            let protection = ArchiveProtection.chosen(
                for: record, recipients: recipients, plaintextAllowed: plaintextArchives)
        else {
            throw ConfigurationError(
                "archives hold everything Amazon keeps on a shopper: give --archive-recipient age1… (or "
                    + "BWP_ARCHIVE_RECIPIENT, --archive-recipients-file FILE) to keep them encrypted, or "
                    + "--plaintext-archives to keep them as plain zip files. Nothing was downloaded")
        }
        if protection == .plaintext, !plaintextArchives {
            Console.note("sandbox: archives are kept as plain zip files (give --archive-recipient to encrypt them)")
        }
        return protection
    }
}

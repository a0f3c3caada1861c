import ArgumentParser

/// Where runs keep their ledgers and reports: `--reports DIR`.
struct ReportsOptions: ParsableArguments {
    @Option(help: "Folder for ledgers and reports (created 0700).")
    var reports: String = "reports"
}

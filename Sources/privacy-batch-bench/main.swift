import Foundation

// privacy-batch-bench: speed and memory goals live here, never in tests.
let arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
    usage: privacy-batch-bench csv [FILE | --generate N] [--runs N]
           privacy-batch-bench engine [--rows N] [--rss-rows N] [--resume-rows N] [--rate R] [--latency MIN-MAX]
           privacy-batch-bench quota [--seconds S] [--only Q|schedule] [--client-rate R] [--concurrency N] [--trace]
           privacy-batch-bench soak [--minutes M] [--rows N] [--quota R]
           privacy-batch-bench scale [--rows N,N,...] [--keep]
           privacy-batch-bench follow-up [--runs N] [--rows N] [--keep]
           privacy-batch-bench zip-check [--size-mb N]
           privacy-batch-bench minimise [--rows N,N,...] [--keep]
    """
// A benchmark runs for minutes: asking one for help must not start it.
if arguments.contains("--help") || arguments.contains("-h") {
    print(usage)
    exit(0)
}
do {
    switch arguments.first {
    case "csv":
        try CSVBenchmark.run(arguments: Array(arguments.dropFirst()))
    case "engine":
        try await EngineBenchmark.run(arguments: Array(arguments.dropFirst()))
    case "quota":
        try await QuotaBenchmark.run(arguments: Array(arguments.dropFirst()))
    case "instant-run", "validate-only":
        try await EngineBenchmark.child(arguments: arguments)
    case "zip-check":
        try ZipCheckBenchmark.run(arguments: Array(arguments.dropFirst()))
    case "soak":
        try await SoakBenchmark.run(arguments: Array(arguments.dropFirst()))
    case "scale":
        try await ScaleBenchmark.run(arguments: Array(arguments.dropFirst()))
    case "follow-up":
        try await FollowUpBenchmark.run(arguments: Array(arguments.dropFirst()))
    case "minimise":
        try await MinimiseBenchmark.run(arguments: Array(arguments.dropFirst()))
    case "minimise-pass":
        try await MinimiseBenchmark.pass(arguments: Array(arguments.dropFirst()))
    case "measure-child":
        try await ScaleBenchmark.child(arguments: Array(arguments.dropFirst()))
    case "serve-simulator":
        try await SimulatorProcess.serve(arguments: Array(arguments.dropFirst()))
    default:
        print(usage)
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("privacy-batch-bench: \(error)\n".utf8))
    exit(1)
}

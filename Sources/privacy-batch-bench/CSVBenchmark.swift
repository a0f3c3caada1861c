enum CSVBenchmark { static func run(arguments: [String]) throws {} }

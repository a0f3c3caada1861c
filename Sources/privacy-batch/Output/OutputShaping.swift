/// A command whose output `--json`, `--quiet`, `--verbose` and `--log-format` shape; the root command puts
/// its ``OutputOptions`` in force before it runs. (`SendableMetatype`: the cast to it in `main` must not find a
/// main-actor-isolated conformance.)
protocol OutputShaping: SendableMetatype {
    /// The command's output options.
    var output: OutputOptions { get }
}

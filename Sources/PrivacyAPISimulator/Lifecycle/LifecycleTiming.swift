/// How simulated days map onto clock seconds.
struct LifecycleTiming: Sendable {
    var daySeconds: Double
    var processingDays: Double
}

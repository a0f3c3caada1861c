import ServiceLifecycle

/// Finds tasks that turned terminal while time passed and emits their events, until shutdown.
///
/// Needed because the lifecycle is computed from timestamps: nothing "happens" at a transition.
struct EventSweeper: Service {
    let services: SimulatorServices
    let interval: Duration

    func run() async throws {
        guard services.emitter.isEnabled else {
            try? await gracefulShutdown()
            return
        }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await services.sweepEvents()
            try? await Task.sleep(for: interval)
        }
        // One last pass, so a transition just before shutdown is not lost.
        await services.sweepEvents()
    }
}

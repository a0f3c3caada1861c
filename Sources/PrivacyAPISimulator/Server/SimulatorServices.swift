import Foundation
import Logging

/// The shared machinery of one simulator instance, handed to every request.
struct SimulatorServices: Sendable {
    var configuration: SimulatorConfiguration
    var store: TaskStore
    var directory: ShopperDirectory
    var tokens: TokenIssuer
    var limiter: RateLimiter?
    var faults: FaultInjector
    var signer: LinkSigner
    var emitter: EventEmitter
    var logger: Logger

    var clock: any SimulatorClock { configuration.clock }

    var timing: LifecycleTiming {
        LifecycleTiming(daySeconds: configuration.daySeconds, processingDays: configuration.processingDays)
    }

    /// Emits the events of tasks that turned terminal since the last sweep, a batch at a time.
    func sweepEvents() async {
        do {
            let now = clock.now()
            var due: [SimulatedTask]
            repeat {
                due = try await store.takeDueEvents(now: now, timing: timing)
                await emitter.emit(due, timing: timing)
            } while due.count == TaskStore.eventBatch
        } catch {
            logger.error("event sweep failed: \(error)")
        }
    }
}

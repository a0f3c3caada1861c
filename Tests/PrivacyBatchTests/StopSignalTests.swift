import Testing

@testable import PrivacyBatch

/// Waits that belong to a run end when the run stops.
@Suite struct StopSignalTests {
    @Test(.timeLimit(.minutes(1))) func aSleepEndsAtOnceWhenTheSignalIsRaised() async {
        let stop = StopSignal()
        async let slept = stop.sleep(until: .now + .seconds(3_600))
        stop.stop(.interrupted(signal: 15))
        #expect(await slept == false)
        #expect(stop.reason == .interrupted(signal: 15))
    }

    @Test func aRaisedSignalRefusesToSleepAndTheFirstReasonWins() async {
        let stop = StopSignal()
        stop.stop(.interrupted(signal: 2))
        stop.stop(.interrupted(signal: 15))
        #expect(await stop.sleep(until: .now + .seconds(3_600)) == false)
        #expect(stop.reason == .interrupted(signal: 2))
    }

    @Test func aSleepToAPastDeadlineReturnsTrue() async {
        #expect(await StopSignal().sleep(until: .now - .seconds(1)))
    }

    @Test(.timeLimit(.minutes(1))) func aWaiterIsWokenByTheStop() async {
        let stop = StopSignal()
        let waiter = Task { await stop.waitUntilStopped() }
        stop.stop(.interrupted(signal: 2))
        await waiter.value
        #expect(stop.isStopped)
    }
}

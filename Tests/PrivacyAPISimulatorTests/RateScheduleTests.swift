import Foundation
import PrivacyAPISimulator
import Testing

/// A quota that changes during a run, so benches and tests can replay one.
@Suite struct RateScheduleTests {
    @Test func parsesStepsAndAnswersTheRateAndTheAllowanceAtAnySecond() throws {
        let schedule = try RateSchedule(parsing: "0=40,20=10,40=40")
        #expect(
            schedule.steps == [.init(second: 0, rate: 40), .init(second: 20, rate: 10), .init(second: 40, rate: 40)])
        #expect(schedule.rate(at: 0) == 40)
        #expect(schedule.rate(at: 19.9) == 40)
        #expect(schedule.rate(at: 20) == 10)
        #expect(schedule.rate(at: 100) == 40)
        let allowed: Double = 40 * 20 + 10 * 20 + 40 * 20
        #expect(schedule.allowed(until: 60) == allowed)
        #expect(schedule.description == "0=40,20=10,40=40")
    }

    @Test(arguments: ["", "40", "0=40,", "5=40", "0=40,20=0", "0=40,20=10,10=5", "0=-1", "0=x", "0=40,20=10=3"])
    func refusesWhatIsNotASchedule(_ text: String) {
        #expect(throws: SimulatorError.self) { try RateSchedule(parsing: text) }
    }

    @Test func aScheduleAndAFixedRateTogetherAreRefused() throws {
        var configuration = SimulatorConfiguration()
        configuration.rate = 5
        configuration.rateSchedule = try RateSchedule(parsing: "0=5")
        #expect(throws: SimulatorError.self) { try PrivacyAPISimulator(configuration: configuration) }
    }

    @Test func theBucketRefillsAtTheRateOfTheMoment() async throws {
        let clock = ManualSimulatorClock()
        let schedule = try RateSchedule(parsing: "0=1,10=4")
        try await withSimulator({
            $0.clock = clock
            $0.rateSchedule = schedule
            $0.burst = 1
        }) { sim in
            let token = try await sim.token()
            #expect(try await sim.graphQL("{ __typename }", token: token).status == 200)
            #expect(try await sim.graphQL("{ __typename }", token: token).status == 429)
            // At 1/s a quarter second refills a quarter of a token...
            clock.advance(by: 0.25)
            #expect(try await sim.graphQL("{ __typename }", token: token).status == 429)
            // ...at 4/s, after second 10, it refills a whole one.
            clock.advance(by: 10)
            #expect(try await sim.graphQL("{ __typename }", token: token).status == 200)
            clock.advance(by: 0.25)
            #expect(try await sim.graphQL("{ __typename }", token: token).status == 200)
        }
    }
}

import Testing

@testable import PrivacyBatch

/// The pacer's decisions on a virtual clock: every instant is made up, nothing sleeps.
@Suite struct AdaptivePacerTests {
    private let origin = ContinuousClock.now

    private func at(_ seconds: Double) -> ContinuousClock.Instant { origin + .seconds(seconds) }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Sends one request at each slot the pacer gives from `start` for `duration` seconds, with requests in
    /// flight as under real concurrency: as each leaves, the answer to one sent `roundTrip` earlier comes back,
    /// admitted. Returns the time of the last send.
    @discardableResult
    private func drive(
        _ pacer: inout AdaptivePacer, from start: Double, for duration: Double, roundTrip: Double = 0.04,
        every gap: Double? = nil
    ) -> Double {
        var now = start
        while now < start + duration {
            let slot = seconds(pacer.reserve(now: at(now)) - origin)
            now = max(now, slot)
            pacer.record(.admitted, sentAt: at(now - roundTrip), now: at(now))
            if let gap { now += gap }
        }
        return now
    }

    @Test func slotsFollowTheRateOnAnAbsoluteSchedule() {
        var pacer = AdaptivePacer(configuration: .init(ceiling: 10), now: at(0))
        let first = pacer.reserve(now: at(0))
        let second = pacer.reserve(now: at(0))
        let third = pacer.reserve(now: at(0))
        #expect(second - first == .milliseconds(100))
        #expect(third - second == .milliseconds(100))
    }

    @Test func aLateWakeUpIsMadeUpSoTheRateHoldsButAQuietSpellIsNot() {
        var pacer = AdaptivePacer(configuration: .init(ceiling: 10), now: at(0))
        #expect(pacer.reserve(now: at(0)) == at(0))
        // The caller woke 30 ms late for the slot at 0.1 s: the next slot stays on the schedule at 0.2 s.
        #expect(pacer.reserve(now: at(0.13)) == at(0.1))
        #expect(pacer.reserve(now: at(0.13)) == at(0.2))
        // After a quiet spell only half an interval is made up: no burst.
        #expect(abs(seconds(pacer.reserve(now: at(5)) - at(4.95))) < 1e-9)
        #expect(abs(seconds(pacer.reserve(now: at(5)) - at(5.05))) < 1e-9)
    }

    @Test(arguments: [nil, 500.0])
    func aStallOfTheCallerIsMadeUpAtTwiceTheRateOnlyWithoutACeiling(ceiling: Double?) {
        var pacer = AdaptivePacer(configuration: .init(ceiling: ceiling, initialRate: 500), now: at(0))
        _ = pacer.reserve(now: at(0))
        // A ledger commit holds the caller for 10 ms (five intervals); then it takes each slot as it comes.
        var now = 0.010
        var sends: [Double] = []
        while now < 0.040 {
            now = max(now, seconds(pacer.reserve(now: at(now)) - origin))
            if now < 0.040 { sends.append(now) }
        }
        if ceiling == nil {
            // Every slot of the schedule up to 40 ms is used, at most two per interval: never back to back.
            #expect(sends.count >= 19)
            for (earlier, later) in zip(sends, sends.dropFirst()) { #expect(later - earlier >= 0.001 - 1e-9) }
        } else {
            // `--rate` is a ceiling over any stretch of time: half an interval is made up, no more.
            #expect(sends.count <= 16)
        }
    }

    @Test func burstLetsSeveralGoAtOnceAfterAQuietSpell() {
        var pacer = AdaptivePacer(configuration: .init(ceiling: 1, burst: 3), now: at(0))
        _ = pacer.reserve(now: at(0))
        let slots = (0..<4).map { _ in pacer.reserve(now: at(10)) }
        #expect(slots[0...2].allSatisfy { $0 <= at(10) })
        #expect(slots[3] == at(11))
    }

    @Test func slowStartDoublesTheRateEveryFewAnswersUntilTheFirstThrottle() {
        var pacer = AdaptivePacer(configuration: .init(initialRate: 10), now: at(0))
        #expect(pacer.rate == 10)
        drive(&pacer, from: 0, for: 1)
        #expect(pacer.inSlowStart)
        #expect(pacer.rate > 40)
    }

    @Test func theCeilingIsNeverExceeded() {
        var pacer = AdaptivePacer(configuration: .init(ceiling: 50), now: at(0))
        var slots: [ContinuousClock.Instant] = []
        var now = 0.0
        for _ in 0..<500 {
            let slot = pacer.reserve(now: at(now))
            slots.append(slot)
            now = max(now, seconds(slot - origin))
            pacer.record(.admitted, sentAt: slot, now: slot + .milliseconds(40))
            #expect(pacer.rate <= 50)
        }
        for (earlier, later) in zip(slots, slots.dropFirst()) { #expect(later - earlier >= .milliseconds(20)) }
    }

    @Test func aThrottleCutsFromTheMeasuredSendRateNotTheAllowedOne() {
        var pacer = AdaptivePacer(configuration: .init(ceiling: 100), now: at(0))
        // The work arrives at 10 a second although 100 are allowed.
        let end = drive(&pacer, from: 0, for: 2, every: 0.1)
        #expect(pacer.rate == 100)
        let measured = pacer.measuredSendRate(now: at(end + 0.04)) ?? 0
        #expect(measured > 8 && measured < 12)
        pacer.record(.throttled(retryAfter: nil), sentAt: at(end), now: at(end + 0.04))
        #expect(pacer.rate == pacer.configuration.slowStartBeta * min(100, measured))
        #expect(!pacer.inSlowStart)
    }

    @Test func throttlesFromTheSameRoundTripCutOnceAndALaterOneCutsAgain() {
        var pacer = AdaptivePacer(configuration: .init(ceiling: 100), now: at(0))
        let end = drive(&pacer, from: 0, for: 2)
        pacer.record(.throttled(retryAfter: nil), sentAt: at(end - 0.04), now: at(end))
        let afterFirst = pacer.rate
        #expect(afterFirst == 50)
        // Sent before the cut or within a round trip of it, answered after it: the same overshoot.
        pacer.record(.throttled(retryAfter: nil), sentAt: at(end - 0.01), now: at(end + 0.03))
        pacer.record(.throttled(retryAfter: nil), sentAt: at(end + 0.01), now: at(end + 0.05))
        #expect(pacer.rate == afterFirst)
        #expect(pacer.throttled == 3)
        // Sent well after the cut, and still throttled: the rate is still too high, so it is cut again.
        let later = drive(&pacer, from: end + 0.05, for: 1)
        let before = pacer.rate
        pacer.record(.throttled(retryAfter: nil), sentAt: at(later - 0.04), now: at(later))
        #expect(pacer.rate <= pacer.configuration.beta * before)
        #expect(pacer.throttled == 4)
    }

    @Test func aCutAfterWhichNothingGotThroughIsFollowedByAHalving() {
        var pacer = AdaptivePacer(configuration: .init(ceiling: 100), now: at(0))
        let end = drive(&pacer, from: 0, for: 2)
        pacer.record(.throttled(retryAfter: nil), sentAt: at(end - 0.04), now: at(end))
        #expect(pacer.rate == 50)
        // Everything sent at the new rate is throttled too: the quota is far lower.
        var now = end
        for _ in 0..<10 {
            let slot = pacer.reserve(now: at(now))
            now = seconds(slot - origin)
            pacer.record(.throttled(retryAfter: nil), sentAt: slot, now: slot + .milliseconds(40))
        }
        #expect(pacer.rate < 50 * 0.5)
        #expect(pacer.throttled == 11)
    }

    @Test func slowStartsOvershootIsMeasuredOverItsLastSendsNotTheHalfSecondBehindThem() {
        var pacer = AdaptivePacer(configuration: .init(initialRate: 10), now: at(0))
        let end = drive(&pacer, from: 0, for: 0.5)
        let reached = pacer.rate
        let halfSecond = pacer.measuredSendRate(now: at(end)) ?? 0
        // The ramp doubled its rate within its last round trips: the half-second average lags far behind it.
        #expect(halfSecond < 0.7 * reached)
        pacer.record(.throttled(retryAfter: nil), sentAt: at(end - 0.04), now: at(end))
        #expect(pacer.rate > pacer.configuration.slowStartBeta * halfSecond * 1.2)
        #expect(pacer.rate <= pacer.configuration.slowStartBeta * reached)
    }

    @Test func aLoneThrottleAmongManyAdmittedAnswersCutsByAFewPercent() {
        var pacer = AdaptivePacer(configuration: .init(ceiling: 400), now: at(0))
        var end = drive(&pacer, from: 0, for: 1)
        pacer.record(.throttled(retryAfter: nil), sentAt: at(end - 0.04), now: at(end))
        // Regrown over 4 s at about 200-400/s: a thousand answers admitted since that cut.
        end = drive(&pacer, from: end, for: 4)
        let lone = pacer.rate
        pacer.record(.throttled(retryAfter: nil), sentAt: at(end - 0.04), now: at(end))
        #expect(pacer.rate >= pacer.configuration.loneThrottleBeta * 0.97 * lone)
        #expect(pacer.rate < lone)
        // A throttle soon after, with few answers admitted in between, says more: the usual cut.
        end = drive(&pacer, from: end, for: 0.1)
        let soon = pacer.rate
        pacer.record(.throttled(retryAfter: nil), sentAt: at(end - 0.01), now: at(end))
        #expect(pacer.rate <= pacer.configuration.beta * soon + 1e-9)
    }

    @Test func afterACutTheRateRegrowsAlongTheCubicCurveBackToTheThrottledRate() {
        var pacer = AdaptivePacer(configuration: .init(ceiling: 1_000), now: at(0))
        let end = drive(&pacer, from: 0, for: 2)  // at the ceiling, 1,000/s
        pacer.record(.throttled(retryAfter: nil), sentAt: at(end - 0.04), now: at(end))
        let cut = pacer.rate
        #expect(cut == 500)
        var previous = cut
        var now = end
        var rates: [Double] = []
        while now < end + 3 {
            let slot = seconds(pacer.reserve(now: at(now)) - origin)
            now = max(now, slot)
            pacer.record(.admitted, sentAt: at(now - 0.04), now: at(now))
            #expect(pacer.rate >= previous)
            previous = pacer.rate
            rates.append(pacer.rate)
        }
        // Fast at first, flat near the throttled rate (1,000/s) at the end of the recovery (2 s), then capped.
        #expect(rates[rates.count / 4] > 750)
        #expect(rates[rates.count / 4] < 1_000)
        #expect(pacer.rate == 1_000)
    }

    @Test func aLongRetryAfterHoldsEveryoneAndAShortOneOnlyTheThrottledRequest() {
        var pacer = AdaptivePacer(configuration: .init(ceiling: 100), now: at(0))
        let first = pacer.reserve(now: at(0))
        pacer.record(.throttled(retryAfter: 1), sentAt: first, now: at(0.04))
        #expect(pacer.reserve(now: at(0.05)) < at(0.5))
        pacer.record(.throttled(retryAfter: 5), sentAt: at(0.2), now: at(0.25))
        #expect(pacer.reserve(now: at(0.3)) >= at(5.25))
        // A hostile hint is capped.
        pacer.record(.throttled(retryAfter: 86_400), sentAt: at(6), now: at(6))
        #expect(pacer.reserve(now: at(7)) <= at(6 + pacer.configuration.maximumPause))
    }

    @Test func failuresCountAsRequestsButDoNotMoveTheRate() {
        var pacer = AdaptivePacer(configuration: .init(ceiling: 20), now: at(0))
        pacer.record(.failed, sentAt: at(0), now: at(0.1))
        #expect(pacer.rate == 20)
        #expect(pacer.requests == 1)
        #expect(pacer.throttled == 0)
    }

    @Test func aThrottleLongAfterTheLastAdmittedAnswerCutsBelowOneRequestPerGap() {
        var pacer = AdaptivePacer(configuration: .init(ceiling: 100), now: at(0))
        let end = drive(&pacer, from: 0, for: 2)
        // The last admitted answer came at `end`; requests sent through the next half second found no token, so
        // the quota is below 2 a second, whatever the send rate was.
        pacer.record(.throttled(retryAfter: nil), sentAt: at(end + 0.01), now: at(end + 0.05))
        let afterFirst = pacer.rate
        #expect(afterFirst > 10)
        pacer.record(.throttled(retryAfter: nil), sentAt: at(end + 0.5), now: at(end + 0.54))
        #expect(pacer.rate <= 2 * pacer.configuration.slowStartBeta)
        #expect(pacer.cuts == 2)
    }

    @Test func aThrottleAfterAQuietSpellIsNotTakenForASlowQuota() {
        var pacer = AdaptivePacer(configuration: .init(ceiling: 100), now: at(0))
        let end = drive(&pacer, from: 0, for: 2)
        // Ten seconds without a request, then one throttled: nothing filled the gap, so it bounds nothing.
        pacer.record(.throttled(retryAfter: nil), sentAt: at(end + 10), now: at(end + 10.04))
        #expect(pacer.rate >= 100 * pacer.configuration.slowStartBeta * 0.9)
    }

    @Test func everyCutIsCountedSoASlotReservedBeforeItIsNotUsed() {
        var pacer = AdaptivePacer(configuration: .init(ceiling: 100), now: at(0))
        let end = drive(&pacer, from: 0, for: 2)
        #expect(pacer.cuts == 0)
        pacer.record(.throttled(retryAfter: nil), sentAt: at(end - 0.04), now: at(end))
        #expect(pacer.cuts == 1)
        // Same overshoot: no second cut, so slots reserved meanwhile stay good.
        pacer.record(.throttled(retryAfter: nil), sentAt: at(end - 0.02), now: at(end + 0.02))
        #expect(pacer.cuts == 1)
    }

    // Whole runs against a modeled token bucket (burst 10, 20-60 ms latency, concurrency 64, a throttled row
    // retried after 1 s), on a virtual clock: the goals as behaviour of the pacer, not as timings.

    @Test(arguments: [5.0, 40, 150])
    func aFixedQuotaIsFoundWithFewThrottledAnswers(quota: Double) {
        let outcome = QuotaModel(quota: quota).run()
        #expect(outcome.share >= 0.95)
        #expect(outcome.requestsPerRow <= 1.05)
    }

    @Test func aQuotaOfOneASecondCostsFewThrottledAnswersOverFiveMinutes() {
        let outcome = QuotaModel(quota: 1, seconds: 300).run()
        #expect(outcome.share >= 0.95)
        #expect(outcome.requestsPerRow <= 1.05)
    }

    @Test func theBurstAtOneASecondCostsAtMostEightThrottledAnswersInTheFirstMinute() {
        // Slow start spends the bucket's 10 tokens before the first throttle and overshoots: the gap bound and
        // fresh slots after each cut bring the rate down within a few answers, the rate admitted between cuts
        // keeps the estimate from staying above the quota, and no probe follows within the minute.
        let outcome = QuotaModel(quota: 1).run()
        #expect(outcome.throttled <= 8)
        #expect(outcome.share >= 0.95)
    }

    @Test func aQuotaThatFallsAndRisesIsFollowed() {
        let schedule = [QuotaModel.Step(second: 0, rate: 40), .init(second: 20, rate: 10), .init(second: 40, rate: 40)]
        let outcomes = (1...8 as ClosedRange<UInt64>).map { seed in
            var model = QuotaModel(schedule: schedule, seconds: 60)
            model.seed = seed
            return model.run()
        }
        // How soon the rise is found depends on when the last cut of the slow phase fell (slow start resumes a few
        // seconds after it): one run in eight loses most of those seconds, so the goal holds for the mean.
        let share = outcomes.map(\.share).reduce(0, +) / Double(outcomes.count)
        #expect(share >= 0.90)
        #expect(outcomes.allSatisfy { $0.share >= 0.85 && $0.requestsPerRow <= 1.10 })
    }

    @Test func aHighQuotaIsFoundWithinASecondAndHeldWithHardlyAThrottle() {
        // Slow start's cut is measured over its last sends, so the climb to 500/s takes about a second; latency
        // jitter bunches arrivals into the 10-token bucket now and then, and such a lone throttle costs a few
        // percent of the rate, not 15%.
        let outcome = QuotaModel(quota: 500).run()
        #expect(outcome.share >= 0.95)
        #expect(outcome.requestsPerRow <= 1.01)
    }
}

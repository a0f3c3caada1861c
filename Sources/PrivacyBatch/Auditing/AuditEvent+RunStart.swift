import PrivacyBatchLedger

extension AuditEvent {
    /// The `run-started` entry of a new run: what it was created from and with.
    static func started(_ record: RunRecord, request: BatchRun.Request) -> AuditEvent {
        var settings: [String: String] = [:]
        settings["type"] = record.defaults.type?.rawValue
        settings["holdingPeriod"] = record.defaults.holdingPeriod.map(String.init)
        settings["reason"] = record.defaults.reason
        settings["deadline"] = record.deadlineRule
        settings["processingDays"] = record.processingDays.map(String.init)
        settings["allowRepeat"] = String(request.allowRepeat)
        return .runStarted(
            inputSHA256: record.inputSHA256, settings: settings, endpoint: record.endpoint, targetID: record.targetID,
            tool: request.toolVersion)
    }
}

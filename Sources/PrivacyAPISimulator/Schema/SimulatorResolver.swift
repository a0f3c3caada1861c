import Foundation
import Graphiti

/// Root resolvers of the privacy interface.
struct SimulatorResolver: Sendable {
    struct DeletionInputArguments: Codable, Sendable {
        var input: StartPersonalDataDeletionTaskInput
    }

    struct RetrievalInputArguments: Codable, Sendable {
        var input: StartPersonalDataRetrievalTaskInput
    }

    struct TaskIDArguments: Codable, Sendable {
        var taskId: String
    }

    func startPersonalDataDeletionTask(
        context: SimulatorContext, arguments: DeletionInputArguments
    ) async throws -> StartPersonalDataDeletionTaskResponse? {
        let input = arguments.input
        let taskID = try await start(
            context: context, kind: .deletion, dataSubject: input.dataSubject, holdingPeriod: input.holdingPeriod,
            reason: input.reason, clientToken: input.clientToken)
        return StartPersonalDataDeletionTaskResponse(taskId: TaskID(taskID))
    }

    func startPersonalDataRetrievalTask(
        context: SimulatorContext, arguments: RetrievalInputArguments
    ) async throws -> StartPersonalDataRetrievalTaskResponse? {
        let input = arguments.input
        let taskID = try await start(
            context: context, kind: .retrieval, dataSubject: input.dataSubject, holdingPeriod: nil, reason: nil,
            clientToken: input.clientToken)
        return StartPersonalDataRetrievalTaskResponse(taskId: TaskID(taskID))
    }

    func cancelPersonalDataDeletionTask(
        context: SimulatorContext, arguments: TaskIDArguments
    ) async throws -> PersonalDataDeletionTask? {
        try requireScope(context)
        let services = context.services
        let task = try await services.store.cancel(arguments.taskId, now: services.clock.now(), timing: services.timing)
        return deletionView(task, context: context)
    }

    func personalDataDeletionTask(
        context: SimulatorContext, arguments: TaskIDArguments
    ) async throws -> PersonalDataDeletionTask? {
        try requireScope(context)
        guard let task = try await context.services.store.task(arguments.taskId, kind: .deletion) else {
            throw SimulatorAPIError.notFound
        }
        return deletionView(task, context: context)
    }

    func personalDataRetrievalTask(
        context: SimulatorContext, arguments: TaskIDArguments
    ) async throws -> PersonalDataRetrievalTask? {
        try requireScope(context)
        let services = context.services
        guard let task = try await services.store.task(arguments.taskId, kind: .retrieval) else {
            throw SimulatorAPIError.notFound
        }
        let now = services.clock.now()
        let state = task.state(at: now, timing: services.timing)
        var link: String?
        if state.status == .completed {
            // A fresh link on every query, as the real pre-signed URLs are.
            let expires = Int((now.timeIntervalSince1970 + services.configuration.linkTTL).rounded(.down))
            link = services.signer.link(base: context.linkBase, taskID: task.taskID, expires: expires)
        }
        return PersonalDataRetrievalTask(
            taskId: TaskID(task.taskID), status: state.status.rawValue,
            submissionDate: SimulatorDateFormat.micros(task.submittedAt),
            lastUpdatedDate: SimulatorDateFormat.micros(state.lastUpdated),
            dataSubject: DataSubject(type: .SHOPPER, email: task.email),
            errors: errors(task, status: state.status), dataRetrievalLink: link)
    }

    private func start(
        context: SimulatorContext, kind: TaskKind, dataSubject: DataSubjectInput, holdingPeriod: Int?,
        reason: String?, clientToken: ClientTokenInput?
    ) async throws -> String {
        try requireScope(context)
        let issues = InputValidator.issues(
            kind: kind, dataSubject: dataSubject, holdingPeriod: holdingPeriod, clientToken: clientToken)
        guard issues.isEmpty else { throw SimulatorAPIError.invalidInput(issues) }
        guard let email = dataSubject.email else { throw SimulatorAPIError.emailNotProvided(taskName: kind.taskName) }
        let services = context.services
        let submission = TaskSubmission(
            kind: kind, email: email, holdingPeriod: kind == .deletion ? (holdingPeriod ?? 10) : nil, reason: reason,
            clientToken: clientToken?.token)
        let outcome = try await services.store.start(
            submission, fate: services.directory.fate(for: kind, email: email), now: services.clock.now(),
            window: services.configuration.idempotencyWindow, timing: services.timing)
        switch outcome {
        case .created(let taskID), .replayed(let taskID): return taskID
        }
    }

    private func requireScope(_ context: SimulatorContext) throws {
        guard context.grant.hasPrivacyScope else { throw SimulatorAPIError.accessDenied }
    }

    private func deletionView(_ task: SimulatedTask, context: SimulatorContext) -> PersonalDataDeletionTask {
        let state = task.state(at: context.services.clock.now(), timing: context.services.timing)
        return PersonalDataDeletionTask(
            taskId: TaskID(task.taskID), status: state.status.rawValue,
            submissionDate: SimulatorDateFormat.micros(task.submittedAt),
            lastUpdatedDate: SimulatorDateFormat.micros(state.lastUpdated), holdingPeriod: task.holdingPeriod,
            dataSubject: DataSubject(type: .SHOPPER, email: task.email), errors: errors(task, status: state.status))
    }

    private func errors(_ task: SimulatedTask, status: TaskStatus) -> [PersonalDataTaskError?] {
        guard status == .failed, let failure = task.failure else { return [] }
        return [PersonalDataTaskError(code: failure.rawValue, message: failure.message(taskID: task.taskID))]
    }
}

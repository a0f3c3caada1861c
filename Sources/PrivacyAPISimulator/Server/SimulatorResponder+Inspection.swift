import Hummingbird

extension SimulatorResponder {
    /// `GET /_simulator/tasks`: every task in creation order, for tests and the CLI's sandbox.
    ///
    /// The listing holds every shopper's email, so it needs a bearer token from `/token`, like the API:
    /// binding loopback alone would still show it to every local user.
    func inspection(_ request: Request) async -> Response {
        if case .failure(let error) = authenticate(request) {
            return Self.json(error.transportBody, status: .unauthorized, headers: [.wwwAuthenticate: "Bearer"])
        }
        let now = services.clock.now()
        let stored: [SimulatedTask]
        do {
            stored = try await services.store.allTasks()
        } catch {
            services.logger.error("cannot list tasks: \(error)")
            return Response(status: .internalServerError)
        }
        let tasks = stored.map { task -> JSONValue in
            .object([
                ("taskId", .string(task.taskID)),
                ("kind", .string(task.kind.rawValue)),
                ("email", .string(task.email)),
                ("clientToken", task.clientToken.map(JSONValue.string) ?? .null),
                ("holdingPeriod", task.holdingPeriod.map(JSONValue.int) ?? .null),
                ("reason", task.reason.map(JSONValue.string) ?? .null),
                ("status", .string(task.state(at: now, timing: services.timing).status.rawValue)),
                ("submissionDate", .string(SimulatorDateFormat.micros(task.submittedAt))),
                ("holdingPeriod", task.holdingPeriod.map(JSONValue.int) ?? .null),
                ("reason", task.reason.map(JSONValue.string) ?? .null),
            ])
        }
        return Self.json(.object([("tasks", .array(tasks))]))
    }
}

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
        let tasks = await services.store.allTasks().map { task -> JSONValue in
            .object([
                ("taskId", .string(task.taskID)),
                ("kind", .string(task.kind.rawValue)),
                ("email", .string(task.email)),
                ("clientToken", task.clientToken.map(JSONValue.string) ?? .null),
                ("status", .string(task.state(at: now, timing: services.timing).status.rawValue)),
                ("submissionDate", .string(SimulatorDateFormat.micros(task.submittedAt))),
            ])
        }
        return Self.json(.object([("tasks", .array(tasks))]))
    }
}

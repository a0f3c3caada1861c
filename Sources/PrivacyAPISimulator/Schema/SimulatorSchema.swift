import Graphiti

/// The Graphiti schema of the privacy interface (version 2024-11-01).
struct SimulatorSchema: API, Sendable {
    let resolver = SimulatorResolver()
    let schema: Schema<SimulatorResolver, SimulatorContext>

    init() throws {
        schema = try Schema<SimulatorResolver, SimulatorContext> {
            Scalar(TaskID.self, as: "ID")
            Enum(DataSubjectType.self) {
                Value(.SHOPPER)
            }
            Input(DataSubjectInput.self) {
                InputField("type", at: \.type)
                InputField("email", at: \.email)
            }
            Input(ClientTokenInput.self) {
                InputField("token", at: \.token)
            }
            Input(StartPersonalDataDeletionTaskInput.self) {
                InputField("dataSubject", at: \.dataSubject)
                InputField("holdingPeriod", at: \.holdingPeriod)
                InputField("reason", at: \.reason)
                InputField("clientToken", at: \.clientToken)
            }
            Input(StartPersonalDataRetrievalTaskInput.self) {
                InputField("dataSubject", at: \.dataSubject)
                InputField("clientToken", at: \.clientToken)
            }
            Type(DataSubject.self) {
                Field("type", at: \.type)
                Field("email", at: \.email)
            }
            Type(PersonalDataTaskError.self) {
                Field("code", at: \.code)
                Field("message", at: \.message)
            }
            Type(StartPersonalDataDeletionTaskResponse.self) {
                Field("taskId", at: \.taskId)
            }
            Type(StartPersonalDataRetrievalTaskResponse.self) {
                Field("taskId", at: \.taskId)
            }
            Type(PersonalDataDeletionTask.self) {
                Field("taskId", at: \.taskId)
                Field("status", at: \.status)
                Field("submissionDate", at: \.submissionDate)
                Field("lastUpdatedDate", at: \.lastUpdatedDate)
                Field("holdingPeriod", at: \.holdingPeriod)
                Field("dataSubject", at: \.dataSubject)
                Field("errors", at: \.errors)
            }
            Type(PersonalDataRetrievalTask.self) {
                Field("taskId", at: \.taskId)
                Field("status", at: \.status)
                Field("submissionDate", at: \.submissionDate)
                Field("lastUpdatedDate", at: \.lastUpdatedDate)
                Field("dataSubject", at: \.dataSubject)
                Field("errors", at: \.errors)
                Field("dataRetrievalLink", at: \.dataRetrievalLink)
            }
            Query {
                Field("personalDataDeletionTask", at: SimulatorResolver.personalDataDeletionTask) {
                    Argument("taskId", at: \.taskId)
                }
                Field("personalDataRetrievalTask", at: SimulatorResolver.personalDataRetrievalTask) {
                    Argument("taskId", at: \.taskId)
                }
            }
            Mutation {
                Field("startPersonalDataDeletionTask", at: SimulatorResolver.startPersonalDataDeletionTask) {
                    Argument("input", at: \.input)
                }
                Field("startPersonalDataRetrievalTask", at: SimulatorResolver.startPersonalDataRetrievalTask) {
                    Argument("input", at: \.input)
                }
                Field("cancelPersonalDataDeletionTask", at: SimulatorResolver.cancelPersonalDataDeletionTask) {
                    Argument("taskId", at: \.taskId)
                }
            }
        }
    }
}

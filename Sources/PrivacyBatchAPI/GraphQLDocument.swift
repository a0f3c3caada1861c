/// The GraphQL documents the client sends, one per operation, always with variables.
///
/// Values travel as variables, never spliced into the text, so no email can break or inject into a document.
/// Task queries do not ask for `dataSubject`: the ledger already knows the row, and asking would move
/// personal data for nothing.
enum GraphQLDocument {
    static let startDeletion = """
        mutation StartPersonalDataDeletionTask($input: StartPersonalDataDeletionTaskInput!) {
          startPersonalDataDeletionTask(input: $input) { taskId }
        }
        """

    static let startRetrieval = """
        mutation StartPersonalDataRetrievalTask($input: StartPersonalDataRetrievalTaskInput!) {
          startPersonalDataRetrievalTask(input: $input) { taskId }
        }
        """

    static let cancelDeletion = """
        mutation CancelPersonalDataDeletionTask($taskId: String!) {
          cancelPersonalDataDeletionTask(taskId: $taskId) { taskId status }
        }
        """

    static let deletionTask = """
        query PersonalDataDeletionTask($taskId: String!) {
          personalDataDeletionTask(taskId: $taskId) { taskId status submissionDate lastUpdatedDate errors { code message } }
        }
        """

    static let retrievalTask = """
        query PersonalDataRetrievalTask($taskId: String!) {
          personalDataRetrievalTask(taskId: $taskId) {
            taskId status submissionDate lastUpdatedDate dataRetrievalLink errors { code message }
          }
        }
        """
}

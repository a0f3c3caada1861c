import PrivacyBatchCore

/// Every operation a run uses of the privacy API: starting tasks (``TaskStarting``), checking credentials,
/// querying a task, cancelling a deletion and downloading a retrieval's archive.
///
/// ``PrivacyAPIClient`` is the real one; tests drive tracking, watch, cancel and download through a scripted
/// fake, without a server.
public protocol PrivacyAPI: TaskStarting {
    /// Fails unless the credentials can get an access token.
    func checkCredentials() async throws(APIFailure)
    /// The task's current snapshot.
    func task(_ taskId: String, type: RequestType) async throws(APIFailure) -> TaskSnapshot
    /// Cancels a deletion within its holding period.
    func cancelDeletion(_ taskId: String) async throws(APIFailure) -> TaskSnapshot
    /// Streams the archive behind a retrieval's link to `consume`, refusing one over `maxSize` bytes.
    func download<Stored: Sendable>(
        link: String, maxSize: Int, consume: @escaping @Sendable (ArchiveBody) async throws -> Stored
    ) async throws(APIFailure) -> PrivacyAPIClient.StreamedDownload<Stored>
}

extension PrivacyAPIClient: PrivacyAPI {}

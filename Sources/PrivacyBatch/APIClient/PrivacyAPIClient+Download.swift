import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore

/// Downloading a retrieval archive from its pre-signed link.
extension PrivacyAPIClient {
    /// How a download ended.
    public enum DownloadResult: Sendable, Equatable {
        /// The whole body is in the file: its size and SHA-256.
        case saved(size: Int, sha256: String)
        /// The link had expired (HTTP 403): query the task for a fresh one.
        case linkExpired
    }

    /// Streams the archive at `link` into `path` (created `0600`), hashing as it goes.
    ///
    /// No bearer token is sent: the link is pre-signed, and may point at storage outside the API.
    public func download(link: String, to path: String) async throws(APIFailure) -> DownloadResult {
        var request = HTTPClientRequest(url: link)
        request.method = .GET
        do {
            let response = try await httpClient.execute(request, timeout: .seconds(300))
            switch response.status.code {
            case 200..<300: break
            case 403:
                _ = try? await response.body.collect(upTo: 1 << 16)
                return .linkExpired
            default:
                _ = try? await response.body.collect(upTo: 1 << 16)
                throw APIFailure.transient(reason: "archive download answered HTTP \(response.status.code)")
            }
            try SecureFile.createIfMissing(path)
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw APIFailure.transient(reason: "cannot write \(path)")
            }
            defer { try? handle.close() }
            try handle.truncate(atOffset: 0)
            var hasher = SHA256()
            var size = 0
            for try await buffer in response.body {
                let data = Data(buffer: buffer)
                hasher.update(data: data)
                try handle.write(contentsOf: data)
                size += data.count
            }
            try handle.synchronize()
            return .saved(size: size, sha256: hasher.finalize().map { String(format: "%02x", $0) }.joined())
        } catch let failure as APIFailure {
            throw failure
        } catch {
            throw .transient(reason: "archive download failed (\(Self.describe(error)))")
        }
    }
}

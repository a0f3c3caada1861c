import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import PrivacyBatchCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Downloading a retrieval archive from its pre-signed link.
extension PrivacyAPIClient {
    /// How a download ended.
    public enum DownloadResult: Sendable, Equatable {
        /// The whole body is in the file: its size and SHA-256.
        case saved(size: Int, sha256: String)
        /// The link had expired (HTTP 403): query the task for a fresh one.
        case linkExpired
    }

    /// The default cap on one archive's size (`--max-archive-size`): 1 GiB, far above one shopper's data.
    public static let defaultMaxArchiveSize = 1 << 30

    /// The whole download, connect to last byte, must finish within this.
    static let downloadDeadline: Duration = .seconds(300)

    /// How a streamed download ended.
    public enum StreamedDownload<Stored: Sendable>: Sendable {
        /// The whole body went to the consumer, which returned this.
        case stored(Stored)
        /// The link had expired (HTTP 403): query the task for a fresh one.
        case linkExpired
    }

    /// Streams the archive at `link` into a new file at `path` (created `0600`, exclusively), hashing as it goes.
    ///
    /// No bearer token is sent: the link is pre-signed, and may point at storage outside the API. The link
    /// must be https (or http when the endpoint itself is loopback, as the sandbox is); redirects are not
    /// followed, and a body over `maxSize` bytes is cut off and refused. On failure no file is left at `path`.
    public func download(
        link: String,
        to path: String,
        maxSize: Int = PrivacyAPIClient.defaultMaxArchiveSize
    ) async throws(APIFailure) -> DownloadResult {
        let streamed = try await download(link: link, maxSize: maxSize) { body in
            try await Self.save(body, to: path)
        }
        switch streamed {
        case .stored(let (size, digest)): return .saved(size: size, sha256: digest)
        case .linkExpired: return .linkExpired
        }
    }

    /// Streams the archive at `link` to `consume`, piece by piece as it arrives (never whole in memory), with
    /// the checks of ``download(link:to:maxSize:)``; what `consume` returns is the download's result. A failure
    /// `consume` throws is the download's (as a transient failure unless it is an ``APIFailure``).
    public func download<Stored: Sendable>(
        link: String,
        maxSize: Int = PrivacyAPIClient.defaultMaxArchiveSize,
        consume: @escaping @Sendable (ArchiveBody) async throws -> Stored
    ) async throws(APIFailure) -> StreamedDownload<Stored> {
        try checkArchiveLink(link)
        var request = HTTPClientRequest(url: link)
        request.method = .GET
        do {
            return try await RequestDeadline.run(Self.downloadDeadline, timers: httpClient.eventLoopGroup) {
                [httpClient, request] in
                let response = try await httpClient.execute(request, timeout: .seconds(300))
                switch response.status.code {
                case 200..<300: break
                case 403:
                    _ = try? await response.body.collect(upTo: 1 << 16)
                    return StreamedDownload<Stored>.linkExpired
                case 300..<400:
                    throw APIFailure.rejected(
                        code: "ARCHIVE_REDIRECT",
                        message:
                            "the archive link answered a redirect (HTTP \(response.status.code)); redirects are not followed"
                    )
                default:
                    _ = try? await response.body.collect(upTo: 1 << 16)
                    throw APIFailure.transient(reason: "archive download answered HTTP \(response.status.code)")
                }
                if let declared = response.headers.first(name: "Content-Length").flatMap(Int.init), declared > maxSize {
                    throw Self.tooLarge(maxSize)
                }
                return .stored(try await consume(ArchiveBody(body: response.body, maxSize: maxSize)))
            }
        } catch let failure as APIFailure {
            throw failure
        } catch {
            throw .transient(reason: "archive download failed (\(Self.describe(error)))")
        }
    }

    /// Refuses a link that is not https (http only when the endpoint is loopback) or that carries credentials.
    func checkArchiveLink(_ link: String) throws(APIFailure) {
        guard let components = URLComponents(string: link), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw .rejected(code: "UNSAFE_LINK", message: "the dataRetrievalLink is not a URL")
        }
        let allowed = scheme == "https" || (scheme == "http" && configuration.endpoint.isLoopback)
        guard allowed, components.user == nil, components.password == nil else {
            throw .rejected(
                code: "UNSAFE_LINK",
                message:
                    "the dataRetrievalLink uses '\(scheme)'; only https archive links are downloaded (http only from a loopback endpoint)"
            )
        }
    }

    static func tooLarge(_ maxSize: Int) -> APIFailure {
        .rejected(
            code: "ARCHIVE_TOO_LARGE",
            message: "the archive is larger than --max-archive-size (\(maxSize) bytes); raise it to download this one"
        )
    }

    private static func save(_ body: ArchiveBody, to path: String) async throws -> (Int, String) {
        let handle = FileHandle(fileDescriptor: try SecureFile.createExclusive(path), closeOnDealloc: true)
        do {
            var hasher = SHA256()
            var size = 0
            for try await piece in body {
                size += piece.count
                hasher.update(data: piece)
                try handle.write(contentsOf: Data(piece))
            }
            try handle.synchronize()
            try handle.close()
            return (size, Hexadecimal.encode(hasher.finalize()))
        } catch {
            try? handle.close()
            unlink(path)
            throw error
        }
    }
}

import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// A tiny HTTP server on a loopback port that answers as a test tells it to: redirects, trickling bodies,
/// huge bodies. It counts the requests it receives, so a test can prove that one never reached it.
public final class HostileServer: Sendable {
    /// What the server answers to one request.
    public typealias Handler = @Sendable (_ method: String, _ path: String) async -> Response

    private struct ClosureResponder: HTTPResponder {
        typealias Context = BasicRequestContext
        let handler: Handler
        let server: HostileServer

        func respond(to request: Request, context: Context) async throws -> Response {
            var request = request
            _ = try? await request.collectBody(upTo: 1 << 20)
            server.hitLog.withLock { $0.append(request.uri.path) }
            return await handler(request.method.rawValue, request.uri.path)
        }
    }

    private let hitLog = Mutex<[String]>([])

    /// The paths requested so far, in order.
    public var hits: [String] { hitLog.withLock { $0 } }

    private init() {}

    /// Runs a server answering with `handler`, calls `body` with it and its base URL, then stops it.
    @discardableResult
    public static func with<T: Sendable>(
        _ handler: @escaping Handler,
        _ body: @Sendable (HostileServer, String) async throws -> T
    ) async throws -> T {
        let server = HostileServer()
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "hostile-server")
        // Cancelling endless bodies at shutdown makes the server log errors that mean nothing here.
        logger.logLevel = .critical
        let app = Application(
            responder: ClosureResponder(handler: handler, server: server),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                defer { continuation.finish() }
                try await group.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            let result: Result<T, any Error>
            do {
                result = .success(try await body(server, "http://127.0.0.1:\(port)"))
            } catch {
                result = .failure(error)
            }
            await group.triggerGracefulShutdown()
            tasks.cancelAll()
            try? await tasks.waitForAll()
            return try result.get()
        }
    }

    /// A `Response` with a JSON body.
    public static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A redirect to `location`.
    public static func redirect(to location: String, status: HTTPResponse.Status = .temporaryRedirect) -> Response {
        Response(status: status, headers: [.location: location])
    }

    /// A 200 whose body never ends: one byte every 200 ms until the client goes away.
    public static func trickle() -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init { writer in
                while !Task.isCancelled {
                    try await writer.write(ByteBuffer(string: " "))
                    try await Task.sleep(for: .milliseconds(200))
                }
                try await writer.finish(nil)
            })
    }

    /// A 200 streaming `size` bytes in 64 KiB chunks, without a Content-Length.
    public static func stream(size: Int) -> Response {
        Response(
            status: .ok,
            body: .init { writer in
                var left = size
                let chunk = ByteBuffer(repeating: 0x41, count: 1 << 16)
                while left > 0 {
                    let piece = min(left, chunk.readableBytes)
                    try await writer.write(chunk.getSlice(at: 0, length: piece) ?? chunk)
                    left -= piece
                }
                try await writer.finish(nil)
            })
    }
}

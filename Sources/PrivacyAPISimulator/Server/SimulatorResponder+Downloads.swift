import Foundation
import Hummingbird

extension SimulatorResponder {
    /// `GET /downloads/<taskId>/data_retrieval.zip?expires=&signature=`, answering like S3 pre-signed URLs.
    ///
    /// Expiry is checked once, when the request arrives, so a download that has started always completes.
    func download(_ request: Request) async -> Response {
        let path = request.uri.path
        let parts = path.split(separator: "/")
        let query = request.uri.queryParameters
        guard parts.count == 3, parts[2] == "data_retrieval.zip" else {
            return Self.s3Error(code: "NoSuchKey", message: "The specified key does not exist.", status: .notFound)
        }
        guard let expiresText = query["expires"], let expires = Int(expiresText), let signature = query["signature"]
        else {
            return Self.s3Error(
                code: "AccessDenied",
                message: "Query-string authentication requires the expires and signature parameters",
                status: .forbidden)
        }
        guard services.signer.isValid(path: path, expires: expires, signature: String(signature)) else {
            return Self.s3Error(
                code: "SignatureDoesNotMatch",
                message:
                    "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
                status: .forbidden)
        }
        let now = services.clock.now()
        guard Double(expires) > now.timeIntervalSince1970 else {
            return Self.s3Error(
                code: "AccessDenied", message: "Request has expired", status: .forbidden,
                extra: "<Expires>\(SimulatorDateFormat.seconds(Date(timeIntervalSince1970: Double(expires))))</Expires>"
                    + "<ServerTime>\(SimulatorDateFormat.seconds(now))</ServerTime>")
        }
        let taskID = String(parts[1])
        let stored: SimulatedTask?
        do {
            stored = try await services.store.task(taskID, kind: .retrieval)
        } catch {
            services.logger.error("cannot read task for a download: \(error)")
            return Self.s3Error(
                code: "InternalError", message: "We encountered an internal error. Please try again.",
                status: .internalServerError)
        }
        guard let task = stored,
            task.state(at: now, timing: services.timing).status == .completed
        else {
            return Self.s3Error(code: "NoSuchKey", message: "The specified key does not exist.", status: .notFound)
        }
        var archive = ZipArchive()
        archive.add(name: "profile.json", data: Array(Self.profile(for: task).serialized().utf8))
        if services.configuration.archiveFillerBytes > 0 {
            // Deterministic, not zeros: a filler that compresses to nothing would hide a streaming bug.
            let filler = (0..<services.configuration.archiveFillerBytes).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            archive.add(name: "filler.bin", data: filler)
        }
        let bytes = archive.bytes()
        var buffer = ByteBuffer()
        buffer.writeBytes(bytes)
        let headers: HTTPFields = [
            .contentType: "application/zip",
            .contentDisposition: "attachment; filename=\"data_retrieval.zip\"",
        ]
        guard let pause = services.configuration.archiveChunkPause else {
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: buffer))
        }
        let whole = buffer
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody(contentLength: whole.readableBytes) { writer in
                var rest = whole
                while let chunk = rest.readSlice(length: min(65_536, rest.readableBytes)), chunk.readableBytes > 0 {
                    try await writer.write(chunk)
                    try await Task.sleep(for: .milliseconds(Int(pause * 1000)))
                }
                try await writer.finish(nil)
            })
    }

    /// What the simulated shopper's data looks like inside the archive.
    static func profile(for task: SimulatedTask) -> JSONValue {
        .object([
            ("taskId", .string(task.taskID)),
            ("dataSubject", .object([("type", .string("SHOPPER")), ("email", .string(task.email))])),
            ("profile", .object([("email", .string(task.email)), ("name", .string("Simulated Shopper"))])),
            ("orders", .array([])),
            ("generatedBy", .string("privacy-batch simulator")),
        ])
    }

    static func s3Error(code: String, message: String, status: HTTPResponse.Status, extra: String = "") -> Response {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>\(code)</Code><Message>\(message)</Message>\(extra)\
            <RequestId>\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16))</RequestId></Error>
            """
        return Response(
            status: status, headers: [.contentType: "application/xml"],
            body: .init(byteBuffer: ByteBuffer(string: xml)))
    }
}

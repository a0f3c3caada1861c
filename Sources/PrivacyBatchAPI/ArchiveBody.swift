import AsyncHTTPClient
import NIOCore

/// An archive's body as it arrives, in pieces, cut off with ``PrivacyAPIClient``'s size failure past its cap.
public struct ArchiveBody: AsyncSequence, Sendable {
    /// A piece of the body.
    public typealias Element = [UInt8]

    private enum Source: Sendable {
        case http(HTTPClientResponse.Body)
        case pieces([[UInt8]])
    }

    private let source: Source
    private let maxSize: Int

    init(body: HTTPClientResponse.Body, maxSize: Int) {
        source = .http(body)
        self.maxSize = maxSize
    }

    /// A body made of `pieces`, for fakes of the API.
    public init(pieces: [[UInt8]], maxSize: Int = PrivacyAPIClient.defaultMaxArchiveSize) {
        source = .pieces(pieces)
        self.maxSize = maxSize
    }

    /// Iterates the pieces once.
    public struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate var http: HTTPClientResponse.Body.AsyncIterator?
        fileprivate var pieces: IndexingIterator<[[UInt8]]>?
        let maxSize: Int
        var size = 0

        /// The next piece, or `nil` after the last.
        public mutating func next() async throws -> [UInt8]? {
            let piece: [UInt8]
            if var iterator = http {
                guard let buffer = try await iterator.next() else { return nil }
                http = iterator
                piece = Array(buffer.readableBytesView)
            } else {
                guard let next = pieces?.next() else { return nil }
                piece = next
            }
            size += piece.count
            guard size <= maxSize else { throw PrivacyAPIClient.tooLarge(maxSize) }
            return piece
        }
    }

    /// Starts iterating.
    public func makeAsyncIterator() -> AsyncIterator {
        switch source {
        case .http(let body): AsyncIterator(http: body.makeAsyncIterator(), pieces: nil, maxSize: maxSize)
        case .pieces(let pieces): AsyncIterator(http: nil, pieces: pieces.makeIterator(), maxSize: maxSize)
        }
    }
}

import GraphQL
import Synchronization

/// Parsed and validated GraphQL documents, by their text.
///
/// Clients send the same few documents over and over; parsing and validating each again (and the schema
/// with it, as `graphql()` does) was most of the simulator's cost per request. Only documents that parsed
/// and validated without errors are kept, so every invalid document still gets the engine's own errors.
final class ValidatedDocumentCache: Sendable {
    private let documents = Mutex<[String: Document]>([:])
    private let capacity: Int

    init(capacity: Int = 256) {
        self.capacity = capacity
    }

    /// The validated document for `text`, parsing and validating it on first sight; `nil` when it is not valid.
    func document(for text: String, schema: GraphQLSchema) -> Document? {
        if let known = documents.withLock({ $0[text] }) { return known }
        guard let parsed = try? parse(source: Source(body: text, name: "GraphQL request")),
            validate(schema: schema, ast: parsed, rules: specifiedRules).isEmpty
        else { return nil }
        documents.withLock { cache in
            // A bounded cache: a client generating documents cannot grow it without limit.
            if cache.count >= capacity { cache.removeAll(keepingCapacity: true) }
            cache[text] = parsed
        }
        return parsed
    }
}

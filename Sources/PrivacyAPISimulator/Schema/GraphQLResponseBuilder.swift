import GraphQL

/// Turns the engine's result into the API's response shape.
///
/// Resolver failures are thrown as `SimulatorAPIError` and rebuilt here from `originalError` plus the
/// executor's locations and path, because a `GraphQLError` thrown from a resolver loses both.
enum GraphQLResponseBuilder {
    static func body(for result: GraphQLResult) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if !result.errors.isEmpty {
            members.append(("errors", .array(result.errors.map(error))))
        }
        if let data = result.data, case .dictionary = data {
            members.append(("data", JSONValue(map: data)))
        } else {
            // The seeds show `"data": {"<field>": null}`; the engine gives nil when the only root field failed.
            let roots = result.errors.compactMap { $0.path.elements.first }.compactMap { element -> String? in
                if case .key(let key) = element { return key }
                return nil
            }
            if !roots.isEmpty {
                var seen: Set<String> = []
                members.append(("data", .object(roots.filter { seen.insert($0).inserted }.map { ($0, .null) })))
            }
        }
        return .object(members)
    }

    static func error(_ error: GraphQLError) -> JSONValue {
        var members: [(String, JSONValue)] = []
        let apiError = error.originalError as? SimulatorAPIError
        members.append(("message", .string(apiError?.message ?? error.message)))
        if !error.locations.isEmpty {
            members.append(
                (
                    "locations",
                    .array(
                        error.locations.map { .object([("line", .int($0.line)), ("column", .int($0.column))]) })
                ))
        }
        if !error.path.elements.isEmpty {
            members.append(
                (
                    "path",
                    .array(
                        error.path.elements.map { element in
                            switch element {
                            case .index(let index): .int(index)
                            case .key(let key): .string(key)
                            }
                        })
                ))
        }
        if let apiError {
            members.append(("extensions", apiError.extensions))
        } else if !error.extensions.isEmpty {
            members.append(
                (
                    "extensions",
                    .object(error.extensions.sorted { $0.key < $1.key }.map { ($0.key, JSONValue(map: $0.value)) })
                ))
        }
        return .object(members)
    }

    /// A request the engine could not even parse, in the engine's own error shape.
    static func body(for error: GraphQLError) -> JSONValue {
        .object([("errors", .array([Self.error(error)]))])
    }
}

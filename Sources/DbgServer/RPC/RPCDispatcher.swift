import DbgService
import FoundationEssentials

/// Delve's RPCServer methods by name: each decodes its arguments from the request, calls
/// the session and encodes its reply.
struct RPCDispatcher: Sendable {
    enum Outcome: Sendable {
        case result([UInt8])
        case error(String)
    }

    typealias Handler = @Sendable (_ request: Data) async -> Outcome

    private var handlers: [String: Handler] = [:]

    /// Adds a method whose arguments decode as `Arguments` and whose reply encodes as `Reply`.
    mutating func add<Arguments: Decodable & Sendable, Reply: Encodable & Sendable>(
        _ name: String, _ arguments: Arguments.Type = Arguments.self,
        _ body: @escaping @Sendable (Arguments) async throws(ServiceError) -> Reply
    ) {
        handlers[name] = { request in
            let decoded: Arguments
            do {
                let params = try JSONDecoder().decode(JSONRPC.RequestParams<Arguments>.self, from: request)
                decoded = try params.arguments ?? JSONDecoder().decode(Arguments.self, from: Data("{}".utf8))
            } catch is JSONRPC.MissingParams {
                return .error("jsonrpc: request body missing params")
            } catch {
                return .error("invalid arguments for \(JSONRPC.service).\(name): \(Self.describe(error))")
            }
            do {
                let reply = try await body(decoded)
                return .result(Array(try JSONRPC.encoder().encode(reply)))
            } catch let error as ServiceError {
                return .error(error.message)
            } catch {
                return .error("cannot encode the reply of \(name): \(error)")
            }
        }
    }

    /// Runs the method a request names; an unknown one gets the reply Delve 1.20 sends.
    func dispatch(method: String, request: Data) async -> Outcome {
        guard let dot = method.lastIndex(of: ".") else {
            return .error("unknown method: \(method)")
        }
        let service = method[..<dot], name = String(method[method.index(after: dot)...])
        guard service == JSONRPC.service else { return .error("unknown method: \(method)") }
        guard let handler = handlers[name] else { return .error("unknown method: \(method)") }
        return await handler(request)
    }

    /// One line for a decoding error: which field, what was wrong.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "" : keys.joined(separator: ".") + ": "
        }
        switch error {
        case .typeMismatch(let type, let context): return path(context) + "expected \(type)"
        case .valueNotFound(let type, let context): return path(context) + "missing \(type)"
        case .keyNotFound(let key, let context): return path(context) + "missing field \(key.stringValue)"
        case .dataCorrupted(let context): return path(context) + context.debugDescription
        @unknown default: return "\(error)"
        }
    }
}

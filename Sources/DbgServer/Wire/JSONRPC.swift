import DbgService
import FoundationEssentials

/// JSON-RPC 1.0 as Go's net/rpc/jsonrpc speaks it (Delve's API v2 wire format):
/// `{"method":"RPCServer.Name","params":[ARGS],"id":ID}` in, `{"id":ID,"result":R,"error":null}`
/// or `{"id":ID,"result":null,"error":"text"}` out, each reply followed by a newline.
enum JSONRPC {
    static let service = "RPCServer"

    /// A request's method and id; its params are decoded later, by the method's argument type.
    struct RequestHeader: Decodable {
        var method: String?
        var id: RequestID?
    }

    /// A request's params as Go reads them: an array whose first element holds the arguments.
    /// A missing element leaves the arguments at their defaults.
    struct RequestParams<Arguments: Decodable>: Decodable {
        var arguments: Arguments?

        enum CodingKeys: String, CodingKey { case params }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard container.contains(.params), try !container.decodeNil(forKey: .params) else {
                throw MissingParams()
            }
            var elements = try container.nestedUnkeyedContainer(forKey: .params)
            arguments = elements.isAtEnd ? nil : try elements.decode(Arguments.self)
        }
    }

    struct MissingParams: Error {}

    struct Request<Arguments: Encodable>: Encodable {
        var method: String
        var params: [Arguments]
        var id: UInt64
    }

    struct ResponseHeader: Decodable {
        var id: UInt64?
        var error: String?
    }

    struct ResponseResult<Result: Decodable>: Decodable {
        var result: Result?
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }

    /// A reply's bytes: the result (already encoded) or an error text.
    static func response(id: RequestID, result: [UInt8]?, error: String?) -> [UInt8] {
        let encoder = encoder()
        let idBytes = (try? encoder.encode(id)).map(Array.init) ?? Array("null".utf8)
        var out = Array("{\"id\":".utf8) + idBytes + Array(",\"result\":".utf8)
        out += result ?? Array("null".utf8)
        out += Array(",\"error\":".utf8)
        if let error {
            out += (try? encoder.encode(error)).map(Array.init) ?? Array("\"error\"".utf8)
        } else {
            out += Array("null".utf8)
        }
        out += Array("}\n".utf8)
        return out
    }
}

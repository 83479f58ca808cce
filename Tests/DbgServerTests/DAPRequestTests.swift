import Testing
@testable import DbgServer

/// Reading a DAP message body as a request, as the connection does with what a client sends.
@Suite struct DAPRequestTests {
    static func request(arguments: String) -> [UInt8] {
        Array(#"{"seq":3,"type":"request","command":"launch","arguments":\#(arguments)}"#.utf8)
    }

    static func refusal(_ body: [UInt8]) -> String? {
        do {
            _ = try DAPRequest(body: body)
            return nil
        } catch {
            guard case .notARequest(_, let reason) = error else { return nil }
            return reason
        }
    }

    /// 1 KB of arguments nested 500 deep: decoding it took over a second (each level's kind is
    /// found by failed decodes, which cost about the square of the depth), so one 4 MiB
    /// message could keep the reader busy for most of an hour. It is refused before decoding.
    @Test func aMessageNestedTooDeeplyIsRefusedUndecoded() {
        let nested = String(repeating: "[", count: 500) + "1" + String(repeating: "]", count: 500)
        let reason = Self.refusal(Self.request(arguments: #"{"args":\#(nested)}"#))
        #expect(reason?.contains("deeper than \(DAPRequest.depthLimit) levels") == true, "\(reason ?? "decoded")")
    }

    /// Up to the limit a message is read, and brackets inside strings (escaped quotes too) are
    /// text, not nesting.
    @Test func nestingUpToTheLimitIsRead() throws {
        // The message and its arguments are two levels.
        let depth = DAPRequest.depthLimit - 2
        let nested = String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
        let brackets = String(repeating: #"[{\"["#, count: 40)
        let request = try DAPRequest(body: Self.request(arguments: #"{"args":\#(nested),"program":"\#(brackets)"}"#))
        #expect(try request.arguments.string("program") == String(repeating: #"[{"["#, count: 40))
        #expect(Self.refusal(Self.request(arguments: #"{"args":[\#(nested)]}"#)) != nil)
    }
}

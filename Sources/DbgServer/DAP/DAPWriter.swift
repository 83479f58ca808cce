import FoundationEssentials
import Synchronization

/// Sends responses and events to the client, numbered: each message gets the next `seq`,
/// and is framed with its Content-Length. Messages go out in the order they are given.
final class DAPWriter: Sendable {
    private let connection: SocketConnection
    private let nextSeq = Mutex<Int64>(1)

    init(connection: SocketConnection) {
        self.connection = connection
    }

    func respond(to request: DAPRequest, body: DAPValue? = nil) {
        var message: [String: DAPValue] = [
            "type": "response", "request_seq": .int(request.seq), "command": .string(request.command), "success": true,
        ]
        if let body { message["body"] = body }
        send(message)
    }

    /// A failed request: `message` is the short summary an editor shows, `detail` the one line
    /// saying what went wrong.
    func fail(seq: Int64, command: String, message: String, detail: String, showUser: Bool = false) {
        let format = detail.isEmpty ? message : "\(message): \(detail)"
        send([
            "type": "response", "request_seq": .int(seq), "command": .string(command), "success": false,
            "message": .string(message),
            "body": ["error": ["id": 1, "format": .string(format), "showUser": .bool(showUser)]],
        ])
    }

    func event(_ name: String, body: DAPValue? = nil) {
        var message: [String: DAPValue] = ["type": "event", "event": .string(name)]
        if let body { message["body"] = body }
        send(message)
    }

    /// A request the adapter makes of the client (`runInTerminal`); returns its seq.
    @discardableResult
    func reverseRequest(_ command: String, arguments: DAPValue) -> Int64 {
        nextSeq.withLock { seq in
            defer { seq += 1 }
            write(["seq": .int(seq), "type": "request", "command": .string(command), "arguments": arguments])
            return seq
        }
    }

    /// Waits (up to two seconds) until what was sent has been written.
    func flush() async { await connection.flush() }

    private func send(_ message: [String: DAPValue]) {
        // The number and the queueing happen under one lock: seq order is send order.
        nextSeq.withLock { seq in
            var numbered = message
            numbered["seq"] = .int(seq)
            seq += 1
            write(numbered)
        }
    }

    private func write(_ message: [String: DAPValue]) {
        connection.send(Self.frame(message))
    }

    /// A message as it goes on the wire: its Content-Length header, then its JSON.
    static func frame(_ message: [String: DAPValue]) -> [UInt8] {
        var text = ""
        DAPValue.object(message).write(into: &text)
        let body = Array(text.utf8)
        return Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }
}

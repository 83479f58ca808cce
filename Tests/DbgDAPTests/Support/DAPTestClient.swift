import Foundation
import Synchronization

/// A scripted Debug Adapter Protocol client over TCP, as an editor would be: it frames requests
/// (`Content-Length: N\r\n\r\n` + JSON), numbers them by `seq`, matches responses by
/// `request_seq`, and keeps every event in the order it came.
///
/// A thread of its own reads the socket (blocking `recv`) and appends what it parses to `state`
/// under a Mutex; the test's task only ever polls that state (with deadlines) and writes.
/// The reader never writes: answers to reverse requests are queued and sent by the test's task,
/// so two writers can never interleave their bytes on the socket.
final class DAPTestClient: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// What the reader has seen.
    private struct State {
        var messages: [JSON] = []           // every message, in order of arrival
        var consumedEvents: Set<Int> = []   // indices in `messages` already returned by waitForEvent
        var closed = false                  // the adapter closed the connection (or recv failed)
        var readerDone = false
        var protocolErrors: [String] = []   // frames we could not parse: the adapter's fault
        var pendingReplies: [Data] = []     // answers to reverse requests, to be written by the test task
        var nextSeq = 1
    }

    private let fd: Int32
    private let state = Mutex(State())
    /// Runs a runInTerminal request's command (a test's stand-in for an editor's terminal):
    /// the process id, or nil to refuse.
    private let terminal = Mutex<(@Sendable (JSON) -> Int32?)?>(nil)

    /// From now on runInTerminal requests are answered by running their command with `run`.
    func runsInTerminal(_ run: @escaping @Sendable (JSON) -> Int32?) { terminal.withLock { $0 = run } }
    let label: String

    private init(fd: Int32, label: String) {
        self.fd = fd
        self.label = label
    }

    /// Connects to 127.0.0.1:PORT and starts reading.
    static func connect(port: UInt16, label: String) throws -> DAPTestClient {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw Failure(description: "connect to 127.0.0.1:\(port): errno \(code)")
        }
        let client = DAPTestClient(fd: fd, label: label)
        let reader = Thread { client.readLoop() }
        reader.name = "DAPTestClient reader"
        reader.start()
        return client
    }

    // MARK: the reader thread

    private func readLoop() {
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        defer { state.withLock { $0.closed = true; $0.readerDone = true } }
        while true {
            while let message = nextFrame(&buffer) {
                deliver(message)
            }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }

    /// Takes one complete frame off the front of `buffer`, if there is one.
    private func nextFrame(_ buffer: inout Data) -> JSON? {
        let separator = Data("\r\n\r\n".utf8)
        guard let headerEnd = buffer.range(of: separator) else { return nil }
        let header = String(decoding: buffer[buffer.startIndex..<headerEnd.lowerBound], as: UTF8.self)
        var length: Int?
        for line in header.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-length" {
                length = Int(parts[1].trimmingCharacters(in: .whitespaces))
            }
        }
        guard let length, length >= 0 else {
            state.withLock { $0.protocolErrors.append("bad header from adapter: \(header)") }
            buffer.removeAll()
            return nil
        }
        let bodyStart = headerEnd.upperBound
        guard buffer.distance(from: bodyStart, to: buffer.endIndex) >= length else { return nil }
        let bodyEnd = buffer.index(bodyStart, offsetBy: length)
        let body = buffer[bodyStart..<bodyEnd]
        buffer = Data(buffer[bodyEnd...])
        do {
            return try JSON.parse(Data(body))
        } catch {
            state.withLock { $0.protocolErrors.append("\(error)") }
            return nil
        }
    }

    private func deliver(_ message: JSON) {
        // A terminal, if the test gave one, runs runInTerminal's command (before the lock: it spawns).
        let terminalRun = message["type"].string == "request" && message["command"].string == "runInTerminal"
        let pid = terminalRun ? terminal.withLock { $0 }.flatMap { $0(message["arguments"]) } : nil
        state.withLock { state in
            state.messages.append(message)
            // Reverse requests: without a terminal we claim no support (runInTerminal and the
            // rest are refused), which an adapter must cope with.
            if message["type"].string == "request" {
                var reply: JSON = [
                    "seq": .number(Double(state.nextSeq)), "type": "response",
                    "request_seq": message["seq"], "command": message["command"],
                    "success": false, "message": "not supported by the test client",
                ]
                if let pid {
                    reply = ["seq": .number(Double(state.nextSeq)), "type": "response", "request_seq": message["seq"],
                             "command": message["command"], "success": true, "body": ["processId": .number(Double(pid))]]
                }
                state.nextSeq += 1
                state.pendingReplies.append(Self.frame(reply))
            }
        }
    }

    // MARK: writing

    static func frame(_ message: JSON) -> Data {
        let body = Data(message.text.utf8)
        return Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }

    /// Writes raw bytes (for malformed input); false if the adapter has gone (EPIPE and the like).
    @discardableResult
    func sendRaw(_ bytes: Data) -> Bool {
        flushReplies()
        return write(bytes)
    }

    private func write(_ bytes: Data) -> Bool {
        bytes.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            var offset = 0
            while offset < raw.count {
                // MSG_NOSIGNAL: a closed peer must give EPIPE, not kill the test runner.
                let sent = Glibc.send(fd, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if sent < 0 && errno == EINTR { continue }
                if sent <= 0 { return false }
                offset += sent
            }
            return true
        }
    }

    private func flushReplies() {
        let replies = state.withLock { state -> [Data] in
            defer { state.pendingReplies = [] }
            return state.pendingReplies
        }
        for reply in replies { _ = write(reply) }
    }

    /// Sends a request without waiting; its seq.
    @discardableResult
    func send(_ command: String, _ arguments: JSON? = nil) throws -> Int {
        let seq = state.withLock { state -> Int in
            defer { state.nextSeq += 1 }
            return state.nextSeq
        }
        var message: [String: JSON] = ["seq": .number(Double(seq)), "type": "request", "command": .string(command)]
        if let arguments { message["arguments"] = arguments }
        guard sendRaw(Self.frame(.object(message))) else {
            throw Failure(description: "\(label): could not send \(command): the connection is closed")
        }
        return seq
    }

    /// Sends many requests in one write (pipelined: none waits for an answer); their seqs.
    @discardableResult
    func sendPipelined(_ requests: [(command: String, arguments: JSON?)]) throws -> [Int] {
        let first = state.withLock { state -> Int in
            defer { state.nextSeq += requests.count }
            return state.nextSeq
        }
        var bytes = Data()
        for (offset, request) in requests.enumerated() {
            var message: [String: JSON] = ["seq": .number(Double(first + offset)), "type": "request", "command": .string(request.command)]
            if let arguments = request.arguments { message["arguments"] = arguments }
            bytes += Self.frame(.object(message))
        }
        guard sendRaw(bytes) else { throw Failure(description: "\(label): the connection closed while sending \(requests.count) requests") }
        return Array(first..<(first + requests.count))
    }

    /// Closes our side of the connection for writing (the adapter sees end of input).
    func shutdownWrite() { Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Ends the connection and the reader; safe to call twice.
    func close() async {
        Glibc.shutdown(fd, Int32(SHUT_RDWR))
        _ = await Self.poll(seconds: 10) { self.state.withLock { $0.readerDone } }
        // The descriptor is closed only once the reader has stopped using it (else a recv could
        // read a descriptor number reused by another test's open).
        if state.withLock({ $0.readerDone }) { Glibc.close(fd) }
    }

    // MARK: waiting

    /// Polls `condition` until it holds or `seconds` pass, sending queued reverse-request
    /// replies as it goes.
    private static func poll<T>(seconds: Double, _ condition: () -> T?) async -> T? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let value = condition() { return value }
            if Date() >= deadline { return condition() }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// The response to request `seq`. Throws on timeout, on a closed connection, and on
    /// `success: false` unless `allowFailure`.
    func response(to seq: Int, command: String, seconds: Double = 30, allowFailure: Bool = false) async throws -> JSON {
        enum Outcome { case found(JSON), closed }
        let outcome = await Self.poll(seconds: seconds) { () -> Outcome? in
            flushReplies()
            return state.withLock { state -> Outcome? in
                if let found = state.messages.first(where: { $0["type"].string == "response" && $0["request_seq"].int == seq }) {
                    return .found(found)
                }
                return state.closed ? .closed : nil
            }
        }
        switch outcome {
        case .found(let response):
            if response["success"].bool != true && !allowFailure {
                throw Failure(description: "\(label): \(command) failed: \(response["message"].string ?? "?") \(response["body"].text)")
            }
            return response
        case .closed:
            throw Failure(description: "\(label): the adapter closed the connection before answering \(command) (seq \(seq))")
        case nil:
            throw Failure(description: "\(label): no response to \(command) (seq \(seq)) within \(seconds) s")
        }
    }

    /// Sends a request and waits for its response.
    @discardableResult
    func request(_ command: String, _ arguments: JSON? = nil, seconds: Double = 30, allowFailure: Bool = false)
        async throws -> JSON
    {
        let seq = try send(command, arguments)
        return try await response(to: seq, command: command, seconds: seconds, allowFailure: allowFailure)
    }

    /// The first event named `name` not already returned by this function.
    @discardableResult
    func waitForEvent(_ name: String, seconds: Double = 30) async throws -> JSON {
        let found = await Self.poll(seconds: seconds) { () -> JSON? in
            flushReplies()
            return state.withLock { state -> JSON? in
                for (index, message) in state.messages.enumerated()
                where !state.consumedEvents.contains(index) && message["type"].string == "event" && message["event"].string == name {
                    state.consumedEvents.insert(index)
                    return message
                }
                return nil
            }
        }
        guard let found else {
            let closed = state.withLock { $0.closed }
            throw Failure(description: "\(label): no \(name) event within \(seconds) s\(closed ? " (connection closed)" : ""); events: \(eventNames)")
        }
        return found
    }

    /// Waits for the adapter to close the connection; whether it did.
    func waitForClose(seconds: Double = 20) async -> Bool {
        await Self.poll(seconds: seconds) { state.withLock { $0.closed } ? true : nil } ?? false
    }

    /// Waits until `count` responses have arrived (pipelined requests); how many did.
    func waitForResponses(_ count: Int, seconds: Double = 60) async -> Int {
        var seen = 0
        _ = await Self.poll(seconds: seconds) { () -> Bool? in
            let (responses, closed) = state.withLock { state in
                (state.messages.lazy.filter { $0["type"].string == "response" }.count, state.closed)
            }
            seen = responses
            return responses >= count || closed ? true : nil
        }
        return seen
    }

    var messages: [JSON] { state.withLock { $0.messages } }
    var events: [JSON] { messages.filter { $0["type"].string == "event" } }
    var eventNames: [String] { events.compactMap { $0["event"].string } }
    var protocolErrors: [String] { state.withLock { $0.protocolErrors } }
    var isClosed: Bool { state.withLock { $0.closed } }
}

import Foundation
@testable import DbgServer

/// A raw JSON-RPC connection for tests: bytes in, parsed replies out. Blocking socket calls
/// run on threads of their own, never on the cooperative pool the server shares.
final class RPCTestClient: @unchecked Sendable {
    // @unchecked: `fd` is a let; `nextID` is touched only inside `idLock`, `scanner` only
    // inside `readLock` (held across a blocking read, so never the same lock as requests).
    let fd: Int32
    private var scanner = JSONStreamScanner(limit: 64 << 20)
    private var nextID = 0
    private let idLock = NSLock()
    private let readLock = NSLock()

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Connects to HOST:PORT; from `source` (an address of this machine) when given.
    init(port: UInt16, host: String = "127.0.0.1", source: String? = nil) throws {
        // CLOEXEC: a dbg the test starts later must not inherit it (and hold the server's peer open).
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(source)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else {
                throw Failure(description: "cannot bind to \(source)")
            }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr(host)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            throw Failure(description: "cannot connect to port \(port): \(reason)")
        }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    init(unixPath: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(unixPath.utf8)
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "cannot connect to unix:\(unixPath)") }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Also when an init throws: every property is set by then, so Swift runs deinit.
    deinit { close(fd) }

    /// Sends raw bytes; false when the server has closed the connection.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// `prefix`, then `count` bytes of `filler` in 1 MiB pieces, sent from a thread of its own
    /// until all is sent or the server stops taking them; how many bytes went out.
    func flood(prefix: String, filler: UInt8, count: Int) async -> Int {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { [self] in
                var total = 0
                guard send(prefix) else { return continuation.resume(returning: total) }
                total += prefix.utf8.count
                let piece = [UInt8](repeating: filler, count: 1 << 20)
                while total < count + prefix.utf8.count {
                    guard send(piece) else { break }
                    total += piece.count
                }
                continuation.resume(returning: total)
            }
        }
    }

    /// Sends a request and returns its id.
    func request(_ method: String, _ params: Any) throws -> Int {
        let id = idLock.withLock { nextID += 1; return nextID }
        let body = try JSONSerialization.data(withJSONObject: ["method": "RPCServer." + method, "params": [params], "id": id])
        guard send(Array(body)) else { throw Failure(description: "the server closed the connection before \(method)") }
        return id
    }

    /// The next reply (nil when the connection ends first), read off the cooperative pool.
    func reply() async -> [String: Any]? {
        guard let data = await rawReply() else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// The next reply's bytes.
    func rawReply() async -> Data? {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { [self] in continuation.resume(returning: readMessage()) }
        }
    }

    /// A request and its reply; the reply's `result` when there is no error.
    func call(_ method: String, _ params: Any = [String: Any]()) async throws -> [String: Any] {
        let id = try request(method, params)
        guard let reply = await reply() else { throw Failure(description: "no reply to \(method)") }
        guard reply["id"] as? Int == id else { throw Failure(description: "\(method): reply for another request: \(reply)") }
        if let error = reply["error"] as? String { throw Failure(description: "\(method): \(error)") }
        return reply["result"] as? [String: Any] ?? [:]
    }

    /// True once the server has closed this connection (waits up to `seconds`).
    func isClosedByServer(seconds: Int = 10) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { [self] in
                var timeout = timeval(tv_sec: seconds, tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                var byte: UInt8 = 0
                while true {
                    let count = recv(fd, &byte, 1, 0)
                    if count == 0 || (count < 0 && errno == ECONNRESET) { return continuation.resume(returning: true) }
                    if count < 0 { return continuation.resume(returning: false) }
                }
            }
        }
    }

    private func readMessage() -> Data? {
        readLock.lock()
        defer { readLock.unlock() }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if let message = try? scanner.next() { return Data(message) }
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            scanner.append(buffer[0..<count])
        }
    }
}

import DbgService
import Dispatch
import FoundationEssentials
import Synchronization

/// `dbg dap`: a Debug Adapter Protocol server for one client, as `dlv dap` is. The client
/// says what to debug (`launch` or `attach`); the server ends when the client disconnects or
/// goes away (a launched program is then killed, an attached one left running).
public final class DAPServer: Sendable {
    private let listener: Listener
    private let starter: any DAPDebuggeeStarter
    private let finished = Mutex<CheckedContinuation<Void, Never>?>(nil)
    private let done = Mutex(false)

    /// The address clients connect to (with the real port when port 0 was asked for).
    public var address: String { listener.boundDescription }

    public init(listen: ListenAddress, starter: any DAPDebuggeeStarter) throws(ServiceError) {
        listener = try Listener(listen)
        self.starter = starter
    }

    /// Serves the first client until it leaves; later connections are refused.
    public func run() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            finished.withLock { $0 = continuation }
            let taken = Mutex(false)
            listener.acceptLoop(noRoom: { taken.withLock { $0 } ? "a DAP client is already connected" : nil }) { [self] connection in
                let first = taken.withLock { wasTaken in
                    defer { wasTaken = true }
                    return !wasTaken
                }
                guard first else {
                    connection.hangUp()
                    connection.readerDone()
                    return
                }
                listener.close()
                ServerThread.start { [self] in serve(connection) }
            }
        }
    }

    private func finish() {
        let continuation = finished.withLock { stored in
            defer { stored = nil }
            return stored
        }
        continuation?.resume()
    }

    /// The connection's reader thread: message bodies to the session, in order.
    private func serve(_ connection: SocketConnection) {
        let writer = DAPWriter(connection: connection)
        let session = DAPSession(writer: writer, starter: starter)
        let (requests, feed) = AsyncStream<DAPRequest>.makeStream()
        // Read ahead at most this many requests: a client that floods waits for answers.
        let slots = DispatchSemaphore(value: ServerLimits.requestsInFlight)
        let handler = Task { [self] in
            for await request in requests {
                await session.handle(request)
                slots.signal()
                if await session.ended { break }
            }
            // The client left (or said disconnect): the program goes as dlv dap lets it go.
            await session.endDebugging(kill: await session.killsOnLoss)
            await writer.flush()
            connection.hangUp()
            finish()
        }
        _ = handler
        var scanner = DAPFrameScanner(bodyLimit: ServerLimits.requestBytes)
        var buffer = [UInt8](repeating: 0, count: 65536)
        reading: while let count = connection.receive(into: &buffer) {
            scanner.append(buffer[0..<count])
            do {
                while let body = try scanner.next() {
                    do {
                        let request = try DAPRequest(body: body)
                        slots.wait()
                        feed.yield(request)
                    } catch {
                        if case .notARequest(let seq, let reason) = error {
                            writer.fail(seq: seq, command: "", message: "Internal Error", detail: reason)
                        }
                    }
                }
            } catch {
                // No next message can be found in a stream whose framing broke: say why, and end.
                writer.fail(seq: 0, command: "", message: "Internal Error", detail: Self.describe(error))
                break reading
            }
        }
        feed.finish()
        connection.readerDone()
    }

    private static func describe(_ failure: DAPFrameScanner.Failure) -> String {
        switch failure {
        case .badHeader(let reason): return "bad message header (\(reason)): connection closed"
        case .tooLarge(let length): return "message of \(length) bytes is larger than \(ServerLimits.requestBytes >> 20) MiB: connection closed"
        }
    }
}

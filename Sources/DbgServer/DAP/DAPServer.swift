import DbgService
import FoundationEssentials
import Synchronization

/// `dbg dap`: a Debug Adapter Protocol server for one client, as `dlv dap` is. The client
/// says what to debug (`launch` or `attach`); the server ends when the client disconnects or
/// goes away (a launched program is then killed, an attached one left running).
public final class DAPServer: Sendable {
    private let listener: Listener
    private let starter: any DAPDebuggeeStarter
    private let finished = Mutex<CheckedContinuation<Void, Never>?>(nil)

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

    /// `dbg dap --client-addr`: dials a client that waits for its adapter (as dlv dap's
    /// --client-addr), serves it, and returns when it leaves.
    public static func serveClient(at address: ListenAddress, starter: any DAPDebuggeeStarter) async throws(ServiceError) {
        let connection = try SocketConnection.connect(to: address)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            ServerThread.start {
                DAPConnection.serve(connection, makeSession: { writer in DAPSession(writer: writer, starter: starter) }) { session, writer in
                    await session.endDebugging(kill: await session.killsOnLoss)
                    await writer.flush()
                    connection.hangUp()
                    done.resume()
                }
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

    /// The connection's reader thread (see DAPConnection); when the client leaves, the program
    /// goes as dlv dap lets it go, and the server ends.
    private func serve(_ connection: SocketConnection) {
        DAPConnection.serve(connection, makeSession: { [starter] writer in DAPSession(writer: writer, starter: starter) }) {
            [self] session, writer in
            await session.endDebugging(kill: await session.killsOnLoss)
            await writer.flush()
            connection.hangUp()
            finish()
        }
    }
}

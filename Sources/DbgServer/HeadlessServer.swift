import DbgService
import FoundationEssentials
import Dispatch
import Synchronization

/// `dbg ... --headless`: serves a debugger over Delve's JSON-RPC API v2 on one listener.
///
/// Each connection has a reader thread that cuts its stream into messages and hands each
/// to a task, so a pending `continue` never holds up a `State` or a `halt` (on the same
/// connection or another). Without `acceptMulticlient` one client is served (the listener
/// closes when it connects) and the server ends when it leaves; with it, up to
/// `ServerLimits.clients` at once, and the server ends when a client sends Detach.
public final class HeadlessServer: Sendable {
    private let listener: Listener
    private let session: ServerSession
    private let dispatcher: RPCDispatcher
    /// Open connections, by identity (a descriptor number can be reused as soon as it is closed).
    private let connections = Mutex<[ObjectIdentifier: SocketConnection]>([:])

    /// The address clients connect to (with the real port when port 0 was asked for).
    public var address: String { listener.boundDescription }

    /// `version` is what clients are told the server is (GetVersion); `executable` the program's
    /// file (its modification time is Delve's LastModified).
    public init(listen: ListenAddress, client: any DebuggerClient, acceptMulticlient: Bool, attached: Bool = false,
                version: String = "dbg", executable: String? = nil) throws(ServiceError)
    {
        listener = try Listener(listen)
        session = ServerSession(client: client, acceptsMulticlient: acceptMulticlient, attached: attached, executable: executable)
        dispatcher = RPCMethods.dispatcher(for: session, version: version)
    }

    /// The warning `--listen` on a non-loopback address deserves, or nil.
    public static func exposureWarning(for address: ListenAddress) -> String? {
        address.isLoopback ? nil : "\(address.description) is not a loopback address: "
            + "anyone who can reach it can run code as this user"
    }

    /// Serves until a client detaches (or, without multiclient, until the client leaves).
    public func run() async {
        listener.acceptLoop(noRoom: { [self] in
            connections.withLock { $0.count } < ServerLimits.clients ? nil : Self.full
        }) { [self] connection in accepted(connection) }
        await session.waitForEnd()
        listener.close()
        for connection in connections.withLock({ Array($0.values) }) { connection.hangUp() }
    }

    private static let full = "\(ServerLimits.clients) clients already connected"

    private func accepted(_ connection: SocketConnection) {
        let admitted = connections.withLock { open in
            guard open.count < ServerLimits.clients else { return false }
            open[ObjectIdentifier(connection)] = connection
            return true
        }
        guard admitted else {
            listener.log.log("refused connection from \(connection.peerDescription): \(Self.full)")
            connection.hangUp()
            connection.readerDone()
            return
        }
        // One client only: as Delve, stop listening (later connections are refused by the
        // kernel, and cost this process nothing).
        if !session.acceptsMulticlient { listener.close() }
        ServerThread.start { [self] in read(connection) }
    }

    /// The connection's reader thread. Its first bytes pick the protocol, as Delve's server
    /// does: `Content-Length` (a `C`) is DAP, anything else Delve's JSON-RPC.
    private func read(_ connection: SocketConnection) {
        var first = [UInt8](repeating: 0, count: 65536)
        let count = connection.receive(into: &first) ?? 0
        let prefix = Array(first[0..<count])
        if prefix.first == UInt8(ascii: "C") {
            serveDAP(connection, startingWith: prefix)
        } else {
            serveJSONRPC(connection, startingWith: prefix)
        }
    }

    /// A DAP client joins the session with `attach` mode "remote". When it leaves without a
    /// multiclient server to go back to (or asks to terminate), the session ends with it.
    private func serveDAP(_ connection: SocketConnection, startingWith prefix: [UInt8]) {
        let shared = DAPDebuggee(client: session.client, attached: session.attached)
        let outlives = session.acceptsMulticlient
        DAPConnection.serve(connection, startingWith: prefix, makeSession: { writer in
            DAPSession(writer: writer, remote: shared, outlivesClient: outlives)
        }) { [self] dapSession, writer in
            let letGo = await dapSession.endedDebugging
            let stays = outlives && !letGo
            if !stays { await dapSession.endDebugging(kill: !session.attached) }
            // The client hears the last reply before the server goes.
            await writer.flush()
            connection.hangUp()
            forget(connection)
            if !stays { await session.end() }
        }
    }

    private func forget(_ connection: SocketConnection) {
        connections.withLock { $0[ObjectIdentifier(connection)] = nil }
    }

    /// Messages to tasks until the peer leaves or misbehaves (what is not JSON-RPC, or too big
    /// to be, gets an error reply and ends the connection).
    private func serveJSONRPC(_ connection: SocketConnection, startingWith prefix: [UInt8]) {
        // Taken before a request's task starts, given back when it ends: a peer that pipelines
        // without end waits for answers instead of growing the server. Every task gives its slot
        // back before it releases the semaphore, so it is never freed below its initial value.
        let slots = DispatchSemaphore(value: ServerLimits.requestsInFlight)
        let failure = connection.readMessages(with: JSONStreamScanner(limit: ServerLimits.requestBytes), startingWith: prefix) { message in
            slots.wait()
            Task {
                await handle(message, from: connection)
                slots.signal()
            }
        }
        if let failure { connection.refuseRest(failure.reply) }
        connection.readerDone()
        let remaining = connections.withLock { open in
            open[ObjectIdentifier(connection)] = nil
            return open.count
        }
        if !session.acceptsMulticlient && remaining == 0 {
            // The only client left without detaching: end the session as Delve does.
            Task { [session] in
                guard await !session.hasEnded else { return }
                try? await session.client.detach(kill: false)
                await session.end()
            }
        }
    }

    private func handle(_ message: [UInt8], from connection: SocketConnection) async {
        let data = Data(message)
        guard let header = try? JSONDecoder().decode(JSONRPC.RequestHeader.self, from: data) else {
            connection.send(JSONRPC.response(id: .null, result: nil, error: "jsonrpc: malformed request"))
            return
        }
        let id = header.id ?? .null
        guard let method = header.method else {
            connection.send(JSONRPC.response(id: id, result: nil, error: "jsonrpc: request has no method"))
            return
        }
        let outcome = await dispatcher.dispatch(method: method, request: data)
        switch outcome {
        case .result(let bytes):
            connection.send(JSONRPC.response(id: id, result: bytes, error: nil))
            if method == JSONRPC.service + ".Detach" {
                await connection.flush()  // the client hears the reply before the server goes
                await session.end()
            }
        case .error(let text):
            connection.send(JSONRPC.response(id: id, result: nil, error: text))
        }
    }
}

extension JSONStreamScanner.Failure {
    /// The error reply before the connection is closed.
    fileprivate var reply: String {
        switch self {
        case .tooLarge: return "jsonrpc: request larger than \(ServerLimits.requestBytes >> 20) MiB: connection closed"
        case .notAnObject: return "jsonrpc: not a JSON object: connection closed"
        case .unbalanced: return "jsonrpc: unbalanced JSON: connection closed"
        }
    }
}

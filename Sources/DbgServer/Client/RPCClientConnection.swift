import DbgService
import FoundationEssentials
import Glibc
import Synchronization

/// The client end of a JSON-RPC connection: numbered requests out, replies matched back to
/// their callers by id. Replies are read on a thread of its own; callers only await.
final class RPCClientConnection: Sendable {
    private typealias Waiter = CheckedContinuation<Result<Data, ServiceError>, Never>

    private let connection: SocketConnection
    private struct Calls {
        var nextID: UInt64 = 0
        var waiting: [UInt64: Waiter] = [:]
        var lost: String?
    }
    private let calls = Mutex(Calls())

    init(connectingTo address: ListenAddress) throws(ServiceError) {
        connection = try SocketConnection.connect(to: address)
        ServerThread.start { [self] in readReplies() }
    }

    /// Calls `RPCServer.method` and decodes its result.
    func call<Arguments: Encodable, Reply: Decodable>(_ method: String, _ arguments: Arguments, _ reply: Reply.Type)
        async throws(ServiceError) -> Reply
    {
        let outcome: Result<Data, ServiceError> = await withCheckedContinuation { waiter in
            let id: UInt64? = calls.withLock { state in
                if state.lost != nil { return nil }
                state.nextID += 1
                state.waiting[state.nextID] = waiter
                return state.nextID
            }
            guard let id else {
                waiter.resume(returning: .failure(lostError()))
                return
            }
            let request = JSONRPC.Request(method: JSONRPC.service + "." + method, params: [arguments], id: id)
            guard let bytes = try? JSONRPC.encoder().encode(request), connection.send(Array(bytes)) else {
                let mine = calls.withLock { $0.waiting.removeValue(forKey: id) }
                mine?.resume(returning: .failure(ServiceError("cannot send \(method) to the server")))
                return
            }
        }
        let data = try outcome.get()
        do {
            guard let result = try JSONDecoder().decode(JSONRPC.ResponseResult<Reply>.self, from: data).result else {
                throw ServiceError("the server sent no result for \(method)")
            }
            return result
        } catch let error as ServiceError {
            throw error
        } catch {
            throw ServiceError("the server's reply to \(method) is not understood: \(RPCDispatcher.describe(error))")
        }
    }

    func close() {
        connection.hangUp()
    }

    private func lostError() -> ServiceError {
        ServiceError(calls.withLock { $0.lost } ?? "the connection to the server is closed")
    }

    /// The reader thread: each reply to its waiting caller; at the end, every caller told.
    private func readReplies() {
        let failure = connection.readMessages(with: JSONStreamScanner(limit: ServerLimits.requestBytes)) { message in
            let data = Data(message)
            guard let header = try? JSONDecoder().decode(JSONRPC.ResponseHeader.self, from: data), let id = header.id,
                  let waiter = calls.withLock({ $0.waiting.removeValue(forKey: id) }) else { return }
            if let error = header.error {
                waiter.resume(returning: .failure(ServiceError(wireMessage: error)))
            } else {
                waiter.resume(returning: .success(data))
            }
        }
        let reason = failure == nil ? "the server closed the connection" : "the server sent something that is not JSON-RPC"
        connection.readerDone()
        let orphans = calls.withLock { state in
            state.lost = reason
            defer { state.waiting.removeAll() }
            return Array(state.waiting.values)
        }
        for waiter in orphans { waiter.resume(returning: .failure(ServiceError(reason))) }
    }
}

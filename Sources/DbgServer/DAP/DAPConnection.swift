import Dispatch

/// One DAP client's connection, read on the calling thread (a thread of its own): frames to
/// requests, handed in order to the session; a request that is not one gets an error reply,
/// a broken frame ends the connection. `afterEnd` runs once the client has said disconnect or
/// gone away.
enum DAPConnection {
    static func serve(
        _ connection: SocketConnection, startingWith prefix: [UInt8] = [], makeSession: (DAPWriter) -> DAPSession,
        afterEnd: @escaping @Sendable (DAPSession, DAPWriter) async -> Void
    ) {
        let writer = DAPWriter(connection: connection)
        let session = makeSession(writer)
        let (requests, feed) = AsyncStream<DAPRequest>.makeStream()
        // Read ahead at most this many requests: a client that floods waits for answers.
        let slots = DispatchSemaphore(value: ServerLimits.requestsInFlight)
        Task {
            for await request in requests {
                await session.handle(request)
                slots.signal()
                if await session.ended { break }
            }
            await afterEnd(session, writer)
        }
        let failure = connection.readMessages(with: DAPFrameScanner(bodyLimit: ServerLimits.requestBytes), startingWith: prefix) { body in
            do throws(DAPRequest.Malformed) {
                let request = try DAPRequest(body: body)
                slots.wait()
                feed.yield(request)
            } catch {
                switch error {
                case .notARequest(let seq, let reason):
                    writer.fail(seq: seq, command: "", message: "Internal Error", detail: reason)
                case .clientResponse(let requestSeq, let success, let message):
                    Task { await session.received(requestSeq: requestSeq, success: success, message: message) }
                }
            }
        }
        // No next message can be found in a stream whose framing broke: say why, and end.
        if let failure { writer.fail(seq: 0, command: "", message: "Internal Error", detail: describe(failure)) }
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

import Synchronization

/// Delivers a debugger's events to every front end that listens: each `subscribe()` is a
/// stream of its own (an `AsyncStream` has one consumer), fed from the moment it is made.
final class EventBroadcaster: Sendable {
    private struct Subscribers {
        var nextID = 0
        var streams: [Int: AsyncStream<API.Event>.Continuation] = [:]
    }

    private let subscribers = Mutex(Subscribers())

    /// A new stream of the events from now on; it ends when the listener stops iterating.
    func subscribe() -> AsyncStream<API.Event> {
        // Unbounded: a listener that falls behind must still see every stop and the exit.
        let (stream, continuation) = AsyncStream<API.Event>.makeStream(bufferingPolicy: .unbounded)
        let id = subscribers.withLock { subscribers in
            subscribers.nextID += 1
            subscribers.streams[subscribers.nextID] = continuation
            return subscribers.nextID
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.streams.removeValue(forKey: id) }
        }
        return stream
    }

    func publish(_ event: API.Event) {
        for continuation in subscribers.withLock({ Array($0.streams.values) }) {
            continuation.yield(event)
        }
    }
}

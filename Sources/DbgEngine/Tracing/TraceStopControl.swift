import Synchronization

/// Ctrl-C for a running trace: any thread may ask the trace to stop; the backend polls
/// `isRequested`, and one that blocks (the ptrace backend, in waitpid) registers a waker.
public final class TraceStopControl: Sendable {
    private struct State {
        var requested = false
        var waker: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    public init() {}

    public var isRequested: Bool { state.withLock { $0.requested } }

    /// Asks the trace to stop, from any thread (a signal watcher's).
    public func request() {
        let waker = state.withLock { state -> (@Sendable () -> Void)? in
            state.requested = true
            return state.waker
        }
        waker?()
    }

    /// What wakes a blocked backend; called at once if a stop was requested already.
    func setWaker(_ waker: (@Sendable () -> Void)?) {
        let requested = state.withLock { state -> Bool in
            state.waker = waker
            return state.requested
        }
        if requested { waker?() }
    }
}

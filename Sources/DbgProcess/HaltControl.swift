import CSys
import Synchronization

/// The part of a traced process that other threads may touch: stopping it while it runs.
///
/// Halting needs no ptrace: a SIGSTOP sent with tgkill from any thread stops the chosen
/// thread, and the ptrace thread's `waitpid` wakes up. What must be exact is recognising
/// that SIGSTOP afterwards, so that it is reported as "halted" and never delivered to the
/// program, and never taken for another SIGSTOP of ours. Hence the rules, all under one
/// lock shared with the ptrace thread:
/// - a halt sends SIGSTOP only while the program runs, and only to the `target` thread,
///   one the controller chose because no other SIGSTOP of ours is pending for it (so the
///   halt's SIGSTOP can never merge with one it expects);
/// - when the controller begins to stop everything (`endRunning`), it takes over any halt
///   SIGSTOP still in flight;
/// - during a user's run (`beginUserRun`, a continue or step that may resume the program many
///   times for internal stops), a halt asked for while the program is stopped between two
///   resumes, or before the first, is kept and sent at the next resume: it is never lost.
final class HaltControl: Sendable {
    struct State {
        var running = false
        /// The thread a halt stops: one with no SIGSTOP of ours pending, nil if none yet.
        var target: Int32?
        /// A halt was asked for during this run.
        var requested = false
        /// The thread the halt's SIGSTOP was sent to.
        var sentTo: Int32?
        /// A user's continue or step is under way (between `beginUserRun` and `endUserRun`).
        var userRun = false
    }

    let pid: Int32
    private let state = Mutex(State())

    init(pid: Int32) { self.pid = pid }

    /// Stops the running program; false when it is not running (nothing to do). During a
    /// user's run, while the program is stopped for an internal reason, the halt waits for
    /// the next resume.
    func halt() -> Bool {
        state.withLock { state in
            guard state.running else {
                guard state.userRun else { return false }
                state.requested = true
                return true
            }
            state.requested = true
            if state.sentTo == nil, let target = state.target {
                if csys_tgkill(pid, target, Signal.sigstop.rawValue) == 0 { state.sentTo = target }
            }
            return true
        }
    }

    /// A user's continue or step begins: halts from now on until `endUserRun` are kept.
    func beginUserRun() {
        state.withLock { state in
            state.userRun = true
            state.requested = false
        }
    }

    /// The user's continue or step has ended: a halt no run served is dropped.
    func endUserRun() {
        state.withLock { state in
            state.userRun = false
            if !state.running { state.requested = false }
        }
    }

    /// The controller is about to resume the program. A halt kept from earlier in the user's
    /// run is sent as soon as there is a target.
    func beginRunning(target: ThreadID?) {
        state.withLock { state in
            state = State(
                running: true, target: target?.value, requested: state.userRun && state.requested, sentTo: nil,
                userRun: state.userRun)
        }
    }

    /// A thread became a fit target (no SIGSTOP of ours pending), or the old target is gone.
    /// A halt asked for while there was no target is sent now.
    func retarget(_ target: ThreadID?) {
        state.withLock { state in
            state.target = target?.value
            if state.running, state.requested, state.sentTo == nil, let target {
                if csys_tgkill(pid, target.value, Signal.sigstop.rawValue) == 0 { state.sentTo = target.value }
            }
        }
    }

    /// A thread exited: a halt SIGSTOP sent to it was lost with it.
    func threadExited(_ thread: ThreadID) {
        state.withLock { state in
            if state.target == thread.value { state.target = nil }
            if state.sentTo == thread.value { state.sentTo = nil }
        }
    }

    /// True when `thread`'s SIGSTOP is the halt's.
    func isHaltStop(of thread: ThreadID) -> Bool {
        state.withLock { $0.sentTo == thread.value }
    }

    /// True while the program runs (between a resume and the stop that ends it).
    var isRunning: Bool { state.withLock { $0.running } }

    /// True when a halt was asked for during this run.
    var isRequested: Bool { state.withLock { $0.requested } }

    /// The program is stopping: a halt from now on waits for the next resume of the user's
    /// run (outside one, it does nothing). Returns whether a halt was asked for and the
    /// thread its SIGSTOP went to, if it was sent; during a user's run the request stays
    /// until a stop reaches the user (`endUserRun`).
    func endRunning() -> (requested: Bool, sentTo: ThreadID?) {
        state.withLock { state in
            let result = (state.requested, state.sentTo.map(ThreadID.init))
            state = State(requested: state.userRun && state.requested, userRun: state.userRun)
            return result
        }
    }
}

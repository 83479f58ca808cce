import Glibc

/// A pipe through which a signal handler wakes a watcher thread: the handler may only
/// write(2) (async-signal-safe), so it writes a byte to `writeEnd` (non-blocking: a full pipe
/// drops the byte rather than block the handler) and the watcher reads `readEnd`. Neither end
/// leaks into programs dbg starts.
public struct SignalWakePipe {
    public let readEnd: Int32
    public let writeEnd: Int32

    public init?() {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return nil }
        _ = fcntl(fds[1], F_SETFL, O_NONBLOCK)
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        (readEnd, writeEnd) = (fds[0], fds[1])
    }
}

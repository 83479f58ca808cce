import CSys
import Glibc

/// A guardian (dbg-guardian, see csys_guardian.h) for a program dbg changes without
/// tracing it: a trace that pauses an attached program with SIGSTOP while its reader
/// catches up. Should dbg die meanwhile (SIGKILL), the guardian sends the SIGCONT.
/// (Traced programs get theirs through the rescue ledger, which also tells it the
/// breakpoint sites.)
public final class ProcessGuardian: Sendable {
    private let socket: Int32

    /// Nil when dbg-guardian is not installed beside dbg, or cannot start.
    public init?(pid: Int32) {
        guard let path = GuardianExecutable.path else { return nil }
        let socket = csys_guardian_spawn(pid, 0, path)
        guard socket >= 0 else { return nil }
        self.socket = socket
    }

    /// dbg has left the program as it found it: the guardian ends without touching it.
    public func release() {
        _ = csys_guardian_send(socket, UInt8(GUARDIAN_DETACHED.rawValue), 0, 0)
    }

    deinit { close(socket) }
}

import DbgCLI
import DbgService
import Dispatch
import Glibc
import Synchronization

/// SIGTERM, SIGHUP (the terminal closed, an ssh session dropped) and SIGQUIT (and, for a
/// headless server, which has no prompt to interrupt, SIGINT as in Delve) end dbg as
/// `exit` does: an attached program is detached as it was (its int3s taken out, scratch
/// areas unmapped, threads moved out of them) and runs on; a launched one is killed. By the
/// kernel's default action dbg would die with its int3s still in the program, which the
/// next breakpoint hit then kills with SIGTRAP.
///
/// The handler only writes a byte to a pipe (async-signal-safe); a watcher thread does the
/// work: halt the program if it runs, detach, exit with 128 + the signal.
enum TerminationSignals {
    static let handled: [Int32] = [SIGTERM, SIGHUP, SIGQUIT]
    /// A headless server's Ctrl-C: the REPL uses SIGINT to halt the program instead.
    static let handledHeadless: [Int32] = handled + [SIGINT]
    /// How long the detach may take before dbg exits anyway (a detach is milliseconds).
    static let deadline: DispatchTimeInterval = .seconds(10)

    /// Watches for the signals for as long as dbg runs; `session` is what they end.
    static func install(ending session: some DebuggerClient, on signals: [Int32] = handled) {
        install(on: signals) { signal in end(session, signal: signal) }
    }

    /// Watches for the signals for as long as dbg runs; the first one received is handed to
    /// `action`, on a thread of its own.
    static func install(on signals: [Int32] = handled, action: @escaping @Sendable (Int32) -> Void) {
        guard let wake = SignalWakePipe() else { return }
        terminationWakeDescriptor.store(wake.writeEnd, ordering: .sequentiallyConsistent)
        let readEnd = wake.readEnd
        BlockingThread.start {
            var signal: UInt8 = 0
            while Glibc.read(readEnd, &signal, 1) < 0 && errno == EINTR {}
            action(Int32(signal))
        }
        var handler = sigaction()
        handler.__sigaction_handler.sa_handler = { signal in
            var byte = UInt8(truncatingIfNeeded: signal)
            _ = Glibc.write(terminationWakeDescriptor.load(ordering: .sequentiallyConsistent), &byte, 1)
        }
        sigemptyset(&handler.sa_mask)
        handler.sa_flags = SA_RESTART
        for signal in signals { sigaction(signal, &handler, nil) }
    }

    private static func end(_ session: some DebuggerClient, signal: Int32) {
        let done = DispatchSemaphore(value: 0)
        Task {
            try? await session.detach(kill: false)
            done.signal()
        }
        _ = done.wait(timeout: .now() + deadline)
        Glibc.exit(128 + signal)
    }
}

// The signal handler can touch only this (set before it is installed).
private let terminationWakeDescriptor = Atomic<Int32>(-1)

import Glibc
import Synchronization

/// Ctrl-C. A SIGINT handler (installed without SA_RESTART, so a blocked read returns
/// EINTR) counts the signal and wakes a watcher thread through a pipe; the watcher
/// runs the action the REPL set for the command in flight (halting the program).
/// At the prompt libedit's read is interrupted instead, and the line is dropped: the
/// signal goes to any thread of the process, so one that is not the prompt's thread
/// forwards it there (pthread_kill), or the read would never notice.
public final class Interrupts: Sendable {
    public static let shared = Interrupts()

    private let action = Mutex<(@Sendable () -> Void)?>(nil)
    private let installed = Mutex(false)

    /// Installs the handler and starts the watcher, once per process.
    public func install() {
        let first = installed.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        guard let wake = SignalWakePipe() else { return }
        signalWakeDescriptor.store(wake.writeEnd, ordering: .sequentiallyConsistent)
        pendingInterrupts.store(0, ordering: .sequentiallyConsistent)
        promptThread.store(0, ordering: .sequentiallyConsistent)
        forwarded.store(false, ordering: .sequentiallyConsistent)
        let readEnd = wake.readEnd
        BlockingThread.start { [self] in
            var byte: UInt8 = 0
            while true {
                let count = Glibc.read(readEnd, &byte, 1)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return }
                action.withLock { $0 }?()
            }
        }
        var handler = sigaction()
        handler.__sigaction_handler.sa_handler = { signal in
            // Async-signal-safe only: atomics, write and pthread_kill.
            let prompt = promptThread.load(ordering: .sequentiallyConsistent)
            if prompt != 0 && pthread_equal(pthread_self(), pthread_t(prompt)) != 0 {
                // Forwarded by the handler that counted it: it only had to interrupt the read.
                if forwarded.exchange(false, ordering: .sequentiallyConsistent) { return }
            }
            pendingInterrupts.add(1, ordering: .sequentiallyConsistent)
            var byte: UInt8 = 1
            _ = Glibc.write(signalWakeDescriptor.load(ordering: .sequentiallyConsistent), &byte, 1)
            if prompt != 0 && pthread_equal(pthread_self(), pthread_t(prompt)) == 0 {
                forwarded.store(true, ordering: .sequentiallyConsistent)
                pthread_kill(pthread_t(prompt), signal)
            }
        }
        sigemptyset(&handler.sa_mask)
        handler.sa_flags = 0
        sigaction(SIGINT, &handler, nil)
    }

    /// What Ctrl-C does now (nil: nothing beyond interrupting the prompt).
    public func onInterrupt(_ body: (@Sendable () -> Void)?) {
        action.withLock { $0 = body }
    }

    /// Runs `body` (a blocking read at the prompt) with Ctrl-C interrupting it.
    /// The calling thread must be one of ours: threads of the cooperative pool block all
    /// signals, and a thread inherits its creator's mask, so SIGINT is unblocked here.
    func prompting<T>(_ body: () -> T) -> T {
        var set = sigset_t()
        var previous = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, &previous)
        promptThread.store(UInt(pthread_self()), ordering: .sequentiallyConsistent)
        defer {
            promptThread.store(0, ordering: .sequentiallyConsistent)
            pthread_sigmask(SIG_SETMASK, &previous, nil)
        }
        return body()
    }

    /// Whether Ctrl-C was pressed since the last call.
    func takePending() -> Bool {
        pendingInterrupts.exchange(0, ordering: .sequentiallyConsistent) > 0
    }
}

// The signal handler can touch only these (initialised before it is installed).
private let pendingInterrupts = Atomic<Int>(0)
private let signalWakeDescriptor = Atomic<Int32>(-1)
/// The thread blocked at the prompt (0: none).
private let promptThread = Atomic<UInt>(0)
/// A SIGINT sent on to the prompt thread, already counted.
private let forwarded = Atomic<Bool>(false)

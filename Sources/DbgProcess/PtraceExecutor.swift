import CSys
import Glibc
import Synchronization

/// A serial executor that runs every job on one dedicated OS thread: the ptrace thread.
///
/// Linux accepts ptrace requests for a tracee only from the thread that attached it (or
/// forked it with PTRACE_TRACEME), and `waitpid` with `__WNOTHREAD` sees only that thread's
/// tracees. Actors whose `unownedExecutor` is this executor (``TracedProcess`` and the
/// launcher) therefore run all their isolated code, and so every ptrace call, on this one
/// thread. Blocking here (in `waitpid` while the program runs) is fine: it is not a thread
/// of Swift's cooperative pool.
///
/// One executor per debugged process. The thread ends after ``shutdown()``; a thread that
/// ends releases its tracees (the kernel detaches them, or kills those launched with
/// PTRACE_O_EXITKILL).
final class PtraceExecutor: SerialExecutor, @unchecked Sendable {
    // @unchecked is safe: `queue` is a Mutex and `threadID` an Atomic; `wakeUp` is a POSIX
    // semaphore, made for posting and waiting from different threads, allocated in init
    // and freed in deinit, which cannot run while the thread lives (the thread holds a
    // strong reference to self until it returns). The pointer itself never changes.
    private enum Work {
        case job(UnownedJob)
        case stop
    }

    private let queue = Mutex<[Work]>([])
    private let wakeUp: UnsafeMutablePointer<sem_t>
    private let threadID = Atomic<Int32>(0)

    init(name: String = "dbg-ptrace") {
        wakeUp = .allocate(capacity: 1)
        sem_init(wakeUp, 0, 0)
        startThread(name: name)
    }

    deinit {
        sem_destroy(wakeUp)
        wakeUp.deallocate()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        queue.withLock { $0.append(.job(unowned)) }
        sem_post(wakeUp)
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Lets `assumeIsolated` and `preconditionIsolated` recognise the ptrace thread.
    func checkIsolated() {
        precondition(isCurrent, "not on the ptrace thread")
    }

    /// True on the ptrace thread.
    var isCurrent: Bool { threadID.load(ordering: .acquiring) == csys_gettid() }

    /// The ptrace thread's id (0 before it has started).
    var threadIdentifier: Int32 { threadID.load(ordering: .acquiring) }

    /// Ends the thread once the jobs queued before this call have run.
    func shutdown() {
        queue.withLock { $0.append(.stop) }
        sem_post(wakeUp)
    }

    // MARK: The thread

    private final class Start {
        let executor: PtraceExecutor
        let name: String
        init(executor: PtraceExecutor, name: String) {
            self.executor = executor
            self.name = name
        }
    }

    private func startThread(name: String) {
        let start = Unmanaged.passRetained(Start(executor: self, name: name)).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { argument in
            guard let argument else { return nil }
            let start = Unmanaged<Start>.fromOpaque(argument).takeRetainedValue()
            csys_set_thread_name(start.name)
            start.executor.runLoop()
            return nil
        }, start)
        precondition(created == 0, "cannot create the ptrace thread: \(String(cString: strerror(created)))")
        pthread_detach(thread)
    }

    private func runLoop() {
        threadID.store(csys_gettid(), ordering: .releasing)
        csys_rescue_adopt_tracer_thread()
        while true {
            csys_rescue_allow_relay()  // idle: a crash rescue may run here
            while sem_wait(wakeUp) != 0 {}  // EINTR only
            csys_rescue_defer_relay()
            guard let work = queue.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { continue }
            switch work {
            case .job(let job): job.runSynchronously(on: asUnownedSerialExecutor())
            case .stop: return
            }
        }
    }
}

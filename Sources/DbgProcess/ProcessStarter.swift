import CSys
import Glibc

/// Starts tracing a process on its ptrace thread, before there is a ``TracedProcess``
/// (whose pid is a constant, so it is made once the pid is known): launches a program
/// (fork + PTRACE_TRACEME + execve) or attaches to a running one with all its threads.
/// Either way every thread is stopped when it returns.
actor ProcessStarter: PtraceIsolated {
    nonisolated let ptraceExecutor: PtraceExecutor

    nonisolated var unownedExecutor: UnownedSerialExecutor { ptraceExecutor.asUnownedSerialExecutor() }

    init(executor: PtraceExecutor) { ptraceExecutor = executor }

    /// A process whose threads are all stopped, ready for ``TracedProcess``.
    struct Started {
        var pid: Int32
        var threads: [ThreadID: TracedThread]
        var pendingCount: Int
    }

    // MARK: Launch

    func launch(_ configuration: LaunchConfiguration) throws(ProcessError) -> Started {
        // A relative path is the debugger's (the child changes directory before execve).
        let path = Self.absolute(configuration.path)
        var opened: [Int32] = []
        defer { for fd in opened { close(fd) } }
        func descriptor(_ redirection: LaunchConfiguration.Redirection, input: Bool) throws(ProcessError) -> Int32 {
            let file: String, flags: Int32
            switch redirection {
            case .inherit: return -1
            case .descriptor(let fd): return fd
            case .nullDevice: (file, flags) = ("/dev/null", Int32(CSYS_O_RDWR))
            case .file(let name):
                (file, flags) = (name, input ? Int32(CSYS_O_RDONLY) : Int32(CSYS_O_WRONLY | CSYS_O_CREAT | CSYS_O_TRUNC))
            case .appendingFile(let name):
                (file, flags) = (name, input ? Int32(CSYS_O_RDONLY) : Int32(CSYS_O_WRONLY | CSYS_O_CREAT | CSYS_O_APPEND))
            }
            let fd = csys_open(file, flags)
            guard fd >= 0 else { throw .cannotLaunch(path, reason: "cannot open \(file): \(ProcessError.text(-fd))") }
            opened.append(fd)
            return fd
        }
        let stdinFD = try descriptor(configuration.standardInput, input: true)
        let stdoutFD = try descriptor(configuration.standardOutput, input: false)
        let stderrFD = try descriptor(configuration.standardError, input: false)

        var result = csys_spawn_result()
        CStringArray.with([path] + configuration.arguments) { argv in
            CStringArray.withEnvironment(configuration.environment) { envp in
                withOptionalCString(configuration.workingDirectory) { directory in
                    var request = csys_spawn_request(
                        path: nil, argv: argv, envp: envp, working_directory: directory, stdin_fd: stdinFD,
                        stdout_fd: stdoutFD, stderr_fd: stderrFD,
                        disable_aslr: configuration.disableAddressRandomization ? 1 : 0,
                        new_process_group: configuration.newProcessGroup ? 1 : 0)
                    path.withCString { cPath in
                        request.path = cPath
                        csys_spawn_traced(&request, &result)
                    }
                }
            }
        }
        guard result.failed_step == Int32(CSYS_SPAWN_OK) else { throw Self.launchError(path, configuration, result) }

        let pid = result.pid
        let leader = ThreadID(pid)
        // The child stops with SIGTRAP right after execve: at the first instruction of the
        // dynamic loader (or of a static program), before any of its own code has run.
        guard let (_, status) = try waitForTracee(leader) else { throw .cannotLaunch(path, reason: "the program vanished") }
        switch status {
        case .signalStop(.sigtrap): break
        case .exited(let code): throw .cannotLaunch(path, reason: "it exited with code \(code) before it started")
        case .killed(let signal, _): throw .cannotLaunch(path, reason: "it was killed by \(signal) before it started")
        default:
            _ = csys_kill(pid, Signal.sigkill.rawValue)
            _ = try? waitForTracee(leader)
            throw .cannotLaunch(path, reason: "unexpected first stop \(status)")
        }
        let error = ptraceSetOptions(leader, exitKill: true)
        guard error == 0 else {
            _ = csys_kill(pid, Signal.sigkill.rawValue)
            _ = try? waitForTracee(leader)
            throw .cannotLaunch(path, reason: "PTRACE_SETOPTIONS: \(ProcessError.text(error))")
        }
        return Started(pid: pid, threads: [leader: TracedThread(id: leader, isStopped: true, expectsStop: false)], pendingCount: 0)
    }

    private static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/"), let directory = getcwd(nil, 0) else { return path }
        defer { free(directory) }
        return String(cString: directory) + "/" + path
    }

    private static func launchError(_ path: String, _ configuration: LaunchConfiguration, _ result: csys_spawn_result)
        -> ProcessError
    {
        let reason = ProcessError.text(result.error)
        switch Int(result.failed_step) {
        case Int(CSYS_SPAWN_EXEC): return .cannotExecute(path, reason: reason)
        case Int(CSYS_SPAWN_CHDIR):
            return .cannotLaunch(path, reason: "cannot change to directory \(configuration.workingDirectory ?? ""): \(reason)")
        case Int(CSYS_SPAWN_STDIO): return .cannotLaunch(path, reason: "cannot redirect standard streams: \(reason)")
        case Int(CSYS_SPAWN_PERSONALITY): return .cannotLaunch(path, reason: "cannot disable address randomization: \(reason)")
        case Int(CSYS_SPAWN_TRACEME): return .cannotLaunch(path, reason: "PTRACE_TRACEME: \(reason)")
        case Int(CSYS_SPAWN_FORK): return .cannotLaunch(path, reason: "fork: \(reason)")
        default: return .cannotLaunch(path, reason: reason)
        }
    }

    // MARK: Attach

    func attach(_ pid: Int32) throws(ProcessError) -> Started {
        guard pid > 0, ProcFile.processExists(pid) else { throw .noSuchProcess(pid) }
        if pid == getpid() { throw .notPermitted(pid, reason: "it is the debugger itself") }
        if let tracer = Self.tracer(of: pid) { throw .alreadyTraced(pid, tracerPID: tracer.pid, tracerName: tracer.name) }
        if let status = ProcFile.text("/proc/\(pid)/status"), ProcFile.statusField(status, "State")?.hasPrefix("Z") == true {
            throw .notPermitted(pid, reason: "it has exited (a zombie its parent has not collected)")
        }

        var threads: [ThreadID: TracedThread] = [:]
        var pendingCount = 0
        do throws(ProcessError) {
            // Threads may start while we attach: list them again until a pass finds none
            // new. A thread we have attached stays stopped, so it cannot start more.
            while true {
                guard let listed = ProcFile.numericEntries("/proc/\(pid)/task") else { throw .noSuchProcess(pid) }
                let new = listed.map(ThreadID.init).filter { threads[$0] == nil }
                if new.isEmpty { break }
                for thread in new {
                    if let attached = try attachThread(thread, of: pid, order: &pendingCount) {
                        threads[thread] = attached
                    }
                }
            }
            guard threads[ThreadID(pid)] != nil else { throw .noSuchProcess(pid) }
        } catch {
            for thread in threads.keys { _ = ptraceDetach(thread, signal: nil) }
            throw error
        }
        return Started(pid: pid, threads: threads, pendingCount: pendingCount)
    }

    /// Attaches one thread and waits for its first stop; nil when it exited meanwhile.
    private func attachThread(_ thread: ThreadID, of pid: Int32, order: inout Int) throws(ProcessError) -> TracedThread? {
        let error = ptraceAttach(thread)
        switch error {
        case 0: break
        case ESRCH: return nil
        case EPERM:
            if let tracer = Self.tracer(of: pid) { throw .alreadyTraced(pid, tracerPID: tracer.pid, tracerName: tracer.name) }
            throw .notPermitted(pid, reason: Self.permissionHint(pid))
        default: throw .ptraceFailed("PTRACE_ATTACH", thread: thread, reason: ProcessError.text(error))
        }
        // PTRACE_ATTACH sends the thread a SIGSTOP. Its first stop is usually that
        // SIGSTOP; if another signal comes first, keep it for a later report and expect
        // the SIGSTOP later.
        var traced = TracedThread(id: thread, isStopped: true, expectsStop: true)
        guard let (_, status) = try waitForTracee(thread) else { return nil }
        switch status {
        case .exited, .killed:
            return nil
        case .signalStop(let signal):
            let info = ptraceSignalInfo(thread)
            if signal == .sigstop, info != nil {
                traced.expectsStop = false
            } else if let info, signal == .sigtrap, info.code == 0, info.senderPID == pid {
                // Attached in the middle of an execve (a program just started): the kernel
                // ends the exec of a traced process that asked for no exec events with a
                // SIGTRAP "from itself". It exists only because we trace it: dropped
                // (delivered, it killed the program).
            } else if let info {
                traced.pendingEvent = PendingEvent(kind: .signal(info), order: order)
                order += 1
            }
            // No siginfo: a group-stop (the process was stopped by kill -STOP when we
            // came); our SIGSTOP is still queued, and expected.
        case .eventStop:
            break  // no options are set yet, so no events: nothing to keep
        }
        let optionsError = ptraceSetOptions(thread, exitKill: false)
        if optionsError == ESRCH { return nil }
        guard optionsError == 0 else {
            throw .ptraceFailed("PTRACE_SETOPTIONS", thread: thread, reason: ProcessError.text(optionsError))
        }
        return traced
    }

    /// The process tracing `pid`, from TracerPid in /proc/PID/status and the tracer's comm.
    static func tracer(of pid: Int32) -> (pid: Int32, name: String)? {
        guard let status = ProcFile.text("/proc/\(pid)/status"),
              let field = ProcFile.statusField(status, "TracerPid"), let tracer = Int32(field), tracer != 0
        else { return nil }
        let name = ProcFile.text("/proc/\(tracer)/comm").map { Substring($0).trimmingWhitespace() } ?? "unknown"
        return (tracer, name)
    }

    private static func permissionHint(_ pid: Int32) -> String {
        if let status = ProcFile.text("/proc/\(pid)/stat"), status.contains("(kthreadd)") || pid == 2 {
            return "it is a kernel thread"
        }
        if let scope = ProcFile.text("/proc/sys/kernel/yama/ptrace_scope"), Substring(scope).trimmingWhitespace() != "0" {
            return "operation not permitted (see /proc/sys/kernel/yama/ptrace_scope)"
        }
        return "operation not permitted (another user's process, or one that forbids tracing)"
    }
}

/// A NULL-terminated array of C strings for execve, alive for the duration of a closure.
enum CStringArray {
    static func with<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>?) -> R) -> R {
        let copies: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
        defer { for copy in copies { free(copy) } }
        return copies.withUnsafeBufferPointer { body($0.baseAddress) }
    }

    /// `environment`, or the debugger's own when nil.
    static func withEnvironment<R>(_ environment: [String]?, _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>?) -> R) -> R {
        guard let environment else { return body(UnsafePointer(environ)) }
        return with(environment, body)
    }
}

func withOptionalCString<R>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let string else { return body(nil) }
    return string.withCString { body($0) }
}

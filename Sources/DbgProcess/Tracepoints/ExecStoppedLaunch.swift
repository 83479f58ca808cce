import CSys

/// Starts a program for a tracer that is not a ``TracedProcess`` (the trace backends):
/// fork + PTRACE_TRACEME + execve with the debugger's stdio and environment, address
/// randomisation off, stopped right after execve with `options` set. The calling thread
/// becomes the tracer. Returns the pid.
enum ExecStoppedLaunch {
    static func start(_ path: String, arguments: [String], options: UInt) throws(ProcessError) -> Int32 {
        var result = csys_spawn_result()
        CStringArray.with([path] + arguments) { argv in
            CStringArray.withEnvironment(nil) { envp in
                path.withCString { cPath in
                    var request = csys_spawn_request(
                        path: cPath, argv: argv, envp: envp, working_directory: nil, stdin_fd: -1, stdout_fd: -1,
                        stderr_fd: -1, disable_aslr: 1, new_process_group: 0)
                    csys_spawn_traced(&request, &result)
                }
            }
        }
        guard result.failed_step == Int32(CSYS_SPAWN_OK) else {
            throw result.failed_step == Int32(CSYS_SPAWN_EXEC)
                ? .cannotExecute(path, reason: ProcessError.text(result.error))
                : .cannotLaunch(path, reason: ProcessError.text(result.error))
        }
        let pid = result.pid
        var status: Int32 = 0
        guard csys_waitpid(pid, &status, Int32(CSYS_WAIT_ALL)) == pid, csys_wifstopped(status) != 0 else {
            throw .cannotLaunch(path, reason: "the program did not stop after execve")
        }
        let error = csys_ptrace_setoptions(pid, options)
        guard error == 0 else {
            _ = csys_kill(pid, Signal.sigkill.rawValue)
            _ = csys_waitpid(pid, &status, Int32(CSYS_WAIT_ALL))
            throw .cannotLaunch(path, reason: "PTRACE_SETOPTIONS: \(ProcessError.text(error))")
        }
        return pid
    }
}

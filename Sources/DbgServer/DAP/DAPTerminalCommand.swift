import Glibc

/// The command an editor's terminal runs for a program dbg debugs there (runInTerminal): a
/// shell that writes its pid to one FIFO, waits for a word on another, then execs the program.
enum DAPTerminalCommand {
    static func arguments(pidPath: String, goPath: String, program: String, programArguments: [String]) -> [String] {
        let script = "echo $$ > \"$1\"; read go < \"$2\"; shift 2; exec \"$@\""
        return withoutAddressRandomization + ["/bin/sh", "-c", script, "dbg-launch", pidPath, goPath, program] + programArguments
    }

    /// `setarch -R`: the shell, and so the program it execs, runs with address randomisation
    /// off, as a program dbg launches itself does (gdb's default), so addresses repeat from
    /// run to run. Empty where setarch is missing or the personality is refused here (a
    /// seccomp profile): the program then runs as it would have, with random addresses.
    static let withoutAddressRandomization: [String] = {
        let setarch = "/usr/bin/setarch"
        let arguments = [setarch, "-R", "/bin/true"]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, setarch, &actions, nil, &argv, environ) == 0 else { return [] }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // Exited (the low seven bits clear) with status 0.
        return status & 0x7f == 0 && (status >> 8) & 0xff == 0 ? [setarch, "-R"] : []
    }()
}

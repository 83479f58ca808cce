import Foundation

/// posix_spawn with a clean signal state: how every test starts a program (a build, gdb,
/// Delve, dbg, a fixture). Not Foundation's Process, which opens, dups and closes descriptors
/// in the test process while other tests' threads are running.
public enum CleanSpawn {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// Starts `path` with `arguments`, its descriptors as `actions` (the caller's) set them.
    public static func start(_ path: String, _ arguments: [String], actions: inout posix_spawn_file_actions_t) throws
        -> pid_t
    {
        // A clean signal state: the test's threads (dispatch workers) block most signals,
        // and a gdb started with SIGCHLD blocked never notices its program stopping.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var cArguments = ([path] + arguments).map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        var result = posix_spawn(&pid, path, &actions, &attributes, &cArguments, environ)
        // A binary just written (a test's copy of dbg) is "busy" while a child another test
        // forked at that moment still holds the writer's descriptor, until that child execs.
        for _ in 0..<100 where result == ETXTBSY {
            usleep(10_000)
            result = posix_spawn(&pid, path, &actions, &attributes, &cArguments, environ)
        }
        guard result == 0 else { throw Failure(description: "cannot start \(path): \(String(cString: strerror(result)))") }
        return pid
    }

    /// A wait status as a shell shows it: the exit code, or 128 + the signal.
    public static func exitCode(_ waitStatus: Int32) -> Int32 {
        (waitStatus & 0x7f) == 0 ? (waitStatus >> 8) & 0xff : 128 + (waitStatus & 0x7f)
    }
}

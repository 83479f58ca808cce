import DbgTestSupport
import Glibc

/// The Ctrl-C check shared by the local and the remote REPL, on `loops forever`.
extension TerminalSession {
    /// At the prompt: continue, Ctrl-C once `loops` (a descendant of `root`: the terminal's
    /// shell, or the server dbg connects to) spins in its loop, see the stop with its source,
    /// see the program was halted (not ended by its own signal), and exit.
    func continueThenHaltWithCtrlC(programUnder root: pid_t) async throws {
        try await waitFor("(dbg)")
        try type("continue")
        try press("Enter")
        // Running is not enough: halted in the dynamic loader's start-up it would stop where
        // no source is shown. A tenth of a second of CPU is far past it.
        let runs = await Eventually.wait {
            guard let program = ProcessState.descendant(of: root, named: "loops") else { return false }
            return ProcessState.isRunning(program) && ProcessState.cpuTicks(of: program) >= 10
        }
        guard runs else { throw DelveOracle.Failure(description: "the program never ran: \((try? screen()) ?? "")") }
        try press("C-c")
        try await waitFor("=>")  // stopped, with source shown
        try type("print stop_requested")
        try press("Enter")
        try await waitFor("\n0")
        try type("exit")
        try press("Enter")
    }
}

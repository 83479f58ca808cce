/// The Ctrl-C check shared by the local and the remote REPL, on `loops forever`.
extension TerminalSession {
    /// At the prompt: continue, Ctrl-C, see the stop with its source, see the program was
    /// halted (not ended by its own signal), and exit.
    func continueThenHaltWithCtrlC() async throws {
        try await waitFor("(dbg)")
        try type("continue")
        try press("Enter")
        try await Task.sleep(nanoseconds: 700_000_000)
        try press("C-c")
        try await waitFor("=>")  // stopped, with source shown
        try type("print stop_requested")
        try press("Enter")
        try await waitFor("\n0")
        try type("exit")
        try press("Enter")
    }
}

extension API {
    /// Not in Delve's API: what a debugger tells its front ends without being asked, in the
    /// order it happened (`DebuggerClient.events`), for front ends that follow the program
    /// rather than wait for replies (a DAP server).
    public enum Event: Sendable {
        /// The program stopped after a continue or a step (a breakpoint, a step's end, a
        /// signal, a halt, a tracepoint pass reported on its own): the state the command
        /// returned.
        case stopped(DebuggerState)
        /// A breakpoint was created, changed (condition, hit condition, name, enabled; set at
        /// last, when it was pending and a library that has its code loaded) or removed.
        case breakpointChanged(Breakpoint, change: BreakpointChange)
        /// The program ended: its exit status (128 + the signal when a signal killed it).
        case exited(status: Int)
    }

    public enum BreakpointChange: Sendable, Equatable {
        case created, changed, removed
    }
}

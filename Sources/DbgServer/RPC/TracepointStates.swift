import DbgService

/// Turns tracepoint passes (which the engine gathers during one continue) into the states
/// Delve reports, one per pass, and back (for `dbg connect`).
enum TracepointStates {
    /// A stop at the tracepoint: its thread carries the breakpoint (flagged `continue`, so
    /// Delve's client continues again) and the arguments it loaded.
    static func state(for hit: API.TracepointHit, breakpoints: [API.Breakpoint], after final: API.DebuggerState)
        -> API.DebuggerState
    {
        let breakpoint = hit.breakpoint ?? breakpoints.first { $0.id == hit.breakpointID } ?? {
            // The engine loads a tracepoint's arguments shallowly, as Delve's `trace` asks;
            // Delve's client prints them only when the breakpoint says it loaded them that way.
            var made = API.Breakpoint(id: hit.breakpointID, functionName: hit.functionName, tracepoint: true)
            made.loadArgs = shortLoad
            return made
        }()
        var thread = API.Thread(
            id: hit.threadID, pc: hit.pc, file: breakpoint.file, line: breakpoint.line,
            function: API.Function(name: hit.functionName, value: 0), goroutineID: hit.goroutineID,
            breakpoint: breakpoint)
        thread.breakpointInfo = hit.info
            ?? API.BreakpointInfo(arguments: hit.arguments)
        if hit.isReturn == true {
            // A return tracepoint: Delve's client prints the thread's return values.
            thread.breakpoint?.tracepoint = false
            thread.breakpoint?.traceReturn = true
            thread.returnValues = hit.returnValues ?? []
        }
        return API.DebuggerState(
            pid: final.pid, targetCommandLine: final.targetCommandLine, currentThread: thread, threads: [thread])
    }

    /// The pass a tracepoint state reports, or nil for any other state.
    static func hit(in state: API.DebuggerState) -> API.TracepointHit? {
        let stopped = state.threads.filter { $0.breakpoint != nil }
        guard !stopped.isEmpty, stopped.allSatisfy({ $0.breakpoint?.tracepoint == true || $0.breakpoint?.traceReturn == true }),
              let thread = state.currentThread.flatMap({ current in stopped.first { $0.id == current.id } }) ?? stopped.first,
              let breakpoint = thread.breakpoint else { return nil }
        let info = thread.breakpointInfo
        var hit = API.TracepointHit(
            breakpointID: breakpoint.id, threadID: thread.id, goroutineID: thread.goroutineID, pc: thread.pc,
            functionName: thread.function?.name ?? breakpoint.functionName ?? "",
            arguments: (info?.arguments ?? []).filter { $0.flags & API.Variable.argumentFlag != 0 })
        hit.info = info
        hit.breakpoint = breakpoint
        if breakpoint.traceReturn {
            hit.isReturn = true
            hit.returnValues = thread.returnValues ?? []
        }
        return hit
    }

    /// Delve's `ShortLoadConfig` (what `trace` asks for).
    static let shortLoad = API.LoadConfig(
        followPointers: false, maxVariableRecurse: 0, maxStringLen: 64, maxArrayValues: 0, maxStructFields: 3)
}

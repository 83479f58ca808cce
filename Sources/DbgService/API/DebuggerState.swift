extension API {
    /// Delve's `api.DebuggerState`: where the program is after a command.
    public struct DebuggerState: Codable, Sendable {
        public var pid: Int
        public var targetCommandLine: String
        public var running: Bool
        public var currentThread: Thread?
        public var selectedGoroutine: Goroutine?
        public var threads: [Thread]
        public var nextInProgress: Bool
        public var exited: Bool
        public var exitStatus: Int
        /// Watchpoints on stack variables whose frames returned, cleared on the way to this stop.
        public var watchOutOfScope: [Breakpoint]?
        /// Not in Delve's type: why the program stopped (nil while it runs, and from Delve).
        public var reason: StopReason?
        /// Not in Delve's type: why the program stopped, in words (a signal, a crash, a halt,
        /// a kill); nil when the position says it all. On the wire as it always was.
        public var stopReason: String? { reason?.text }
        /// Not in Delve's type: tracepoints passed during the command, in order (Delve's
        /// clients instead get one state per tracepoint and continue again).
        public var tracepointHits: [TracepointHit]?
        /// Not in Delve's type: the program stopped only to report the tracepoint passes in
        /// `tracepointHits` (a continue with `returnAtTracepoints`); continue again.
        public var atTracepoint: Bool?
        /// Not in Delve's type: how many functions dbg called (`call`) stopped inside before
        /// returning (gdb's dummy frames) and wait for a `continue`; nil when none.
        public var suspendedCalls: Int?
        /// Not in Delve's type: the stop is the one before a `call` (or the `continue` that
        /// finished a call stopped inside), whose functions returned: the current thread's
        /// `returnValues` hold the result (none for `void`).
        public var callReturned: Bool?

        enum CodingKeys: String, CodingKey {
            case pid = "Pid", targetCommandLine = "TargetCommandLine", running = "Running"
            case currentThread, selectedGoroutine = "currentGoroutine", threads = "Threads"
            case nextInProgress = "NextInProgress", exited, exitStatus, watchOutOfScope = "WatchOutOfScope", stopReason, reason, tracepointHits, atTracepoint
            case suspendedCalls, callReturned
        }

        public init(pid: Int, targetCommandLine: String = "", running: Bool = false, currentThread: Thread? = nil,
                    selectedGoroutine: Goroutine? = nil, threads: [Thread] = [], nextInProgress: Bool = false,
                    exited: Bool = false, exitStatus: Int = 0, reason: StopReason? = nil) {
            self.pid = pid
            self.targetCommandLine = targetCommandLine
            self.running = running
            self.currentThread = currentThread
            self.selectedGoroutine = selectedGoroutine
            self.threads = threads
            self.nextInProgress = nextInProgress
            self.exited = exited
            self.exitStatus = exitStatus
            self.reason = reason
            self.tracepointHits = nil
        }

        // Delve leaves out empty fields (TargetCommandLine) and writes no threads as null:
        // what is missing takes its zero value, as in Go.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            pid = try c.decodeIfPresent(Int.self, forKey: .pid) ?? 0
            targetCommandLine = try c.decodeIfPresent(String.self, forKey: .targetCommandLine) ?? ""
            running = try c.decodeIfPresent(Bool.self, forKey: .running) ?? false
            currentThread = try c.decodeIfPresent(Thread.self, forKey: .currentThread)
            selectedGoroutine = try c.decodeIfPresent(Goroutine.self, forKey: .selectedGoroutine)
            threads = try c.decodeIfPresent([Thread].self, forKey: .threads) ?? []
            nextInProgress = try c.decodeIfPresent(Bool.self, forKey: .nextInProgress) ?? false
            exited = try c.decodeIfPresent(Bool.self, forKey: .exited) ?? false
            exitStatus = try c.decodeIfPresent(Int.self, forKey: .exitStatus) ?? 0
            watchOutOfScope = try c.decodeIfPresent([Breakpoint].self, forKey: .watchOutOfScope)
            reason = try c.decodeIfPresent(StopReason.self, forKey: .reason)
            tracepointHits = try c.decodeIfPresent([TracepointHit].self, forKey: .tracepointHits)
            atTracepoint = try c.decodeIfPresent(Bool.self, forKey: .atTracepoint)
            suspendedCalls = try c.decodeIfPresent(Int.self, forKey: .suspendedCalls)
            callReturned = try c.decodeIfPresent(Bool.self, forKey: .callReturned)
        }

        // Delve's fields, then dbg's: the stop reason both in words (`stopReason`, as it
        // always was) and typed (`reason`).
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(pid, forKey: .pid)
            try c.encode(targetCommandLine, forKey: .targetCommandLine)
            try c.encode(running, forKey: .running)
            try c.encodeIfPresent(currentThread, forKey: .currentThread)
            try c.encodeIfPresent(selectedGoroutine, forKey: .selectedGoroutine)
            try c.encode(threads, forKey: .threads)
            try c.encode(nextInProgress, forKey: .nextInProgress)
            try c.encode(exited, forKey: .exited)
            try c.encode(exitStatus, forKey: .exitStatus)
            try c.encodeIfPresent(watchOutOfScope, forKey: .watchOutOfScope)
            try c.encodeIfPresent(stopReason, forKey: .stopReason)
            try c.encodeIfPresent(reason, forKey: .reason)
            try c.encodeIfPresent(tracepointHits, forKey: .tracepointHits)
            try c.encodeIfPresent(atTracepoint, forKey: .atTracepoint)
            try c.encodeIfPresent(suspendedCalls, forKey: .suspendedCalls)
            try c.encodeIfPresent(callReturned, forKey: .callReturned)
        }
    }

    /// One pass through a tracepoint.
    public struct TracepointHit: Codable, Sendable, Hashable {
        public var breakpointID: Int
        public var threadID: Int
        public var goroutineID: Int64
        public var pc: UInt64
        public var functionName: String
        /// The arguments, flagged as such (only when the tracepoint loads its arguments the
        /// short way, which its line shows).
        public var arguments: [Variable]
        /// What the tracepoint's `on ID CMD` commands gathered.
        public var info: BreakpointInfo?
        /// The tracepoint as it was at the pass (what it loads decides how it prints).
        public var breakpoint: Breakpoint?
        /// A return tracepoint's pass (at a RET): `returnValues` are what the function returns.
        public var isReturn: Bool?
        public var returnValues: [Variable]?

        public init(breakpointID: Int, threadID: Int, goroutineID: Int64 = 0, pc: UInt64, functionName: String,
                    arguments: [Variable]) {
            self.breakpointID = breakpointID
            self.threadID = threadID
            self.goroutineID = goroutineID
            self.pc = pc
            self.functionName = functionName
            self.arguments = arguments
        }
    }

    /// Delve's `api.Thread`.
    public struct Thread: Codable, Sendable, Hashable {
        public var id: Int
        public var pc: UInt64
        public var file: String
        public var line: Int
        public var function: Function?
        public var goroutineID: Int64
        public var breakpoint: Breakpoint?
        /// What a breakpoint gathered when it was hit (a tracepoint's arguments).
        public var breakpointInfo: BreakpointInfo?
        public var returnValues: [Variable]?
        /// Not in Delve's type: what the green thread `goroutineID` names is called when it is
        /// not a goroutine ("task"); nil for goroutines.
        public var goroutineNoun: String?

        enum CodingKeys: String, CodingKey {
            case id, pc, file, line, function, goroutineID, breakpoint = "breakPoint", breakpointInfo = "breakPointInfo"
            case returnValues = "ReturnValues", goroutineNoun
        }

        public init(id: Int, pc: UInt64, file: String, line: Int, function: Function?, goroutineID: Int64 = 0,
                    breakpoint: Breakpoint? = nil, returnValues: [Variable]? = nil) {
            self.id = id
            self.pc = pc
            self.file = file
            self.line = line
            self.function = function
            self.goroutineID = goroutineID
            self.breakpoint = breakpoint
            self.breakpointInfo = nil
            self.returnValues = returnValues
        }

        // As Delve's JSON: the optional pointers left out when nil, ReturnValues always (null
        // when there are none).
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(pc, forKey: .pc)
            try c.encode(file, forKey: .file)
            try c.encode(line, forKey: .line)
            try c.encodeIfPresent(function, forKey: .function)
            try c.encode(goroutineID, forKey: .goroutineID)
            try c.encodeIfPresent(breakpoint, forKey: .breakpoint)
            try c.encodeIfPresent(breakpointInfo, forKey: .breakpointInfo)
            try c.encode(returnValues, forKey: .returnValues)
            try c.encodeIfPresent(goroutineNoun, forKey: .goroutineNoun)
        }
    }

    /// Delve's `api.BreakpointInfo`: what a breakpoint gathers when it is hit (`on ID CMD`).
    public struct BreakpointInfo: Codable, Sendable, Hashable {
        /// `stack N`: the innermost N+1 frames.
        public var stacktrace: [Stackframe]?
        /// `goroutine`: the goroutine that hit it.
        public var goroutine: Goroutine?
        /// The values of the breakpoint's `variables` (`print EXPR`), named by the expression.
        public var variables: [Variable]?
        public var arguments: [Variable]?
        public var locals: [Variable]?
        /// Not in Delve's type: at a watchpoint's hit, the watched value before and after.
        public var watchOldValue: Variable?
        public var watchNewValue: Variable?

        public init(arguments: [Variable]? = nil, locals: [Variable]? = nil, variables: [Variable]? = nil) {
            self.arguments = arguments
            self.locals = locals
            self.variables = variables
        }
    }

    /// Delve's `api.DebuggerCommand`: continue, next, step, stepOut, stepInstruction,
    /// nextInstruction, switchThread, switchGoroutine, halt.
    public struct DebuggerCommand: Codable, Sendable, Hashable {
        public var name: String
        public var threadID: Int?
        public var goroutineID: Int64?
        public var returnInfoLoadConfig: LoadConfig?
        /// Not in Delve's type: a continue comes back at each tracepoint pass (so that a
        /// front end prints them as they happen) instead of gathering them.
        public var returnAtTracepoints: Bool?
        /// Not in Delve's type: a step on a goroutine passes breakpoints other goroutines hit
        /// on the way instead of stopping there (what an editor's `next` means).
        public var staysOnGoroutine: Bool?
        /// `call`: the expression whose function calls run (Delve's).
        public var expr: String?
        /// `call`: Delve's flag to call where its runtime says it is unsafe; dbg's C calls
        /// ignore it.
        public var unsafeCall: Bool?
        /// Not in Delve's type: `call`: the frame whose scope the expression is evaluated in
        /// (its arguments; the function runs on the thread from its innermost frame). Delve
        /// evaluates in frame 0.
        public var frame: Int?

        enum CodingKeys: String, CodingKey {
            case name, threadID, goroutineID, returnInfoLoadConfig = "ReturnInfoLoadConfig", returnAtTracepoints
            case staysOnGoroutine, expr, unsafeCall, frame
        }

        public init(name: String, threadID: Int? = nil, goroutineID: Int64? = nil) {
            self.name = name
            self.threadID = threadID
            self.goroutineID = goroutineID
            self.returnInfoLoadConfig = nil
        }

        public static let `continue` = "continue", next = "next", step = "step", stepOut = "stepOut"
        public static let stepInstruction = "stepInstruction", nextInstruction = "nextInstruction"
        public static let switchThread = "switchThread", switchGoroutine = "switchGoroutine", halt = "halt"
        /// Delve's: runs the function calls of `expr` (`call add(1, 2)`); while a call stopped
        /// inside its function, `continue` finishes it.
        public static let call = "call"
        /// Not Delve's: puts every thread with a call stopped inside back as before the call.
        public static let abandonCalls = "abandonCalls"
    }

    /// Delve's `api.EvalScope`: which goroutine and frame an expression is evaluated in.
    public struct EvalScope: Codable, Sendable, Hashable {
        public var goroutineID: Int64
        public var frame: Int
        public var deferredCall: Int

        enum CodingKeys: String, CodingKey {
            case goroutineID = "GoroutineID", frame = "Frame", deferredCall = "DeferredCall"
        }

        public init(goroutineID: Int64 = -1, frame: Int = 0) {
            self.goroutineID = goroutineID
            self.frame = frame
            self.deferredCall = 0
        }
    }
}

/// The REPL's commands, by canonical name (Delve's first alias).
enum Command: String, CaseIterable, Sendable {
    // Running the program.
    case `continue`, next, step, stepOut = "stepout", stepInstruction = "step-instruction"
    case nextInstruction = "next-instruction", restart
    // Breakpoints.
    case `break`, trace, breakpoints, clear, clearAll = "clearall", condition, on, toggle
    // Data.
    case print, set, locals, args, vars, whatis, display, examineMemory = "examinemem", regs
    // Threads and goroutines.
    case goroutines, goroutine, threads, thread
    // Stack.
    case stack, frame, up, down, deferred
    // Other.
    case list, disassemble, funcs, sources, types, libraries, config, source, help, exit

    enum Group: CaseIterable, Sendable {
        case running, breakpoints, data, threads, stack, other

        /// Delve's group titles, in Delve's order.
        var title: String {
            switch self {
            case .running: "Running the program"
            case .breakpoints: "Manipulating breakpoints"
            case .data: "Viewing program variables and memory"
            case .threads: "Listing and switching between threads and goroutines"
            case .stack: "Viewing the call stack and selecting frames"
            case .other: "Other commands"
            }
        }
    }

    var aliases: [String] {
        switch self {
        case .continue: ["c"]
        case .next: ["n"]
        case .step: ["s"]
        case .stepOut: ["so"]
        case .stepInstruction: ["si", "stepi"]
        case .nextInstruction: ["ni", "nexti"]
        case .restart: ["r"]
        case .break: ["b"]
        case .trace: ["t"]
        case .breakpoints: ["bp"]
        case .condition: ["cond"]
        case .print: ["p"]
        case .examineMemory: ["x"]
        case .goroutines: ["grs"]
        case .goroutine: ["gr"]
        case .thread: ["tr"]
        case .stack: ["bt"]
        case .list: ["ls", "l"]
        case .disassemble: ["disass"]
        case .help: ["h"]
        case .exit: ["quit", "q"]
        default: []
        }
    }

    var names: [String] { [rawValue] + aliases }

    var group: Group {
        switch self {
        case .continue, .next, .step, .stepOut, .stepInstruction, .nextInstruction, .restart: .running
        case .break, .trace, .breakpoints, .clear, .clearAll, .condition, .on, .toggle: .breakpoints
        case .print, .set, .locals, .args, .vars, .whatis, .display, .examineMemory, .regs: .data
        case .goroutines, .goroutine, .threads, .thread: .threads
        case .stack, .frame, .up, .down, .deferred: .stack
        case .list, .disassemble, .funcs, .sources, .types, .libraries, .config, .source, .help, .exit: .other
        }
    }

    /// Commands that read or move the live program: after it exited they answer
    /// "the program has exited; use restart" instead of asking the debugger.
    var needsProcess: Bool {
        switch self {
        case .continue, .next, .step, .stepOut, .stepInstruction, .nextInstruction,
             .print, .set, .locals, .args, .vars, .whatis, .examineMemory, .regs,
             .goroutines, .goroutine, .threads, .thread, .stack, .frame, .up, .down, .deferred:
            true
        default:
            false
        }
    }

    /// An empty line repeats the last of these (Delve repeats any command; repeating a
    /// `print` or a `break` is never what one wants).
    var repeatsOnEmptyLine: Bool {
        switch self {
        case .continue, .next, .step, .stepOut, .stepInstruction, .nextInstruction: true
        default: false
        }
    }

    /// Commands that set the program running: Ctrl-C halts the program while they wait.
    var resumesProcess: Bool {
        switch self {
        case .continue, .next, .step, .stepOut, .stepInstruction, .nextInstruction: true
        default: false
        }
    }

    /// Commands `deferred N ...` runs in a deferred call's scope.
    var allowedInDeferredCall: Bool {
        switch self {
        case .print, .args, .locals: true
        default: false
        }
    }

    /// Commands `on BP ...` accepts (they edit the breakpoint instead of running).
    var allowedOnBreakpoint: Bool {
        switch self {
        case .print, .stack, .goroutine, .trace, .condition, .args, .locals: true
        default: false
        }
    }
}

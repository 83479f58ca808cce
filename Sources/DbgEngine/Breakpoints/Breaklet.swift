/// One reason to stop at an address. An int3 (a site, in `TracedProcess`) stays while any
/// breaklet is at its address; when a thread hits it, the run loop walks the address's
/// breaklets in the order of their reasons (`BreakletTable.at`).
struct Breaklet: Sendable, Hashable {
    /// Why the program stops here, in the order the run loop weighs them.
    enum Reason: Sendable, Hashable, Comparable {
        /// The dynamic linker reports library loads and unloads here (r_brk).
        case libraryEvent
        /// `step`: a call on the line being stepped, entered by a single step.
        case stepIntoCall
        /// A step: a jump out of the function (a tail call), followed into the callee.
        case stepTailCall
        /// A step: the entry of an inlined frame, where the step goes on from that frame.
        case stepReplan
        /// A step's stop: another line of the frame, its return address, a callee's first
        /// statement, the newest deferred call.
        case stepStop
        /// Where the frame holding a watched stack variable returns: the watchpoint ends there.
        case watchScope(id: Int)
        /// The returns of the runtime's function that moves stacks: watched stack variables
        /// follow there.
        case stackMoved
        /// A user's breakpoint or tracepoint, or a runtime's event breakpoint (negative id).
        case breakpoint(id: Int)
        // Room for runtime events. (Watchpoints themselves are debug registers, not int3s.)
    }

    var reason: Reason
    /// A breakpoint's condition, parsed once when it was set (nil: always).
    var condition: BreakpointCondition?

    init(_ reason: Reason, condition: BreakpointCondition? = nil) {
        self.reason = reason
        self.condition = condition
    }

    var isStep: Bool {
        switch reason {
        case .stepIntoCall, .stepTailCall, .stepReplan, .stepStop: true
        case .libraryEvent, .watchScope, .stackMoved, .breakpoint: false
        }
    }
}

/// A breakpoint's condition: the text the user typed and its parse.
struct BreakpointCondition: Sendable, Hashable {
    var text: String
    var expression: Expression

    /// Parses `text`; a syntax error is the user's ("bad condition ...").
    init(_ text: String) throws(EngineError) {
        do {
            expression = try ExpressionParser.parse(text)
        } catch {
            throw EngineError("bad condition '\(text)': \(error.description)", kind: .badInput)
        }
        self.text = text
    }
}

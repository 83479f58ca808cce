import DbgProcess
import DbgSymbols

/// The internal stops of a next, step or stepout in progress: conditioned on the thread
/// (or the green thread: Go's goroutine) that started it and on the frame (by CFA), so that other threads,
/// other goroutines and recursive calls of the same function run through them.
struct StepPlan: Sendable {
    enum Kind: Sendable { case next, step, stepOut }

    var kind: Kind
    var thread: ThreadID
    /// With green threads, the one that started the step; it may move between threads, and
    /// `frameCFA` and `callerCFA` are then measured as its runtime says (Go: down from its
    /// stack's top, because Go moves stacks when they grow).
    var greenThread: Int64?
    /// CFA of the frame the step started in: line stops count only in that frame.
    var frameCFA: UInt64
    /// First addresses of the function's other lines.
    var lineStops: Set<UInt64>
    /// Where the frame returns to, and the CFA the caller's frame has there.
    var returnAddress: UInt64?
    var callerCFA: UInt64?
    /// `step`: the calls on the current line; at one, the thread steps into the callee.
    var callSites: Set<UInt64>
    /// At each line stop, the number of inlined frames the stop hides (code that is not Go).
    var hiddenInlineFrames: [UInt64: Int] = [:]
    /// Entries of other (inlined) frames where the step goes on from that frame.
    var replanSites: [UInt64: Replan] = [:]
    struct Replan: Sendable {
        var hidden: Int
        var current: StatementStops.Line?
    }
    /// Jumps out of the function (tail calls), followed into the callee as gdb does.
    var tailCallSites: Set<UInt64> = []
    /// `step`: the first statement of a callee with line information, once entered.
    var entryStop: UInt64?
    /// Go: the first statement of the newest call the frame deferred, which runs when the
    /// frame returns or panics; the step stops there, as Delve's does.
    var deferStop: UInt64?
    /// `nexti`: a step by instruction, whose stop hides no inlined frames (as gdb's).
    var byInstruction = false
    /// `stepout`: the function being left (its binary and DIE), for its return value.
    var returning: (imagePath: String, function: DIEOffset)?

    /// Each internal stop and why the step has it.
    var stops: [(address: UInt64, reason: Breaklet.Reason)] {
        var all: [(address: UInt64, reason: Breaklet.Reason)] = []
        for address in lineStops { all.append((address, .stepStop)) }
        for address in [returnAddress, entryStop, deferStop].compactMap({ $0 }) { all.append((address, .stepStop)) }
        for address in callSites { all.append((address, .stepIntoCall)) }
        for address in tailCallSites { all.append((address, .stepTailCall)) }
        for address in replanSites.keys { all.append((address, .stepReplan)) }
        return all
    }

    var addresses: Set<UInt64> {
        var all = lineStops.union(callSites).union(tailCallSites).union(replanSites.keys)
        if let returnAddress { all.insert(returnAddress) }
        if let entryStop { all.insert(entryStop) }
        if let deferStop { all.insert(deferStop) }
        return all
    }
}

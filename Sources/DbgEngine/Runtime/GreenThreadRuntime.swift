import DbgProcess
import DbgSymbols

/// A runtime that schedules green threads onto the program's threads: Go's goroutines (and
/// Swift's async tasks next). `Target` chooses one per program from its executable
/// (`GreenThreadRuntimes.detect`) and asks it, never the language, what runs on a thread,
/// where a parked one's stack starts, which functions are the runtime's own, and what
/// stepping must know. A program without one gets `NativeThreads`, which answers "none".
///
/// Runtimes cache what they read while the program is stopped; `Target` calls
/// `programWillRun()` before it resumes. They are owned by one `Target` and used only on
/// its executor.
protocol GreenThreadRuntime: AnyObject {
    /// Whether the program has green threads at all (false: commands about them refuse).
    var hasGreenThreads: Bool { get }

    /// What users call the runtime's green threads: "goroutine", "task".
    var greenThreadNoun: String { get }

    /// What was read at this stop is stale: the program is about to run.
    func programWillRun()

    /// Every live green thread in the runtime's order, with `thread` set for those a thread
    /// runs.
    func all(in program: RuntimeProgram) throws(EngineError) -> [GreenThread]

    /// The first `count` live green threads of `all`, read without reading the others where
    /// the runtime can (a list's first page of thousands); `more`: whether others may follow.
    func first(_ count: Int, in program: RuntimeProgram) throws(EngineError) -> (greenThreads: [GreenThread], more: Bool)

    /// The live green thread `id`; nil when there is none.
    func greenThread(id: Int64, in program: RuntimeProgram) throws(EngineError) -> GreenThread?

    /// The green thread a thread runs now, read afresh; nil when it runs none.
    func current(on thread: ThreadID, registers: Registers, in program: RuntimeProgram) -> GreenThread?

    /// Where the runtime's record of the green thread a thread runs is, from the thread's
    /// pointer (`fs_base`, which a frame's scope already has: no register read, and the record
    /// is not read either); nil when it runs none.
    func currentRecordAddress(threadPointer: UInt64, in program: RuntimeProgram) -> UInt64?

    /// How expressions name the current green thread's record (Go: `runtime.curg`, a
    /// `*runtime.g`, as in Delve's `break f if runtime.curg.goid == 7`); nil where they cannot.
    var currentRecordName: GreenThreadRecordName? { get }

    /// Whether the thread runs the runtime's own code on a stack of the runtime's (Go: g0),
    /// on behalf of its green thread, whose frames are then where the runtime saved them.
    func isOnRuntimeStack(_ registers: Registers, in program: RuntimeProgram) -> Bool

    /// Whether a function is the user's rather than the runtime's private machinery: the
    /// user frame of a green thread is its innermost such frame, and `step` enters only these.
    func isUserFunction(_ name: String) -> Bool

    /// Whether a green thread that starts in `name` is the runtime's own (Go: GC workers,
    /// the finalizer), not the program's.
    func isRuntimeOwned(startFunction name: String) -> Bool

    /// Functions that hold an int3 the program executes on purpose (Go's runtime.Breakpoint):
    /// the stop is shown where they were called.
    func isDeliberateTrap(inFunction name: String) -> Bool

    /// Whether the runtime handles signals itself (Go turns a fault into a panic that may be
    /// recovered): they reach the program without a stop.
    var handlesSignals: Bool { get }

    /// Whether returning into `name` goes on to its caller when stepping (Go's
    /// runtime.deferreturn, which runs a frame's deferred calls).
    func isReturnPassage(_ name: String) -> Bool

    /// The green thread's pending deferred calls, newest first (empty where the runtime has none).
    func deferredCalls(of greenThread: GreenThread, in program: RuntimeProgram) -> [DeferredCall]

    /// The function a start address stands for: through a runtime-generated wrapper (Go's
    /// `go f(x)` and `defer f(x)` wrappers) to what it calls.
    func unwrappedStart(_ pc: UInt64, in program: RuntimeProgram) -> UInt64

    /// The ids of green threads waiting on a channel-like `value` (receivers, then senders);
    /// nil when the value is not one of the runtime's channels.
    func waiters(on value: Value, in program: RuntimeProgram) throws(EngineError) -> [Int64]

    /// A green thread's labels (Go: pprof labels); empty where it has none.
    func labels(of greenThread: GreenThread, in program: RuntimeProgram) -> [String: String]

    /// A frame's identity while a step follows the green thread (its CFA on a stack that does
    /// not move; Go: measured down from its stack's top, which survives the runtime moving the
    /// stack; Swift: an async frame's own context, which it keeps across suspensions).
    /// `registers`: the frame's own where it is the innermost one (nil for callers).
    func frameIdentity(cfa: UInt64, pc: UInt64, registers: RegisterValues?, in greenThread: GreenThread, program: RuntimeProgram)
        -> UInt64

    /// A suspended green thread's frames where its runtime keeps them off any stack (Swift's
    /// async frames, innermost first); nil where parked green threads have stacks.
    func asyncFrames(of greenThread: GreenThread, in program: RuntimeProgram) -> [AsyncFrame]?

    /// The async callers of a thread's stack: the index of its outermost async frame (the
    /// executor's frames below it are left out) and the frames that called it; nil where
    /// the stack has no async frame.
    func asyncCallers(of frames: [StackFrame], in program: RuntimeProgram) -> (outermost: Int, callers: [AsyncFrame])?

    /// What the register holding the async context held when a frame's function was entered
    /// (its DWARF reads variables through that entry value); nil for other functions.
    func asyncEntryContext(of frame: StackFrame, in program: RuntimeProgram) -> UInt64?

    /// The other pieces of the async function holding `pc` (Swift splits one at each
    /// suspension point: the code after an `await` is another function), by their entries;
    /// empty for any other function.
    func asyncSiblings(ofFunctionAt pc: UInt64, in program: RuntimeProgram) -> [UInt64]

    /// Where the async frame at `pc` (with that CFA) resumes its caller when it returns, and
    /// the caller frame's identity (`frameIdentity`) there; nil for other frames.
    func asyncReturn(ofFrameAt pc: UInt64, cfa: UInt64, in program: RuntimeProgram) -> (address: UInt64, callerIdentity: UInt64)?

    /// The breakpoints the runtime wants in every program (Go: an unrecovered panic, a
    /// fatal error), with negative ids.
    var eventBreakpoints: [RuntimeEventBreakpoint] { get }

    /// The function that moves a green thread's stack elsewhere (Go's `runtime.copystack`,
    /// when a stack grows or shrinks); nil where stacks stay put. A watchpoint on a stack
    /// variable follows the variable at its returns.
    var stackMoveFunction: String? { get }

    /// The green thread whose record is at `address`, read now (nil: none there).
    func greenThread(atAddress address: UInt64, in program: RuntimeProgram) -> GreenThread?
}

extension GreenThreadRuntime {
    func frameIdentity(cfa: UInt64, pc: UInt64, registers: RegisterValues?, in greenThread: GreenThread, program: RuntimeProgram)
        -> UInt64
    {
        greenThread.stackHi &- cfa
    }

    /// Where a parked green thread's stack starts: the registers the runtime saved.
    func savedRegisters(of greenThread: GreenThread) -> RegisterValues {
        var saved = RegisterValues([:])
        saved[.rip] = greenThread.savedPC
        saved[.rsp] = greenThread.savedSP
        saved[.rbp] = greenThread.savedBP
        return saved
    }
}

/// What a runtime reads the program through, while it is stopped: its memory, its mapped
/// binaries, its threads and their registers.
struct RuntimeProgram {
    let memory: ProcessMemory
    let images: ImageMap
    let threads: () -> [ThreadID]
    let registers: (ThreadID) -> Registers?
    /// The program's memory map (/proc/PID/maps), read afresh.
    let regions: () -> [MemoryRegion]
    /// A binary's types and symbols as values see them (cached by the target).
    let symbols: (BinaryImage) -> ImageSymbols
}

/// The name expressions give the current green thread's record, and the record's type; or,
/// for a runtime whose record has no type in the program's DWARF (Swift's tasks), a name
/// whose value is the current green thread's id (`typeName` nil).
public struct GreenThreadRecordName: Sendable, Hashable {
    public var expression: String
    public var typeName: String?
}

/// A breakpoint a runtime sets in every program, where it is about to end it.
struct RuntimeEventBreakpoint: Sendable {
    var id: Int
    var name: String
    /// Functions whose entry holds the breakpoint (the ones this version of the runtime has).
    var functions: [String]
    /// Expressions printed at each stop (`on` commands).
    var printOnHit: [String]
}

/// A frame of an async function that no thread runs (or whose callers no stack holds):
/// where it resumes, and the async context it will be given.
public struct AsyncFrame: Sendable, Hashable {
    public var pc: UInt64
    public var entryContext: UInt64
}

extension GreenThreadRuntime {
    var greenThreadNoun: String { "goroutine" }

    func asyncFrames(of greenThread: GreenThread, in program: RuntimeProgram) -> [AsyncFrame]? { nil }
    func asyncCallers(of frames: [StackFrame], in program: RuntimeProgram) -> (outermost: Int, callers: [AsyncFrame])? { nil }
    func asyncEntryContext(of frame: StackFrame, in program: RuntimeProgram) -> UInt64? { nil }
    func asyncSiblings(ofFunctionAt pc: UInt64, in program: RuntimeProgram) -> [UInt64] { [] }
    func asyncReturn(ofFrameAt pc: UInt64, cfa: UInt64, in program: RuntimeProgram) -> (address: UInt64, callerIdentity: UInt64)? { nil }
    var stackMoveFunction: String? { nil }
    func greenThread(atAddress address: UInt64, in program: RuntimeProgram) -> GreenThread? { nil }

    func first(_ count: Int, in program: RuntimeProgram) throws(EngineError) -> (greenThreads: [GreenThread], more: Bool) {
        let all = try all(in: program)
        return (Array(all.prefix(count)), all.count > count)
    }

    func greenThread(id: Int64, in program: RuntimeProgram) throws(EngineError) -> GreenThread? {
        try all(in: program).first { $0.id == id }
    }
}

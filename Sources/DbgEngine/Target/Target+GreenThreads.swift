import DbgProcess
import DbgSymbols

/// Green threads (goroutines), as the program's runtime describes them: read at each stop;
/// stacks of parked ones start from the registers the runtime saved when they left their
/// thread.
extension Target {
    /// Whether the program's runtime schedules green threads (Go).
    public var hasGreenThreads: Bool { runtime.hasGreenThreads }

    /// What users call the program's green threads ("goroutine", "task").
    public var greenThreadNoun: String { runtime.greenThreadNoun }

    /// What the runtime reads the program through, at this stop.
    var runtimeProgram: RuntimeProgram {
        RuntimeProgram(
            memory: memory, images: images, threads: { self.threadIDs() }, registers: { try? self.registers(of: $0) },
            regions: { (try? self.program.memoryMap()) ?? [] }, symbols: { self.symbols(of: $0) })
    }

    /// Every live green thread in the runtime's order (by creation), each with the thread
    /// that runs it. Empty for a program without green threads.
    public func greenThreads() throws(EngineError) -> [GreenThread] {
        guard !hasEnded else { throw .exited }
        return try runtime.all(in: runtimeProgram)
    }

    /// The first `count` green threads of `greenThreads()`, without reading the others where
    /// the runtime can; `more`: whether others may follow.
    public func greenThreads(first count: Int) throws(EngineError) -> (greenThreads: [GreenThread], more: Bool) {
        guard !hasEnded else { throw .exited }
        return try runtime.first(count, in: runtimeProgram)
    }

    public func greenThread(id: Int64) throws(EngineError) -> GreenThread {
        guard hasGreenThreads else {
            throw EngineError("the program has no goroutines (it is not a Go program, nor Swift with tasks)", kind: .unsupported)
        }
        guard !hasEnded else { throw .exited }
        guard let found = try runtime.greenThread(id: id, in: runtimeProgram) else {
            throw EngineError("unknown \(greenThreadNoun) \(id)", kind: .notFound)
        }
        return found
    }

    /// The green thread a thread runs now, if any. Read afresh, as the run loop asks at
    /// every internal stop.
    public func currentGreenThread(of thread: ThreadID) -> GreenThread? {
        guard hasGreenThreads, let registers = try? registers(of: thread) else { return nil }
        return runtime.current(on: thread, registers: registers, in: runtimeProgram)
    }

    /// The green thread commands act on: the one chosen with `goroutine N`, else the
    /// selected thread's.
    public func selectedGreenThread() -> GreenThread? {
        if let chosen = chosenGreenThread, let greenThread = try? greenThread(id: chosen) { return greenThread }
        return currentGreenThread(of: selectedThread)
    }

    /// Makes `id` the current green thread; its thread, when it runs on one, becomes the
    /// selected thread.
    public func select(greenThread id: Int64) throws(EngineError) {
        let greenThread = try greenThread(id: id)
        if let thread = greenThread.thread {
            selectedThread = thread
            chosenGreenThread = nil
        } else {
            chosenGreenThread = id
        }
        selectedFrame = 0
    }

    /// Forgets what was read at the last stop; called whenever the program runs.
    func forgetGreenThreads() {
        runtime.programWillRun()
        chosenGreenThread = nil
    }

    /// Where a stack starts: a thread's registers, or for a green thread that no thread
    /// runs, the registers the runtime saved for it. `isLive`: the registers are a thread's own.
    func stackStart(thread: ThreadID, greenThread id: Int64?) throws(EngineError) -> (registers: RegisterValues, thread: ThreadID, isLive: Bool) {
        let greenThread: GreenThread?
        if let id {
            greenThread = try self.greenThread(id: id)
        } else if let chosen = chosenGreenThread {
            greenThread = try? self.greenThread(id: chosen)
        } else {
            greenThread = nil
        }
        if let greenThread, let start = stackStart(of: greenThread) {
            return (start.registers, start.thread ?? thread, start.thread != nil)
        }
        return (try registers(of: thread).dwarfValues, thread, true)
    }

    /// A green thread's stack start: its thread's registers while a thread runs it on its
    /// own stack, else what the runtime saved when it left (`thread` nil).
    private func stackStart(of greenThread: GreenThread) -> (registers: RegisterValues, thread: ThreadID?)? {
        if let thread = greenThread.thread {
            guard let registers = try? registers(of: thread) else { return nil }
            if !runtime.isOnRuntimeStack(registers, in: runtimeProgram) { return (registers.dwarfValues, thread) }
        }
        return (runtime.savedRegisters(of: greenThread), nil)
    }

    /// Bytes of a green thread's stack read at once when looking for its locations: the rest
    /// of the page its stack pointer is in (one page for the kernel to pin), or of the next
    /// page too when less than `minimumStackWindow` is left in the first.
    static func stackWindow(at sp: UInt64) -> UInt64 {
        let toPageEnd = 4096 - sp % 4096
        return toPageEnd >= minimumStackWindow ? toPageEnd : toPageEnd + 4096
    }
    static let minimumStackWindow: UInt64 = 1024

    /// The four locations of each green thread (Delve's Runtime, User, Go and Start), in one
    /// call so that listing thousands of goroutines costs one hop to the ptrace thread.
    public func locations(of greenThreads: [GreenThread]) -> [GreenThreadLocations] {
        let program = runtimeProgram
        return greenThreads.map { locations(of: $0, program) }
    }

    private func locations(of greenThread: GreenThread, _ program: RuntimeProgram) -> GreenThreadLocations {
        if let async = runtime.asyncFrames(of: greenThread, in: program), let innermost = async.first {
            // A suspended task: its async frames, the innermost one of the program's own code
            // its user frame (only those two symbolized: a list has thousands).
            // (The runtime saved the user frame's resume point as the green thread's pc.)
            let current = asyncStackFrames([innermost], firstIndex: 0)[0]
            let userIndex = async.firstIndex { $0.pc == greenThread.savedPC }
            let user = userIndex.map { asyncStackFrames([async[$0]], firstIndex: $0)[0] } ?? current
            let startFrame = symbolize(greenThread.startPC, isReturnAddress: false)
            return GreenThreadLocations(
                current: current, user: user, creation: symbolize(greenThread.creationPC, isReturnAddress: false),
                start: startFrame,
                isRuntimeOwned: (startFrame.name ?? startFrame.function?.name).map(runtime.isRuntimeOwned(startFunction:)) ?? false)
        }
        let start = stackStart(of: greenThread)?.registers ?? RegisterValues([:])
        // The top of the stack in one read: the walk to its user frame reads return
        // addresses there, a system call each otherwise.
        var stackMemory: any TargetMemory = memory
        if let sp = start[.rsp], greenThread.stackHi > sp,
           let top = try? memory.read(at: sp, count: Int(min(greenThread.stackHi - sp, Self.stackWindow(at: sp)))) {
            stackMemory = CachedMemory(base: sp, bytes: top, fallback: memory)
        }
        let unwinder = StackUnwinder(images: images, memory: stackMemory, maxDepth: 64)
        // The walk ends at the user frame: what lies below it is not needed here.
        let physical = unwinder.physicalFrames(from: start) { frame, index in isUserCode(frame, index: index, unwinder) }
        let first = physical.first ?? StackUnwinder.PhysicalFrame(pc: start[.rip] ?? 0, cfa: nil, registers: start)
        let current = symbolized(first, index: 0, unwinder).first ?? symbolize(greenThread.savedPC, isReturnAddress: false)
        var user = current
        if let last = physical.last, isUserCode(last, index: physical.count - 1, unwinder),
           let outer = symbolized(last, index: physical.count - 1, unwinder).last {
            user = outer
        }
        let startFrame = symbolize(runtime.unwrappedStart(greenThread.startPC, in: program), isReturnAddress: false)
        return GreenThreadLocations(
            current: current, user: user,
            creation: symbolize(greenThread.creationPC, isReturnAddress: !isFunctionEntry(greenThread.creationPC)),
            start: startFrame,
            isRuntimeOwned: (startFrame.name ?? startFrame.function?.name).map(runtime.isRuntimeOwned(startFunction:)) ?? false)
    }

    /// A green thread's labels (Go's pprof labels).
    public func labels(of greenThread: GreenThread) -> [String: String] {
        runtime.labels(of: greenThread, in: runtimeProgram)
    }

    /// The ids of the green threads waiting to receive from, then to send to, the channel
    /// that `expression` evaluates to in the given frame (Delve's `goroutines -chan`).
    public func greenThreadsWaiting(onChannel expression: String, thread: ThreadID, greenThread: Int64?, frame: Int,
                                    deferredCall: Int = 0) throws(EngineError) -> [Int64] {
        guard hasGreenThreads else { return [] }
        let channel = try evaluate(expression, thread: thread, greenThread: greenThread, frame: frame, deferredCall: deferredCall)
        return try runtime.waiters(on: channel, in: runtimeProgram)
    }

    /// A physical frame's frames (its inlined calls, then its function), symbolized once per
    /// code address.
    private func symbolized(_ frame: StackUnwinder.PhysicalFrame, index: Int, _ unwinder: StackUnwinder) -> [StackFrame] {
        symbolizedCode(of: frame, index: index, unwinder).frames.map { cached in
            var copy = cached
            copy.registers = frame.registers
            copy.cfa = frame.cfa
            copy.physicalIndex = index
            return copy
        }
    }

    /// The frames symbolized at a physical frame's code address, as first symbolized there
    /// (another stack's registers and index: for their functions and lines), and whether the
    /// function is the program's own.
    private func symbolizedCode(of frame: StackUnwinder.PhysicalFrame, index: Int, _ unwinder: StackUnwinder) -> SymbolizedCode {
        let key = SymbolizedFrameKey(pc: frame.pc, isReturnAddress: index > 0 && !frame.wasInterrupted)
        if let known = symbolizedFrames[key] { return known }
        let frames = unwinder.expand(frame, index: index)
        let name = frames.last?.function?.name
        let code = SymbolizedCode(frames: frames, isUserCode: name.map { runtime.isUserFunction($0) } ?? false)
        symbolizedFrames[key] = code
        return code
    }

    /// Whether a physical frame's function (not a call inlined in it) is the program's own
    /// code rather than its runtime's.
    private func isUserCode(_ frame: StackUnwinder.PhysicalFrame, index: Int, _ unwinder: StackUnwinder) -> Bool {
        symbolizedCode(of: frame, index: index, unwinder).isUserCode
    }

    private func isFunctionEntry(_ pc: UInt64) -> Bool {
        guard let loaded = images.image(containing: pc),
              let function = loaded.image.function(containing: loaded.staticAddress(pc))
        else { return true }
        return loaded.runtimeAddress(function.entry) == pc
    }

    /// A frame for a code address: its function and line (a return address is looked up
    /// one byte back, in the call instruction).
    func symbolize(_ pc: UInt64, isReturnAddress: Bool) -> StackFrame {
        // Known code (a goroutine's start or creation, shared by thousands) without a walk:
        // the frame as first symbolized, whose registers are another stack's (only its place
        // is asked of it).
        if let known = symbolizedFrames[SymbolizedFrameKey(pc: pc, isReturnAddress: isReturnAddress)]?.frames.last {
            return known
        }
        var registers = RegisterValues([:])
        registers[.rip] = pc
        let unwinder = StackUnwinder(images: images, memory: memory, maxDepth: 1)
        let frames = symbolized(.init(pc: pc, cfa: nil, registers: registers), index: isReturnAddress ? 1 : 0, unwinder)
        return frames.last ?? StackFrame(
            pc: pc, cfa: nil, registers: registers, image: nil, function: nil, name: nil, source: nil, scope: nil,
            isInlined: false, physicalIndex: 0)
    }
}

/// A code address as a frame sees it: the pc itself (the innermost frame) or a return
/// address (looked up one byte back, in the call).
struct SymbolizedFrameKey: Hashable, Sendable {
    var pc: UInt64
    var isReturnAddress: Bool
}

/// The frames at a code address (its inlined calls, then its function), and whether that
/// function is the program's own rather than its runtime's.
struct SymbolizedCode: Sendable {
    var frames: [StackFrame]
    var isUserCode: Bool
}

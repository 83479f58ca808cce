import DbgProcess
import DbgSymbols

/// Deferred calls not yet run, frame by frame (Delve's `stack -defer`), and the scope of one of
/// them (Delve's `deferred N CMD`).
extension Target {
    /// Where a deferred call goes and where it was deferred, as frames (function and line).
    public struct DeferredCallPlaces: Sendable {
        /// The function that will run, at its entry (through Go's wrapper to what it calls).
        public var function: StackFrame
        /// The `defer` statement.
        public var statement: StackFrame
    }

    /// The pending deferred calls of each of `frames` (a stack of `thread`, or of `greenThread`),
    /// in the frames' order. The chain is dealt out as Delve deals it: a call
    /// belongs to the first physical frame whose CFA is above the stack pointer it was deferred
    /// with. Empty lists where the runtime has no deferred calls.
    public func deferredCalls(thread: ThreadID, greenThread id: Int64?, frames: [StackFrame]) -> [[DeferredCall]] {
        var result = Array(repeating: [DeferredCall](), count: frames.count)
        guard hasGreenThreads, let greenThread = shownGreenThread(thread: thread, greenThread: id) else { return result }
        let chain = runtime.deferredCalls(of: greenThread, in: runtimeProgram)
        var index = 0
        var next = 0
        while next < chain.count, index < frames.count {
            let call = chain[next]
            if call.unreadable != nil {
                result[index].append(call)
                break
            }
            guard let cfa = frames[index].cfa, !frames[index].isInlined, call.sp < cfa else {
                index += 1
                continue
            }
            result[index].append(call)
            next += 1
        }
        return result
    }

    /// The green thread whose stack is shown: the one named, else the one chosen with
    /// `goroutine N`, else the thread's.
    private func shownGreenThread(thread: ThreadID, greenThread id: Int64?) -> GreenThread? {
        if let id = id ?? chosenGreenThread { return try? greenThread(id: id) }
        return currentGreenThread(of: thread)
    }

    public func places(of call: DeferredCall) -> DeferredCallPlaces {
        DeferredCallPlaces(
            function: symbolize(runtime.unwrappedStart(call.functionPC, in: runtimeProgram), isReturnAddress: false),
            statement: symbolize(call.deferPC, isReturnAddress: false))
    }

    /// The frame a deferred call would run in, as Delve 1.20 builds it for `deferred N`: the
    /// function the runtime will call, stopped at its entry, its CFA right after the defer
    /// record (where arguments followed it before Go 1.18; its variables read what is there);
    /// other registers are the stack's innermost frame's.
    func deferredFrame(_ number: Int, of frameIndex: Int, frames: [StackFrame], thread: ThreadID, greenThread: Int64?)
        throws(EngineError) -> StackFrame
    {
        let calls = deferredCalls(thread: thread, greenThread: greenThread, frames: frames)[frameIndex]
        guard number >= 1, number <= calls.count else {
            throw EngineError("Frame \(frameIndex) only has \(calls.count) deferred calls")
        }
        let call = calls[number - 1]
        if let reason = call.unreadable { throw EngineError(reason) }
        var registers = frames.first?.registers ?? RegisterValues([:])
        let cfa = call.recordAddress &+ UInt64(call.recordSize)
        registers[.rip] = call.functionPC
        registers[.rsp] = cfa &- 8
        let unwinder = StackUnwinder(images: images, memory: memory, maxDepth: 1)
        guard var frame = unwinder.expand(.init(pc: call.functionPC, cfa: cfa, registers: registers), index: 0).last,
              frame.function != nil
        else { throw EngineError("could not find function at 0x" + String(call.functionPC, radix: 16)) }
        frame.cfa = cfa
        return frame
    }
}

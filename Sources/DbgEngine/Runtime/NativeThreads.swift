import DbgProcess

/// A program whose only threads are the kernel's: C, and Swift without tasks.
final class NativeThreads: GreenThreadRuntime {
    var hasGreenThreads: Bool { false }
    func programWillRun() {}
    func all(in program: RuntimeProgram) throws(EngineError) -> [GreenThread] { [] }
    func current(on thread: ThreadID, registers: Registers, in program: RuntimeProgram) -> GreenThread? { nil }
    func currentRecordAddress(threadPointer: UInt64, in program: RuntimeProgram) -> UInt64? { nil }
    var currentRecordName: GreenThreadRecordName? { nil }
    func isOnRuntimeStack(_ registers: Registers, in program: RuntimeProgram) -> Bool { false }
    func isUserFunction(_ name: String) -> Bool { true }
    func isRuntimeOwned(startFunction name: String) -> Bool { false }
    func isDeliberateTrap(inFunction name: String) -> Bool { false }
    var handlesSignals: Bool { false }
    func isReturnPassage(_ name: String) -> Bool { false }
    func deferredCalls(of greenThread: GreenThread, in program: RuntimeProgram) -> [DeferredCall] { [] }
    func unwrappedStart(_ pc: UInt64, in program: RuntimeProgram) -> UInt64 { pc }
    func waiters(on value: Value, in program: RuntimeProgram) throws(EngineError) -> [Int64] { [] }
    func labels(of greenThread: GreenThread, in program: RuntimeProgram) -> [String: String] { [:] }
    var eventBreakpoints: [RuntimeEventBreakpoint] { [] }
}

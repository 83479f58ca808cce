/// A traced process as a `StoppedProgram`: each read is the process's own, made on the ptrace
/// thread. `assumeIsolated` checks at run time that the caller is there (the engine's
/// `Target` shares the process's executor), so a read from anywhere else traps at once
/// instead of racing the ptrace thread.
public struct LiveProgram: StoppedProgram {
    public let process: TracedProcess

    public init(_ process: TracedProcess) { self.process = process }

    public var pid: Int32 { process.pid }
    public var unownedExecutor: UnownedSerialExecutor { process.unownedExecutor }

    public func threadIDs() -> [ThreadID] { process.assumeIsolated { $0.threadIDs } }

    public func registers(of thread: ThreadID) throws(ProcessError) -> Registers {
        try onPtraceThread { process throws(ProcessError) in try process.registers(of: thread) }
    }

    public func floatingPointRegisters(of thread: ThreadID) throws(ProcessError) -> FloatingPointRegisters {
        try onPtraceThread { process throws(ProcessError) in try process.floatingPointRegisters(of: thread) }
    }

    public func extendedState(of thread: ThreadID) -> [UInt8]? {
        (try? onPtraceThread { process throws(ProcessError) in process.extendedState(of: thread) }) ?? nil
    }

    public func readMemory(at address: UInt64, count: Int) throws(ProcessError) -> [UInt8] {
        try onPtraceThread { process throws(ProcessError) in try process.readMemory(at: address, count: count) }
    }

    public func readMemory(upTo count: Int, at address: UInt64) throws(ProcessError) -> [UInt8] {
        try onPtraceThread { process throws(ProcessError) in try process.readMemory(upTo: count, at: address) }
    }

    public func memoryMap() throws(ProcessError) -> [MemoryRegion] {
        try onPtraceThread { process throws(ProcessError) in try process.memoryMap() }
    }

    public func executablePath() throws(ProcessError) -> String {
        try onPtraceThread { process throws(ProcessError) in try process.executablePath() }
    }

    public func auxiliaryVector() throws(ProcessError) -> AuxiliaryVector {
        try onPtraceThread { process throws(ProcessError) in try process.auxiliaryVector() }
    }

    /// Runs a read on the ptrace thread, its typed error carried out (`assumeIsolated` rethrows
    /// untyped errors only).
    private func onPtraceThread<T: Sendable>(_ read: @Sendable (isolated TracedProcess) throws(ProcessError) -> T) throws(ProcessError) -> T {
        let result: Result<T, ProcessError> = process.assumeIsolated { process in
            Result { () throws(ProcessError) in try read(process) }
        }
        return try result.get()
    }
}

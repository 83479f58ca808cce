/// What the engine reads of a stopped program: its threads and their registers, its memory,
/// its mappings, its executable and its auxiliary vector. A live process between two runs
/// (`LiveProgram`, over `TracedProcess`) and a core file (`CoreProcess`) are the same to the
/// code that unwinds stacks, reads goroutines and loads values: this is the one seam
/// between them. Running, stepping, breakpoints and writes are not here: only a
/// `TracedProcess` does them.
///
/// Calls are synchronous: the engine makes them on its own executor (`unownedExecutor`), the
/// ptrace thread for a live process.
public protocol StoppedProgram: Sendable {
    /// The process id (of the process the core was taken from, for a core).
    var pid: Int32 { get }
    /// The serial executor the engine's actor borrows to read this program: the ptrace
    /// thread for a live process (ptrace answers only there), a thread of its own for a core.
    var unownedExecutor: UnownedSerialExecutor { get }
    /// The threads, by id.
    func threadIDs() -> [ThreadID]
    func registers(of thread: ThreadID) throws(ProcessError) -> Registers
    func floatingPointRegisters(of thread: ThreadID) throws(ProcessError) -> FloatingPointRegisters
    /// The thread's whole XSAVE area (x87, SSE, AVX and whatever else the CPU saves), as the
    /// kernel's NT_X86_XSTATE has it; nil where it is not known.
    func extendedState(of thread: ThreadID) -> [UInt8]?
    /// `count` bytes at `address`; throws when any of them cannot be read.
    func readMemory(at address: UInt64, count: Int) throws(ProcessError) -> [UInt8]
    /// As many of the `count` bytes at `address` as can be read, from the start.
    func readMemory(upTo count: Int, at address: UInt64) throws(ProcessError) -> [UInt8]
    func memoryMap() throws(ProcessError) -> [MemoryRegion]
    func executablePath() throws(ProcessError) -> String
    func auxiliaryVector() throws(ProcessError) -> AuxiliaryVector
}

import DbgProcess
import DbgSymbols

/// One program under the debugger: its process (or the core file it left), the binaries it
/// has loaded, its breakpoints, and the selected thread and frame.
///
/// The actor runs on the program's executor (a live process's ptrace thread), so engine code
/// can read memory synchronously while it unwinds stacks and loads values.
public actor Target {
    /// What the engine reads: the live process or a core file, the same to the code that
    /// unwinds stacks, reads goroutines and loads values.
    nonisolated let program: any StoppedProgram
    /// The traced process, for what only a live program does (run, step, breakpoints,
    /// writes): nil for a core file.
    nonisolated let traced: TracedProcess?
    public nonisolated var unownedExecutor: UnownedSerialExecutor { program.unownedExecutor }
    public nonisolated var pid: Int32 { program.pid }
    /// True for a core file: it can be read, not run or changed.
    public nonisolated var isCoreFile: Bool { traced == nil }
    public nonisolated let commandLine: [String]
    public nonisolated let wasLaunched: Bool

    var images = ImageMap()
    /// Opened binaries by path, so that re-mapping a library does not read it again.
    var binaries: [String: BinaryImage] = [:] {
        didSet { for image in binaries.values { sourceNames.add(image) } }
    }
    /// The binaries opened, for showing C source paths as gdb does.
    public nonisolated let sourceNames = SourceNameBook()
    var symbolsByPath: [String: ImageSymbols] = [:]
    /// Swift types of every mapped binary (types a library declares).
    let swiftTypes = SwiftTypeDirectory()
    var breakpoints: [Int: LogicalBreakpoint] = [:]
    var nextBreakpointID = 1
    /// Each watchpoint's value (by breakpoint id) and what it held at the last look.
    var watchedValues: [Int: (value: Value, last: LoadedValue)] = [:]
    /// The reasons to stop at each address that has an int3 (user breakpoints, steps,
    /// library loads, the runtime's events).
    var breaklets = BreakletTable()
    /// Internal stops for next/step/stepout, by address.
    var stepPlan: StepPlan?
    /// A step that follows a green thread passes breakpoints other green threads hit (they
    /// count their hits, and do not stop it), as an editor expects of `next`; otherwise, as
    /// in Delve's terminal, such a hit interrupts the step, which the next step resumes.
    public var stepsPassOtherGreenThreadsBreakpoints = false
    /// Inlined frames a step's stop hides, as gdb does at the start of an inlined call.
    var hiddenInlineFrames: HiddenInlineFrames?
    public internal(set) var selectedThread: ThreadID
    public internal(set) var selectedFrame = 0
    public internal(set) var lastStop: StopReport
    var hasEnded = false
    /// What the function left by the last `stepout` returned (scalars and pointers), or what
    /// the last `call` gave.
    public internal(set) var lastReturnValues: [LoadedValue]?
    /// Calls of the program's functions the debugger made that have not returned (see
    /// Target+Calls), innermost last: one while a call runs, and those stopped inside.
    var debuggerCalls: [DebuggerCall] = []
    /// Tracepoints passed during the call being run, for its report.
    var callTraces: [TraceHit] = []
    /// What the last Go call gave, every result named (`~r0`, `q`, `r`) or its panic
    /// (`~panic`): the report of a `call` whose expression is that call shows them all.
    var goCallResults: [Value]?
    /// A Go call stopped at a breakpoint inside, which `continue` finishes (Target+GoDebugCall).
    var suspendedGoCall: GoDebugCall?

    /// The program's green-thread runtime (Go's; `NativeThreads` when it has none), chosen
    /// from the executable when the target is prepared, and again after an exec.
    var runtime: any GreenThreadRuntime = NativeThreads()
    /// A green thread chosen with `goroutine N`; nil follows the selected thread's.
    var chosenGreenThread: Int64?
    /// Frames (function, line, inlined calls) by code address, for listing thousands of
    /// goroutines that wait in the same few places; valid while the mapped images are.
    var symbolizedFrames: [SymbolizedFrameKey: SymbolizedCode] = [:]
    /// Go: the addresses Delve gives variables in registers at this stop (forgotten each
    /// time the program executes an instruction).
    nonisolated let fakeAddresses = FakeAddressBook()

    init(program: any StoppedProgram, traced: TracedProcess?, commandLine: [String], wasLaunched: Bool, firstThread: ThreadID) {
        self.program = program
        self.traced = traced
        self.commandLine = commandLine
        self.wasLaunched = wasLaunched
        self.selectedThread = firstThread
        self.lastStop = StopReport(reason: .entry, thread: firstThread)
    }

    /// Starts `configuration.path` stopped before its first instruction. The binary is
    /// read first, so a file that is not a debuggable program fails before anything runs.
    public static func launch(_ configuration: LaunchConfiguration) async throws(EngineError) -> Target {
        let image: BinaryImage
        do {
            image = try BinaryImage.open(configuration.path)
        } catch {
            throw .from(error)
        }
        var configuration = configuration
        configuration.newProcessGroup = true  // Ctrl-C reaches the debugger only
        let process: TracedProcess
        do {
            process = try await TracedProcess.launch(configuration)
        } catch {
            throw .from(error)
        }
        let first = ThreadID(process.pid)
        let target = Target(
            program: LiveProgram(process), traced: process, commandLine: [configuration.path] + configuration.arguments,
            wasLaunched: true, firstThread: first)
        await target.prepare(knowing: image)
        return target
    }

    /// Attaches to a running process and all its threads.
    public static func attach(pid: Int32) async throws(EngineError) -> Target {
        let process: TracedProcess
        do {
            process = try await TracedProcess.attach(to: pid)
        } catch {
            throw .from(error)
        }
        let threads = await process.threadIDs
        let path = (try? await process.executablePath()) ?? "/proc/\(pid)/exe"
        let target = Target(
            program: LiveProgram(process), traced: process, commandLine: [path], wasLaunched: false,
            firstThread: threads.first ?? ThreadID(pid))
        await target.prepare()
        return target
    }

    /// Reads what is mapped now and watches ld.so for libraries to come. `image`: the
    /// executable, already opened (reading a binary's symbols and DWARF index takes time).
    func prepare(knowing image: BinaryImage? = nil) {
        if let image, let path = try? program.executablePath() { binaries[path] = image }
        refreshImages()
        runtime = GreenThreadRuntimes.detect(executable: images.executable)
        // A core file will not run: no library will load, no breakpoint be hit.
        guard let traced else { return }
        // Continuing past a breakpoint runs its instruction out of line (no stop of its own).
        traced.assumeIsolated { $0.setDisplacementPlanner(DisplacedInstruction.planner) }
        watchLibraryLoads()
        installRuntimeBreakpoints()
    }

    // MARK: Images

    /// Re-reads /proc/PID/maps: binaries mapped since the last look are opened (once) and
    /// added with their load bias; unmapped ones are dropped.
    func refreshImages() {
        guard let regions = try? program.memoryMap() else { return }
        let executablePath = try? program.executablePath()
        var seen = Set<String>()
        var fresh = ImageMap()
        var ordered: [String] = []
        for region in regions {
            guard let path = region.path, path.hasPrefix("/"), !seen.contains(path) else { continue }
            seen.insert(path)
            ordered.append(path)
        }
        // The executable first: lookups prefer it.
        if let executablePath, let index = ordered.firstIndex(of: executablePath) {
            ordered.insert(ordered.remove(at: index), at: 0)
        }
        // By path once: a core file may list tens of thousands of mappings.
        let regionsByPath = Dictionary(grouping: regions) { $0.path ?? "" }
        for path in ordered {
            guard let image = binary(at: path),
                  let bias = Self.loadBias(of: image, regions: regionsByPath[path] ?? [])
            else { continue }
            fresh.add(LoadedImage(image: image, bias: bias))
        }
        images = fresh
        swiftTypes.setImages(fresh.images.map(\.image))
        symbolizedFrames = [:]
    }

    func binary(at path: String) -> BinaryImage? {
        if let known = binaries[path] { return known }
        // Libraries' DWARF is read when something needs it (their symbols and call frame
        // information do not).
        guard let image = try? BinaryImage.open(path, eagerDWARF: false) else { return nil }
        binaries[path] = image
        return image
    }

    func symbols(of image: BinaryImage) -> ImageSymbols {
        if let known = symbolsByPath[image.path] { return known }
        let symbols = ImageSymbols(image: image, swiftTypes: swiftTypes)
        symbolsByPath[image.path] = symbols
        return symbols
    }

    /// Where the file's first loadable segment landed, less where the file says it goes.
    static func loadBias(of image: BinaryImage, regions: [MemoryRegion]) -> UInt64? {
        guard let first = image.elf.segments.first(where: \.isLoad) else { return nil }
        let pageMask: UInt64 = ~0xfff
        let fileOffset = first.fileOffset & pageMask
        guard let region = regions.first(where: { $0.offset == fileOffset }) ?? regions.first else { return nil }
        return region.start &- (first.virtualAddress.value & pageMask)
    }

    /// A breakpoint where the dynamic linker announces library loads and unloads
    /// (`_dl_debug_state`, the r_brk of r_debug), so pending breakpoints resolve as soon
    /// as their library is there, dlopen included.
    func watchLibraryLoads() {
        for loaded in images.images {
            guard isDynamicLoader(loaded) else { continue }
            guard let symbol = loaded.image.symbols.symbols(named: "_dl_debug_state").first else { continue }
            let address = loaded.runtimeAddress(symbol.address)
            try? addBreaklet(Breaklet(.libraryEvent), at: [address])
            return
        }
    }

    var memory: ProcessMemory { ProcessMemory(program: program) }

    /// The traced process, for running, stepping, breakpoints and writes.
    func live() throws(EngineError) -> TracedProcess {
        guard let traced else { throw .coreFile }
        return traced
    }

    // MARK: Threads

    public func threadIDs() -> [ThreadID] {
        program.threadIDs()
    }

    func registers(of thread: ThreadID) throws(EngineError) -> Registers {
        guard let registers = try? program.registers(of: thread) else { throw EngineError("cannot read the registers of thread \(thread)") }
        return registers
    }
}

extension Target {
    public func select(thread: ThreadID) {
        selectedThread = thread
        selectedFrame = 0
    }

    public func select(frame: Int) { selectedFrame = frame }

    /// Ends the session: kills a program (or one we were asked to), detaches otherwise,
    /// leaving it to run on as if never touched.
    public func end(kill: Bool) async {
        guard !hasEnded else { return }
        hasEnded = true
        stepPlan = nil
        guard let traced else { return }
        // A detached program goes on from where it was before any call dbg made in it.
        if !kill { abandonAllCalls() }
        if kill {
            _ = try? await traced.kill()
        } else {
            try? await traced.detach()
        }
    }

    /// The loaded binaries, executable first.
    public func loadedImages() -> [LoadedImage] { images.images }
}

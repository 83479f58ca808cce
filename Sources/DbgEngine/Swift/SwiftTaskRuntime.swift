import DbgProcess
import DbgSymbols

/// Swift's concurrency runtime: async tasks as green threads. Tasks are found by scanning
/// the program's memory (`SwiftTaskReader`); a suspended task's place is where it resumes,
/// in its own code (the runtime's adapters seen through); a running one's is its thread's.
final class SwiftTaskRuntime: GreenThreadRuntime {
    /// The layout, read when the concurrency library is loaded (nil until then).
    private var layout: SwiftTaskLayout?
    private var atStop: [GreenThread]?

    /// Task states, as `GreenThread.Status`: numbered as the goroutine states they are like
    /// (runnable, running, waiting), so that listings and filters read them alike.
    enum State: UInt32 {
        case enqueued = 1, running = 2, suspended = 4
        var text: String {
            switch self {
            case .running: "running"
            case .enqueued: "ready"
            case .suspended: "suspended"
            }
        }
    }

    /// The program's own Swift modules: a function whose name is qualified by one of them is
    /// the program's (`workers.waitForSignal(_:)`, `closure #1 in workers.Main.main()`); the
    /// standard library's are not (`withCheckedContinuation<A>(...)`, `Task<>.value.getter`).
    private let userModules: [String]

    /// nil for a program that does not use Swift concurrency (it imports none of its entry points).
    init?(executable: LoadedImage) {
        // Its imports (undefined symbols) name the concurrency runtime's entry points.
        let symbols = executable.image.elf.symbols
        guard symbols.contains(where: { $0.name.hasPrefix("swift_task_") }) else { return nil }
        var modules = Set<String>()
        for symbol in symbols where symbol.name.hasPrefix("$s") && modules.count < 64 {
            if let module = Self.moduleName(mangled: symbol.name) { modules.insert(module) }
        }
        userModules = modules.sorted()
    }

    /// `$s7workers13waitForSignal...` → `workers` (a module named by its length and name;
    /// `$ss...`, the standard library, and substitutions name none).
    static func moduleName(mangled name: String) -> String? {
        let rest = name.utf8.dropFirst(2)
        let digits = rest.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard !digits.isEmpty, digits.count <= 3, let length = Int(String(decoding: digits, as: UTF8.self)), length > 0 else {
            return nil
        }
        let module = rest.dropFirst(digits.count).prefix(length)
        guard module.count == length else { return nil }
        return String(decoding: module, as: UTF8.self)
    }

    var hasGreenThreads: Bool { true }
    var greenThreadNoun: String { "task" }
    var handlesSignals: Bool { false }

    func programWillRun() {
        atStop = nil
        framesAtStop = [:]
        readerAtStop = nil
    }

    /// Each suspended task's async frames as read at this stop, by task address.
    private var framesAtStop: [UInt64: [AsyncFrame]] = [:]

    private func reader(_ program: RuntimeProgram) -> SwiftTaskReader? {
        if let readerAtStop { return readerAtStop }
        if layout == nil { layout = SwiftTaskLayout(program: program) }
        return layout.map { SwiftTaskReader(layout: $0, memory: program.memory) }
    }

    /// After a scan at this stop: a reader that answers from the blocks the scan read.
    private var readerAtStop: SwiftTaskReader?

    func all(in program: RuntimeProgram) throws(EngineError) -> [GreenThread] {
        if let known = atStop { return known }
        guard let scanner = reader(program) else { return [] }
        let (found, blocks) = scanner.scan(regions: program.regions())
        let reader = SwiftTaskReader(layout: scanner.layout, memory: ScannedMemory(blocks: blocks, fallback: program.memory))
        readerAtStop = reader
        var running: [UInt64: ThreadID] = [:]
        for thread in program.threads() {
            guard let registers = program.registers(thread), let task = reader.currentTask(fsBase: registers.fsBase) else { continue }
            running[task] = thread
        }
        var tasks: [GreenThread] = []
        var seen = Set<UInt64>()
        var ids = Set<Int64>()
        // The running ones first: an object elsewhere claiming a running task's id (a stale
        // copy, a forgery) is not that task.
        for address in Array(running.keys) + found where seen.insert(address).inserted {
            guard let task = reader.task(at: address), ids.insert(task.id).inserted else { continue }
            tasks.append(greenThread(task, thread: running[address], reader: reader, program: program))
        }
        tasks.sort { $0.id < $1.id }
        atStop = tasks
        return tasks
    }

    private func greenThread(_ task: SwiftTaskReader.Task, thread: ThreadID?, reader: SwiftTaskReader, program: RuntimeProgram) -> GreenThread {
        let state: State
        if thread != nil || task.status & SwiftTaskLayout.running != 0 {
            state = .running
        } else if task.status & SwiftTaskLayout.enqueued != 0 {
            state = .enqueued
        } else {
            state = .suspended
        }
        // Where it resumes in the program's own code: the innermost async frame that is not
        // the runtime's (Task.sleep's funclets, the runtime's adapters).
        // A running task's resume point is stale (where it last resumed), but the outer part of
        // its chain, where it started, stays: enough to tell whose task it is.
        let frames = asyncFrames(of: task, reader: reader, program: program)
        let resume = state == .running ? nil
            : frames.first { isUserFunction(functionName(at: $0.pc, program: program) ?? "") } ?? frames.first
        // Its start: the outermost frame of its own code (a task whose frames are all the
        // runtime's, such as those Task.sleep makes, is the runtime's).
        let start = frames.last { isUserFunction(functionName(at: $0.pc, program: program) ?? "") } ?? frames.last
        return GreenThread(
            id: task.id, address: task.address, status: GreenThread.Status(rawValue: state.rawValue),
            waitReason: state == .suspended ? 1 : 0,
            waitReasonText: state == .suspended ? task.waitsOn.map { "waiting on \($0)" } ?? "suspended" : nil,
            waitSince: 0, thread: thread, savedPC: resume?.pc ?? 0, savedSP: 0, savedBP: 0,
            creationPC: 0, startPC: start?.pc ?? 0, stackLo: 0, stackHi: 0,
            parentID: task.parent.flatMap { reader.task(at: $0, describingWait: false)?.id } ?? 0)
    }

    private func asyncFrames(of task: SwiftTaskReader.Task, reader: SwiftTaskReader, program: RuntimeProgram) -> [AsyncFrame] {
        if let known = framesAtStop[task.address] { return known }
        let frames = reader.asyncFrames(of: task) { self.funclet(at: $0, program: program) == .awaitResume }
        framesAtStop[task.address] = frames
        return frames
    }

    // MARK: Async frames

    func asyncFrames(of greenThread: GreenThread, in program: RuntimeProgram) -> [AsyncFrame]? {
        guard greenThread.thread == nil, let reader = reader(program), let task = reader.task(at: greenThread.address) else { return nil }
        return asyncFrames(of: task, reader: reader, program: program)
    }

    func asyncCallers(of frames: [StackFrame], in program: RuntimeProgram) -> (outermost: Int, callers: [AsyncFrame])? {
        guard let reader = reader(program),
              let outermost = frames.lastIndex(where: { funclet(of: $0) != nil && $0.cfa != nil && !$0.isInlined }),
              let cfa = frames[outermost].cfa, let own = ownContext(cfa: cfa, pc: frames[outermost].pc, program: program)
        else { return nil }
        return (outermost, reader.callers(ofContext: own))
    }

    /// The prologue of every async funclet saves r14 (the context it was given) at CFA-24; an
    /// await-resume funclet then overwrites that slot with its own context, which its DWARF
    /// finds by dereferencing the context it was given. So the entry value is the slot's
    /// content, or once an await-resume funclet has overwritten it, the slot's address (whose
    /// content is its own).
    func asyncEntryContext(of frame: StackFrame, in program: RuntimeProgram) -> UInt64? {
        guard let kind = funclet(of: frame), let cfa = frame.cfa else { return nil }
        // Before the prologue: still in r14 (the innermost frame's registers are its own).
        if !hasSavedContext(pc: frame.pc, program: program) { return frame.physicalIndex == 0 ? frame.registers[.r14] : nil }
        let slot = cfa &- Self.contextSlotBelowCFA
        if kind == .awaitResume && hasOverwrittenContextSlot(pc: frame.pc, program: program) { return slot }
        return reader(program)?.word(at: slot)
    }

    /// An async frame's own context: the slot's content, or for an await-resume funclet that
    /// has not overwritten it yet, the context the slot's content (its callee's) names as
    /// parent. Before the prologue has saved the context (a stop at the funclet's entry, after
    /// a return into it), the context is still in r14, if the frame's registers are known.
    private func ownContext(cfa: UInt64, pc: UInt64, registers: RegisterValues? = nil, program: RuntimeProgram) -> UInt64? {
        guard let kind = funclet(at: pc, program: program), let reader = reader(program) else { return nil }
        let given: UInt64?
        if !hasSavedContext(pc: pc, program: program) {
            given = registers?[.r14]
        } else {
            given = reader.word(at: cfa &- Self.contextSlotBelowCFA)
        }
        guard let given else { return nil }
        if kind == .awaitResume && !hasOverwrittenContextSlot(pc: pc, program: program) { return reader.word(at: given) }
        return given
    }

    /// Whether the funclet at `pc` is past its prologue's `push %r14` (in its first 16 bytes).
    private func hasSavedContext(pc: UInt64, program: RuntimeProgram) -> Bool {
        guard let entry = entry(ofFunctionAt: pc, program: program), let code = try? program.memory.read(at: entry, count: 16),
              let push = code.firstRange(of: [0x41, 0x56] as [UInt8])
        else { return true }
        return pc >= entry &+ UInt64(push.upperBound)
    }

    private func entry(ofFunctionAt pc: UInt64, program: RuntimeProgram) -> UInt64? {
        guard let loaded = program.images.image(containing: pc),
              let function = loaded.image.function(containing: loaded.staticAddress(pc))
        else { return nil }
        return loaded.runtimeAddress(function.entry)
    }

    /// Whether the await-resume funclet at `pc` is past the store of its own context into
    /// the slot (`mov %rbp,%REG; sub $8,%REG; mov %rax,(%REG)` in unoptimised code, first
    /// thing after the prologue); true where that store is not found.
    private func hasOverwrittenContextSlot(pc: UInt64, program: RuntimeProgram) -> Bool {
        guard let entry = entry(ofFunctionAt: pc, program: program), pc >= entry, let code = try? program.memory.read(at: entry, count: 96) else { return true }
        // `sub $8,%REG` (48 83 e8+REG 08), then `mov %rax,(%REG)` (48 89 REG).
        for index in 0..<max(code.count - 7, 0) {
            let register = code[index + 2] & 7
            if code[index] == 0x48, code[index + 1] == 0x83, code[index + 2] & 0xf8 == 0xe8, code[index + 3] == 0x08,
               code[index + 4] == 0x48, code[index + 5] == 0x89, code[index + 6] == register, register != 4, register != 5 {
                return pc >= entry &+ UInt64(index + 7)
            }
        }
        return true
    }

    /// A frame's identity for stepping: an async frame's own context, which it keeps from
    /// its first piece to its last, whichever thread runs it; other frames' CFA (their
    /// stack is one thread's while they run).
    func frameIdentity(cfa: UInt64, pc: UInt64, registers: RegisterValues?, in greenThread: GreenThread, program: RuntimeProgram)
        -> UInt64
    {
        ownContext(cfa: cfa, pc: pc, registers: registers, program: program) ?? cfa
    }

    func asyncSiblings(ofFunctionAt pc: UInt64, in program: RuntimeProgram) -> [UInt64] {
        guard let loaded = program.images.image(containing: pc),
              let symbol = loaded.image.function(containing: loaded.staticAddress(pc))?.symbol,
              Self.funclet(mangled: symbol.name) != nil
        else { return [] }
        let base = Self.asyncFunctionBase(symbol.name)
        if let known = siblings[base] { return known.map(loaded.runtimeAddress) }
        let found = loaded.image.symbols.functionSymbols
            .filter { $0.name.hasPrefix(base) && Self.asyncFunctionBase($0.name) == base }
            .map(\.address)
        siblings[base] = found
        return found.map(loaded.runtimeAddress)
    }

    /// The pieces of each async function, by its mangled name.
    private var siblings: [String: [Address]] = [:]

    /// `$s5tasks5fetch2idS2i_tYaFTQ0_` → `$s5tasks5fetch2idS2i_tYaF`.
    static func asyncFunctionBase(_ mangled: String) -> String {
        guard partialFunctionSuffix(mangled) != nil, let marker = mangled.utf8.lastIndex(of: UInt8(ascii: "T")) else { return mangled }
        return String(mangled[..<marker])
    }

    func asyncReturn(ofFrameAt pc: UInt64, cfa: UInt64, in program: RuntimeProgram) -> (address: UInt64, callerIdentity: UInt64)? {
        guard let reader = reader(program), let own = ownContext(cfa: cfa, pc: pc, program: program),
              let parent = reader.word(at: own), let resume = reader.word(at: own &+ 8), resume != 0, parent != 0,
              let loaded = program.images.image(containing: resume),
              let function = loaded.image.function(containing: loaded.staticAddress(resume)),
              loaded.runtimeAddress(function.entry) == resume
        else { return nil }
        // Past the caller's prologue, where its own context can be told.
        return (loaded.runtimeAddress(loaded.image.breakpointAddress(for: function)), parent)
    }

    static let contextSlotBelowCFA: UInt64 = 24

    /// The pieces an async function is split into.
    enum Funclet {
        /// The function's entry, or a suspend-resume piece (`TY`): given its own context.
        case entry
        /// An await-resume piece (`TQ`): given the callee's context.
        case awaitResume
    }

    private func funclet(of frame: StackFrame) -> Funclet? {
        frame.function?.symbol.flatMap { funclet(mangled: $0.name) }
    }

    private func funclet(at pc: UInt64, program: RuntimeProgram) -> Funclet? {
        code(at: pc, program: program).funclet
    }

    /// What dbg asks of a code address, asked once per address: thousands of tasks resume at
    /// the same few places.
    private struct CodeFacts {
        var name: String?
        var funclet: Funclet?
    }

    private var codeFacts: [UInt64: CodeFacts] = [:]
    private var funclets: [String: Funclet?] = [:]

    private func code(at pc: UInt64, program: RuntimeProgram) -> CodeFacts {
        if let known = codeFacts[pc] { return known }
        var facts = CodeFacts()
        if let loaded = program.images.image(containing: pc), let function = loaded.image.function(containing: loaded.staticAddress(pc)) {
            facts.name = function.name
            facts.funclet = function.symbol.flatMap { funclet(mangled: $0.name) }
        }
        codeFacts[pc] = facts
        return facts
    }

    private func funclet(mangled name: String) -> Funclet? {
        if let known = funclets[name] { return known }
        let found = Self.funclet(mangled: name)
        funclets[name] = found
        return found
    }

    /// By the symbol: `...TQ0_` await-resume, `...TY1_` suspend-resume, and an async
    /// function's entry, whose own type (before any ` in ` of a closure) says `async`.
    static func funclet(mangled name: String) -> Funclet? {
        guard SwiftDemangler.isMangled(name) else { return nil }
        if let suffix = Self.partialFunctionSuffix(name) { return suffix == "Q" ? .awaitResume : .entry }
        guard let demangled = SwiftDemangler.demangle(name) else { return nil }
        let own = demangled.ranges(of: " in ").first.map { demangled[..<$0.lowerBound] } ?? demangled[...]
        return own.contains(") async") ? .entry : nil
    }

    /// "Q" for `...TQ<n>_`, "Y" for `...TY<n>_`.
    static func partialFunctionSuffix(_ name: String) -> Character? {
        var rest = name.utf8.dropLast()
        guard name.hasSuffix("_") else { return nil }
        while let last = rest.last, last >= UInt8(ascii: "0"), last <= UInt8(ascii: "9") { rest = rest.dropLast() }
        guard let kind = rest.last, kind == UInt8(ascii: "Q") || kind == UInt8(ascii: "Y"),
              rest.dropLast().last == UInt8(ascii: "T")
        else { return nil }
        return Character(UnicodeScalar(kind))
    }

    /// The function holding `pc`, by name.
    private func functionName(at pc: UInt64, program: RuntimeProgram) -> String? {
        code(at: pc, program: program).name
    }

    func current(on thread: ThreadID, registers: Registers, in program: RuntimeProgram) -> GreenThread? {
        guard let reader = reader(program), let address = reader.currentTask(fsBase: registers.fsBase),
              let task = reader.task(at: address)
        else { return nil }
        return greenThread(task, thread: thread, reader: reader, program: program)
    }

    func currentRecordAddress(threadPointer: UInt64, in program: RuntimeProgram) -> UInt64? {
        reader(program)?.currentTask(fsBase: threadPointer)
    }

    /// `break fetch if $task == 3`: the current task's id.
    var currentRecordName: GreenThreadRecordName? { GreenThreadRecordName(expression: "$task", typeName: nil) }

    func isOnRuntimeStack(_ registers: Registers, in program: RuntimeProgram) -> Bool { false }

    /// The program's own functions: those named in one of its modules (not the standard
    /// library's, the concurrency runtime's, dispatch's or the C library's).
    func isUserFunction(_ name: String) -> Bool {
        if let known = userFunctions[name] { return known }
        let isUser = userModules.contains { module in
            guard let found = name.ranges(of: module + ".").first else { return false }
            // The module's name whole: at the start, or after a space (`closure #1 in workers.f`).
            return found.lowerBound == name.startIndex || name[name.index(before: found.lowerBound)] == " "
        }
        userFunctions[name] = isUser
        return isUser
    }

    private var userFunctions: [String: Bool] = [:]

    func isRuntimeOwned(startFunction name: String) -> Bool { !isUserFunction(name) }
    func isDeliberateTrap(inFunction name: String) -> Bool { false }
    func isReturnPassage(_ name: String) -> Bool { false }
    func deferredCalls(of greenThread: GreenThread, in program: RuntimeProgram) -> [DeferredCall] { [] }
    func unwrappedStart(_ pc: UInt64, in program: RuntimeProgram) -> UInt64 { pc }
    func waiters(on value: Value, in program: RuntimeProgram) throws(EngineError) -> [Int64] { [] }
    func labels(of greenThread: GreenThread, in program: RuntimeProgram) -> [String: String] { [:] }
    var eventBreakpoints: [RuntimeEventBreakpoint] { [] }
}

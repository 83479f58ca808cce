import DbgProcess
import DbgSymbols

/// Goroutines: read from the Go runtime at each stop; stacks of parked goroutines start from
/// the registers the runtime saved when they left their thread.
extension Target {
    /// The Go runtime's layout, looked for once in the executable.
    var goRuntime: GoRuntimeLayout? {
        if let known = goRuntimeLookup { return known }
        let layout = images.executable.flatMap { GoRuntimeLayout(image: $0.image) }
        goRuntimeLookup = .some(layout)
        return layout
    }

    public var isGoProgram: Bool { goRuntime != nil }

    var goroutineReader: GoroutineReader? {
        guard let layout = goRuntime else { return nil }
        return GoroutineReader(layout: layout, memory: memory, bias: images.executable?.bias ?? 0)
    }

    /// Every live goroutine in the runtime's order (by creation), each with the thread that
    /// runs it. Empty for a program that is not Go.
    public func goroutines() throws(EngineError) -> [Goroutine] {
        guard !hasEnded else { throw .exited }
        if let known = goroutinesAtStop { return known }
        guard let reader = goroutineReader else { return [] }
        if goWaitReasons == nil { goWaitReasons = reader.waitReasonTexts() }
        let reasons = goWaitReasons ?? []
        let addresses = try reader.allAddresses()
        let running = threadsByGoroutineAddress(reader)
        var all: [Goroutine] = []
        all.reserveCapacity(addresses.count)
        for address in addresses where address != 0 {
            // A g that cannot be read (being freed as we look) is left out rather than
            // failing the whole list.
            guard var goroutine = (try? reader.goroutine(at: address, waitReasons: reasons)) ?? nil else { continue }
            goroutine.thread = running[address]
            all.append(goroutine)
        }
        goroutinesAtStop = all
        return all
    }

    /// Which goroutine (by its g's address) each thread runs.
    private func threadsByGoroutineAddress(_ reader: GoroutineReader) -> [UInt64: ThreadID] {
        var result: [UInt64: ThreadID] = [:]
        for thread in threadIDs() {
            guard let registers = try? registers(of: thread),
                  let address = reader.goroutineAddress(ofThreadWithFSBase: registers.fsBase)
            else { continue }
            result[address] = thread
        }
        return result
    }

    public func goroutine(id: Int64) throws(EngineError) -> Goroutine {
        guard isGoProgram else { throw EngineError("the program has no goroutines (it is not a Go program)") }
        guard let found = try goroutines().first(where: { $0.id == id }) else {
            throw EngineError("unknown goroutine \(id)")
        }
        return found
    }

    /// The goroutine a thread runs now, if any. Read afresh (one g), as the run loop asks
    /// at every internal stop.
    public func currentGoroutine(of thread: ThreadID) -> Goroutine? {
        guard let reader = goroutineReader, let registers = try? registers(of: thread),
              let address = reader.goroutineAddress(ofThreadWithFSBase: registers.fsBase)
        else { return nil }
        guard var goroutine = (try? reader.goroutine(at: address, waitReasons: goWaitReasons ?? [])) ?? nil else { return nil }
        goroutine.thread = thread
        return goroutine
    }

    /// The goroutine commands act on: the one chosen with `goroutine N`, else the selected
    /// thread's.
    public func selectedGoroutine() -> Goroutine? {
        if let chosen = chosenGoroutine, let goroutine = try? goroutine(id: chosen) { return goroutine }
        return currentGoroutine(of: selectedThread)
    }

    /// Makes `id` the current goroutine; its thread, when it runs on one, becomes the
    /// selected thread.
    public func select(goroutine id: Int64) throws(EngineError) {
        let goroutine = try goroutine(id: id)
        if let thread = goroutine.thread {
            selectedThread = thread
            chosenGoroutine = nil
        } else {
            chosenGoroutine = id
        }
        selectedFrame = 0
    }

    /// Forgets what was read at the last stop; called whenever the program runs.
    func forgetGoroutines() {
        goroutinesAtStop = nil
        chosenGoroutine = nil
    }

    /// Where a stack starts: a thread's registers, or for a goroutine that no thread runs,
    /// the registers the runtime saved for it. `isLive`: the registers are a thread's own.
    func stackStart(thread: ThreadID, goroutine id: Int64?) throws(EngineError) -> (registers: RegisterValues, thread: ThreadID, isLive: Bool) {
        let goroutine: Goroutine?
        if let id {
            goroutine = try self.goroutine(id: id)
        } else if let chosen = chosenGoroutine {
            goroutine = try? self.goroutine(id: chosen)
        } else {
            goroutine = nil
        }
        if let goroutine, let start = stackStart(of: goroutine) {
            return (start.registers, start.thread ?? thread, start.thread != nil)
        }
        return (try registers(of: thread).dwarfValues, thread, true)
    }

    /// A goroutine's stack start: its thread's registers while a thread runs it on the
    /// goroutine's own stack, else what the runtime saved when it left (`thread` nil).
    private func stackStart(of goroutine: Goroutine) -> (registers: RegisterValues, thread: ThreadID?)? {
        if let thread = goroutine.thread, !isOnSystemStack(thread) {
            guard let live = try? registers(of: thread).dwarfValues else { return nil }
            return (live, thread)
        }
        var saved = RegisterValues([:])
        saved[.rip] = goroutine.savedPC
        saved[.rsp] = goroutine.savedSP
        saved[.rbp] = goroutine.savedBP
        return (saved, nil)
    }

    private func isOnSystemStack(_ thread: ThreadID) -> Bool {
        guard let reader = goroutineReader, let registers = try? registers(of: thread) else { return false }
        return reader.isOnSystemStack(fsBase: registers.fsBase)
    }

    /// Bytes of a goroutine's stack read at once when looking for its locations.
    static let stackWindow: UInt64 = 4096

    /// The four locations of each goroutine (Delve's Runtime, User, Go and Start), in one
    /// call so that listing thousands of goroutines costs one hop to the ptrace thread.
    public func locations(of goroutines: [Goroutine]) -> [GoroutineLocations] {
        goroutines.map(locations(of:))
    }

    /// The four locations of a goroutine (Delve's Runtime, User, Go and Start).
    public func locations(of goroutine: Goroutine) -> GoroutineLocations {
        let start = stackStart(of: goroutine)?.registers ?? RegisterValues([:])
        // The top of the goroutine's stack in one read: the walk to its user frame reads
        // return addresses there, a system call each otherwise.
        var stackMemory: any TargetMemory = memory
        if let sp = start[.rsp], goroutine.stackHi > sp, let top = try? memory.read(at: sp, count: Int(min(goroutine.stackHi - sp, Self.stackWindow))) {
            stackMemory = CachedMemory(base: sp, bytes: top, fallback: memory)
        }
        let unwinder = StackUnwinder(images: images, memory: stackMemory, maxDepth: 64)
        let physical = unwinder.physicalFrames(from: start)
        let first = physical.first ?? StackUnwinder.PhysicalFrame(pc: start[.rip] ?? 0, cfa: nil, registers: start)
        let current = symbolized(first, index: 0, unwinder).first ?? symbolize(goroutine.savedPC, isReturnAddress: false)
        var user = current
        for (index, frame) in physical.enumerated() {
            let frames = symbolized(frame, index: index, unwinder)
            guard let outer = frames.last, let name = outer.function?.name, GoroutineLocations.isUserFunction(name) else {
                continue
            }
            user = outer
            break
        }
        return GoroutineLocations(
            current: current, user: user,
            goStatement: symbolize(goroutine.goStatementPC, isReturnAddress: !isFunctionEntry(goroutine.goStatementPC)),
            start: symbolize(unwrappedStart(goroutine.startPC), isReturnAddress: false))
    }

    /// A physical frame's frames (its inlined calls, then its function), symbolized once per
    /// code address.
    private func symbolized(_ frame: StackUnwinder.PhysicalFrame, index: Int, _ unwinder: StackUnwinder) -> [StackFrame] {
        let key = SymbolizedFrameKey(pc: frame.pc, isReturnAddress: index > 0 && !frame.wasInterrupted)
        guard let known = symbolizedFrames[key] else {
            let frames = unwinder.expand(frame, index: index)
            symbolizedFrames[key] = frames
            return frames
        }
        return known.map { cached in
            var copy = cached
            copy.registers = frame.registers
            copy.cfa = frame.cfa
            copy.physicalIndex = index
            return copy
        }
    }

    /// For `go f(x)` (and `defer f(x)`) Go runs a wrapper (marked DW_AT_trampoline) that
    /// calls f; users know it as f, so it is f's entry, as Delve shows it.
    func unwrappedStart(_ pc: UInt64) -> UInt64 {
        if let known = unwrappedStarts[pc] { return known }
        let unwrapped = unwrap(pc)
        unwrappedStarts[pc] = unwrapped
        return unwrapped
    }

    private func unwrap(_ pc: UInt64) -> UInt64 {
        guard let loaded = images.image(containing: pc),
              let wrapper = loaded.image.function(containing: loaded.staticAddress(pc))?.function, wrapper.isTrampoline,
              let range = wrapper.ranges.first, range.size < 4096,
              let code = try? memory.read(at: loaded.runtimeAddress(range.low), count: Int(range.size))
        else { return pc }
        for instruction in Disassembler().decode(code, at: loaded.runtimeAddress(range.low)) where instruction.isCall {
            guard let target = instruction.directTarget, let callee = loaded.image.function(containing: loaded.staticAddress(target)),
                  GoroutineLocations.isUserFunction(callee.name)
            else { continue }
            return loaded.runtimeAddress(callee.entry)
        }
        return pc
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

extension Target {
    /// A goroutine's pprof labels (`g.labels` points to a map[string]string).
    public func labels(of goroutine: Goroutine) -> [String: String] {
        guard goroutine.labelsAddress != 0, let loaded = images.executable, let table = loaded.image.typeTable,
              let labelType = table.types(named: "runtime/pprof.labelMap").first ?? table.types(named: "map[string]string").first
        else { return [:] }
        let symbols = symbols(of: loaded.image)
        guard case .goMap(let mapType) = symbols.typeSystem.shape(of: .dwarf(labelType)) else { return [:] }
        let context = ValueContext(
            types: symbols.typeSystem, memory: memory,
            symbols: ImageSymbolLookup(images: images.images.map { ($0.image, $0.bias) }), constants: symbols)
        let labelMap = Value(type: .dwarf(labelType), location: .memory(goroutine.labelsAddress), context: context, name: "labels")
        guard let iterator = try? GoMapIterator(labelMap, mapType: mapType) else { return [:] }
        let loader = ValueLoader(config: .default)
        var labels: [String: String] = [:]
        try? iterator.forEach { (key, value) throws(ValueError) in
            labels[loader.load(key).value] = loader.load(value).value
            return labels.count < Self.maxLabels
        }
        return labels
    }

    /// Labels read per goroutine at most (a corrupt map stops there).
    static let maxLabels = 256
}

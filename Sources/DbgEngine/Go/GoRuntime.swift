import DbgProcess
import DbgSymbols

/// Go's runtime: goroutines read from `runtime.allgs` through the layout the program's own
/// DWARF gives (`GoRuntimeLayout`); a thread's goroutine from Go's TLS slot.
final class GoRuntime: GreenThreadRuntime {
    private let layout: GoRuntimeLayout
    /// The executable's load bias (zero unless it is a PIE).
    private let bias: UInt64
    private var waitReasons: [String]?
    /// The goroutines read at this stop: all of them, or the first ones (a list's first page).
    private var atStop: [GreenThread]?
    private var firstAtStop: [GreenThread] = []
    /// Start functions behind go-statement wrappers, by the wrapper's address; valid while
    /// the executable stays mapped where it is (a new runtime is made when it moves).
    private var unwrappedStarts: [UInt64: UInt64] = [:]

    /// nil for a program that is not Go (or whose runtime lacks a field dbg needs).
    init?(executable: LoadedImage) {
        guard let layout = GoRuntimeLayout(image: executable.image) else { return nil }
        self.layout = layout
        bias = executable.bias
    }

    var hasGreenThreads: Bool { true }
    var handlesSignals: Bool { true }

    func programWillRun() {
        atStop = nil
        firstAtStop = []
    }

    private func reader(_ program: RuntimeProgram) -> GoroutineReader {
        GoroutineReader(layout: layout, memory: program.memory, bias: bias)
    }

    func all(in program: RuntimeProgram) throws(EngineError) -> [GreenThread] {
        if let known = atStop { return known }
        let all = try read(in: program, upTo: nil).greenThreads
        atStop = all
        return all
    }

    func first(_ count: Int, in program: RuntimeProgram) throws(EngineError) -> (greenThreads: [GreenThread], more: Bool) {
        if let known = atStop { return (Array(known.prefix(count)), known.count > count) }
        let read = try read(in: program, upTo: count)
        if read.greenThreads.count > firstAtStop.count { firstAtStop = read.greenThreads }
        return read
    }

    func greenThread(id: Int64, in program: RuntimeProgram) throws(EngineError) -> GreenThread? {
        if atStop == nil, let known = firstAtStop.first(where: { $0.id == id }) { return known }
        return try all(in: program).first { $0.id == id }
    }

    /// The live goroutines in allgs order, all of them or the first `limit`, read a batch at
    /// a time; `more`: whether allgs goes on past the last one read.
    private func read(in program: RuntimeProgram, upTo limit: Int?) throws(EngineError) -> (greenThreads: [GreenThread], more: Bool) {
        let reader = reader(program)
        if waitReasons == nil { waitReasons = reader.waitReasonTexts() }
        let reasons = waitReasons ?? []
        let addresses = try reader.allAddresses()
        var running: [UInt64: ThreadID] = [:]
        for thread in program.threads() {
            guard let registers = program.registers(thread),
                  let address = reader.goroutineAddress(ofThreadWithFSBase: registers.fsBase)
            else { continue }
            running[address] = thread
        }
        var live: [GreenThread] = []
        live.reserveCapacity(min(addresses.count, limit ?? addresses.count))
        var next = 0
        while next < addresses.count, limit.map({ live.count < $0 }) ?? true {
            // A batch a little larger than what is missing: dead goroutines are left out.
            let wanted = limit.map { $0 - live.count } ?? addresses.count
            let batch = Array(addresses[next..<min(addresses.count, next + max(64, wanted + wanted / 4))])
            for (address, goroutine) in zip(batch, Self.readGoroutines(at: batch, reader: reader, waitReasons: reasons)) {
                // A g that cannot be read (being freed as we look) is left out rather than
                // failing the whole list.
                guard var goroutine else { continue }
                goroutine.thread = running[address]
                live.append(goroutine)
            }
            next += batch.count
        }
        guard let limit, live.count > limit else { return (live, next < addresses.count) }
        return (Array(live.prefix(limit)), true)
    }

    /// Bytes read at once for runtime.g records that lie close together.
    static let gBlockSize: UInt64 = 256 << 10

    /// The goroutines at `addresses`, in their order (nil for a dead or unreadable g, or a
    /// null address). The runtime allocates its g records next to one another: records
    /// within a block are read in one system call instead of one each (10,000 goroutines:
    /// from 10,000 reads to a few dozen).
    static func readGoroutines(at addresses: [UInt64], reader: GoroutineReader, waitReasons: [String]) -> [GreenThread?] {
        let size = UInt64(reader.layout.gSize)
        let order = addresses.indices.filter { addresses[$0] != 0 }.sorted { addresses[$0] < addresses[$1] }
        var found = [GreenThread?](repeating: nil, count: addresses.count)
        var index = 0
        while index < order.count {
            let start = addresses[order[index]]
            var end = index
            while end + 1 < order.count, addresses[order[end + 1]] &+ size &- start <= gBlockSize { end += 1 }
            let block = end > index ? try? reader.memory.read(at: start, count: Int(addresses[order[end]] &+ size &- start)) : nil
            for position in order[index...end] {
                let address = addresses[position]
                if let block {
                    let offset = Int(address - start)
                    found[position] = block.withUnsafeBytes { bytes in
                        reader.goroutine(
                            record: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + Int(size)]), at: address,
                            waitReasons: waitReasons)
                    }
                } else {
                    found[position] = (try? reader.goroutine(at: address, waitReasons: waitReasons)) ?? nil
                }
            }
            index = end + 1
        }
        return found
    }

    var stackMoveFunction: String? { "runtime.copystack" }

    func greenThread(atAddress address: UInt64, in program: RuntimeProgram) -> GreenThread? {
        (try? reader(program).goroutine(at: address, waitReasons: waitReasons ?? [])) ?? nil
    }

    func current(on thread: ThreadID, registers: Registers, in program: RuntimeProgram) -> GreenThread? {
        let reader = reader(program)
        guard let address = reader.goroutineAddress(ofThreadWithFSBase: registers.fsBase),
              var goroutine = (try? reader.goroutine(at: address, waitReasons: waitReasons ?? [])) ?? nil
        else { return nil }
        goroutine.thread = thread
        return goroutine
    }

    func currentRecordAddress(threadPointer: UInt64, in program: RuntimeProgram) -> UInt64? {
        reader(program).goroutineAddress(ofThreadWithFSBase: threadPointer)
    }

    let currentRecordName: GreenThreadRecordName? = GreenThreadRecordName(expression: "runtime.curg", typeName: "runtime.g")

    func isOnRuntimeStack(_ registers: Registers, in program: RuntimeProgram) -> Bool {
        reader(program).isOnSystemStack(fsBase: registers.fsBase)
    }

    /// Delve's rule for the user frame: a qualified name outside the runtime's private
    /// functions (exported `runtime.X` counts as user code) and outside internal packages.
    func isUserFunction(_ name: String) -> Bool {
        // By bytes: asked for every frame of every goroutine listed.
        guard name.utf8.contains(UInt8(ascii: ".")) else { return false }
        if name.hasPrefix("internal/") || name.hasPrefix("runtime/internal/") { return false }
        if name.hasPrefix("runtime.") {
            guard let first = name.dropFirst("runtime.".count).first else { return false }
            return first.isUppercase
        }
        return true
    }

    /// A goroutine the runtime started for itself: its start function is a private runtime
    /// function (`runtime.main`, the program's main goroutine, is the program's).
    func isRuntimeOwned(startFunction name: String) -> Bool {
        name != "runtime.main" && !isUserFunction(name)
    }

    /// `runtime.Breakpoint()` and the assembly function holding its int3.
    func isDeliberateTrap(inFunction name: String) -> Bool {
        name == "runtime.breakpoint" || name == "runtime.Breakpoint"
    }

    /// The runtime function that runs a returning frame's deferred calls.
    func isReturnPassage(_ name: String) -> Bool { name == "runtime.deferreturn" }

    func deferredCalls(of greenThread: GreenThread, in program: RuntimeProgram) -> [DeferredCall] {
        reader(program).deferredCalls(ofGoroutineAt: greenThread.address)
    }

    /// For `go f(x)` (and `defer f(x)`) Go runs a wrapper (marked DW_AT_trampoline) that
    /// calls f; users know it as f, so it is f's entry, as Delve shows it.
    func unwrappedStart(_ pc: UInt64, in program: RuntimeProgram) -> UInt64 {
        if let known = unwrappedStarts[pc] { return known }
        let unwrapped = unwrap(pc, in: program)
        unwrappedStarts[pc] = unwrapped
        return unwrapped
    }

    private func unwrap(_ pc: UInt64, in program: RuntimeProgram) -> UInt64 {
        guard let loaded = program.images.image(containing: pc),
              let wrapper = loaded.image.function(containing: loaded.staticAddress(pc))?.function, wrapper.isTrampoline,
              let range = wrapper.ranges.first, range.size < 4096,
              let code = try? program.memory.read(at: loaded.runtimeAddress(range.low), count: Int(range.size))
        else { return pc }
        for instruction in Disassembler().decode(code, at: loaded.runtimeAddress(range.low)) where instruction.isCall {
            guard let target = instruction.directTarget, let callee = loaded.image.function(containing: loaded.staticAddress(target)),
                  isUserFunction(callee.name)
            else { continue }
            return loaded.runtimeAddress(callee.entry)
        }
        return pc
    }

    /// Waiters read at most from one queue: a longer one is garbage (a loop).
    static let channelQueueLimit = 1_000_000

    /// Who waits on a channel (Delve's `goroutines -chan`): the goroutines parked in its wait
    /// queues, read through the runtime's own types (`hchan.recvq`/`sendq`, lists of `sudog`
    /// whose `g` is the waiting goroutine). A value that is not a channel, or a nil channel,
    /// has none (as in Delve).
    func waiters(on channel: Value, in program: RuntimeProgram) throws(EngineError) -> [Int64] {
        let loaded = ValueLoader(config: .singleValue).load(channel)
        let types = channel.types
        guard loaded.kind == .chan, loaded.base != 0,
              case .pointer(let hchanType) = types.shape(of: types.underlying(channel.type))
        else { return [] }
        let hchan = Value(type: hchanType, location: .memory(loaded.base), context: channel.context, name: channel.name)
        var ids: [Int64] = []
        for queue in ["recvq", "sendq"] {
            guard var waiter = hchan.member(named: queue)?.member(named: "first") else { continue }
            for _ in 0..<Self.channelQueueLimit {
                guard try Self.pointer(waiter) != 0 else { break }
                let sudog: Value
                do { sudog = try waiter.pointee() } catch { throw EngineError(error.description) }
                guard let g = sudog.member(named: "g"), let next = sudog.member(named: "next") else { break }
                let goidAddress = try Self.pointer(g) &+ UInt64(layout.goid)
                guard let goid = try? program.memory.readUInt64(at: goidAddress) else {
                    throw EngineError("cannot read memory at 0x" + String(goidAddress, radix: 16))
                }
                ids.append(Int64(bitPattern: goid))
                waiter = next
            }
        }
        return ids
    }

    private static func pointer(_ value: Value) throws(EngineError) -> UInt64 {
        do { return try value.pointerValue() } catch { throw EngineError(error.description) }
    }

    /// The breakpoints Delve sets in every Go program, where the runtime is about to end it:
    /// a panic nothing recovered, and a fatal error (`throw`, `fatal`). They stop with the
    /// panicking goroutine's stack still there. Their ids are negative, as Delve's.
    let eventBreakpoints = [
        RuntimeEventBreakpoint(
            id: -1, name: "unrecovered-panic", functions: ["runtime.fatalpanic"], printOnHit: ["runtime.curg._panic.arg"]),
        RuntimeEventBreakpoint(id: -2, name: "runtime-fatal-throw", functions: ["runtime.throw", "runtime.fatal"], printOnHit: []),
    ]

    /// A goroutine's pprof labels (`g.labels` points to a map[string]string).
    func labels(of goroutine: GreenThread, in program: RuntimeProgram) -> [String: String] {
        guard goroutine.labelsAddress != 0, let loaded = program.images.executable, let table = loaded.image.typeTable,
              let labelType = table.types(named: "runtime/pprof.labelMap").first ?? table.types(named: "map[string]string").first
        else { return [:] }
        let symbols = program.symbols(loaded.image)
        guard case .goMap(let mapType) = symbols.typeSystem.shape(of: .dwarf(labelType)) else { return [:] }
        let context = ValueContext(
            types: symbols.typeSystem, memory: program.memory,
            symbols: ImageSymbolLookup(images: program.images.images.map { ($0.image, $0.bias) }), constants: symbols)
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

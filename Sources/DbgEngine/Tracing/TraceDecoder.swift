import DbgProcess
import DbgSymbols

/// Turns samples (a uprobe's, or a stopped thread's registers from the ptrace backend)
/// into trace events: arguments from the sampled registers and stack, located by each
/// parameter's DWARF location at the probe (or by the calling convention where the DWARF
/// home is not filled yet at the entry, as gcc's -O0 stack slots), loaded as `dlv trace`
/// loads them; plain integers and pointers in registers kept as numbers (`TraceFastPath`). Probes are
/// known by their number in the backend's list. Not Sendable: owned by the reader thread.
public final class TraceDecoder {
    public let plan: TracePlan
    private let probes: [TraceProbe]
    private let pid: Int32
    /// Load bias of the binary (PIE): runtime address minus static address.
    private let bias: UInt64
    private let symbols: ImageSymbols
    private let goroutines: GoroutineIDReader
    private let eventStacks: EventStacks
    /// As `dlv trace` loads arguments: pointers not followed, strings up to 64 bytes.
    private let loader = ValueLoader(
        config: LoadConfig(followPointers: false, maxVariableRecurse: 1, maxStringLength: 64, maxArrayValues: 64))
    /// Per probe number, once its first sample has been located: plain integers in registers
    /// are read straight from the sample (most traced arguments), the rest by the loader.
    /// Fixed-size and read for every event: kept out of Swift's exclusivity checks and
    /// reference counting (only this class touches it, on its one thread).
    private let fastPaths: UnsafeMutableBufferPointer<TraceFastPath>
    private var vectorNeeds: [Int: Bool] = [:]
    private let summaries: [FunctionSummary]
    /// True when samples are decoded while their thread is stopped (the ptrace backend):
    /// memory then reads as it was at the event.
    public var decodesAtTheEvent = false

    public init(plan: TracePlan, probes: [TraceProbe], pid: Int32, bias: UInt64) {
        self.plan = plan
        self.probes = probes
        fastPaths = .allocate(capacity: probes.count)
        fastPaths.initialize(repeating: TraceFastPath())
        self.pid = pid
        self.bias = bias
        symbols = ImageSymbols(image: plan.image)
        summaries = plan.functions.map(FunctionSummary.init)
        goroutines = GoroutineIDReader(pid: pid, image: plan.image)
        eventStacks = EventStacks(pid: pid)
    }

    deinit { fastPaths.deallocate() }

    /// Bytes of user stack a probe's samples need: the caller's argument area when a C
    /// function may take arguments there (more than six, or structs passed by value),
    /// which must be read as it was at the call, not later; none otherwise.
    public func stackBytes(for probe: TraceProbe) -> UInt32 {
        let function = plan.functions[probe.function]
        guard probe.kind == .call, function.language.rules.mayPassArgumentsOnTheStack else { return 0 }
        let types = symbols.typeSystem
        let onStack = function.arguments.count > 6
            || function.arguments.contains { !types.shape(of: types.resolve($0.type)).isScalar }
        return onStack ? 512 : 0
    }

    /// Appends the event of probe number `probe` whose registers (and stack) are `sample`;
    /// with `stack` (the ptrace backend's), as a whole event; `strings`, the C strings copied
    /// at the event (the inject backend's, see `stringRegisterMask`).
    func decode(
        _ sample: borrowing PerfSample, probe: Int, into events: inout TraceEvents, stack: [String] = [],
        strings: [SampleMemory.Copy] = []
    ) {
        if stack.isEmpty && appendNumbers(sample, probe: probe, thread: sample.tid, time: sample.time, into: &events) { return }
        let traceProbe = probes[probe]
        let summary = summaries[traceProbe.function]
        let values: [LoadedValue]
        if !summary.hasFrame {
            values = rawRegisters(sample, probe: traceProbe, language: summary.language)
        } else {
            let located = locate(sample, probe: traceProbe, function: plan.functions[traceProbe.function], strings: strings)
            values = located.map { name, value in
                var loaded = loader.load(value)
                loaded.name = name ?? ""
                return loaded
            }
            if fastPaths[probe].state == .unknown {
                var forms: [TraceEvents.NumberForm] = []
                let path = TraceFastPath(
                    located, loaded: values, loader: loader, greenThreadRegister: summary.greenThreadRegister, forms: &forms)
                fastPaths[probe] = path
                if path.state == .numbers {
                    events.define(TraceEvents.NumbersLayout(
                        kind: traceProbe.kind == .call ? .call : .returning, function: summary.name,
                        namesValues: summary.namesArguments, names: values.map(\.name), forms: forms), for: probe)
                }
            }
        }
        events.append(TraceEvent(
            kind: traceProbe.kind == .call ? .call : .returning, function: summary.name, thread: sample.tid,
            goroutine: summary.greenThreadRegister.flatMap { goroutines.goroutineID(g: sample.word($0)) }, time: sample.time,
            values: values, namesArguments: summary.namesArguments, stack: stack), probe: probe)
    }

    /// Appends the event of probe number `probe` straight from its registers when the probe's
    /// values are known to be plain integers in registers (most events); false when it needs
    /// a whole sample (`decode`).
    func appendNumbers<Registers: TraceRegisters>(
        _ registers: Registers, probe: Int, thread: Int32, time: UInt64, into events: inout TraceEvents
    ) -> Bool {
        let path = fastPaths[probe]
        guard path.state == .numbers else { return false }
        let goroutine = path.greenThreadRegister.flatMap { goroutines.goroutineID(g: registers.word($0)) }
        events.appendNumbers(
            probe: probe, thread: thread, goroutine: goroutine, time: time, count: path.count,
            word: { path.word($0, in: registers) })
        return true
    }

    /// What decoding a sample needs of a traced function, for every event.
    private struct FunctionSummary {
        var name: String
        var language: SourceLanguage
        var hasFrame: Bool
        var greenThreadRegister: PerfRegister?
        var namesArguments: Bool

        init(_ function: TracedFunction) {
            name = function.name
            language = function.language
            hasFrame = function.frame != nil
            greenThreadRegister = function.language.rules.greenThreadRegister.flatMap { PerfRegister(dwarfNumber: $0.rawValue) }
            namesArguments = function.language.rules.traceNamesArguments
        }
    }

    /// Forgets goroutine ids read so far (call between batches of samples: a g is reused
    /// by a new goroutine only after the old one has ended).
    public func startBatch() { goroutines.forgetBatch() }

    /// Where each argument (at a call) or result (at a return) of a sample is.
    private func locate(_ sample: PerfSample, probe: TraceProbe, function: TracedFunction, strings: [SampleMemory.Copy])
        -> [(name: String?, value: Value)]
    {
        let rsp = sample.register(.rsp) ?? 0
        var memory = SampleMemory(pid: pid, stack: sample.stack, stackBase: rsp)
        memory.copies = strings
        let lateReads = function.language.rules.traceLateReads
        memory.readsBeyondTheStack = decodesAtTheEvent || lateReads != .nowhere
        if !decodesAtTheEvent && lateReads == .offTheStack { memory.eventStack = eventStack(sample, function: function, rsp: rsp) }
        let context = ValueContext(
            types: symbols.typeSystem, memory: memory,
            registers: sample.dwarfRegisters, symbols: ImageSymbolLookup(image: plan.image, bias: bias), writer: nil,
            constants: symbols)
        return probe.kind == .call
            ? arguments(of: function, probe: probe, context: context, rsp: rsp)
            : results(of: function, context: context, rsp: rsp)
    }

    /// The stack the event's code ran on: a green thread's (Go's goroutine stack, from its g),
    /// else the thread's (the mapping that holds the stack pointer). A goroutine's stack that
    /// has moved since the event (it grew) no longer holds the stack pointer: then the megabyte
    /// above it stands for the stack it had.
    private func eventStack(_ sample: PerfSample, function: TracedFunction, rsp: UInt64) -> Range<UInt64>? {
        guard let register = function.language.rules.greenThreadRegister.flatMap({ PerfRegister(dwarfNumber: $0.rawValue) }) else {
            return eventStacks.stack(holding: rsp)
        }
        if let stack = goroutines.stack(g: sample.word(register)), stack.contains(rsp) { return stack }
        return rsp..<(rsp &+ (1 << 20))
    }

    private func arguments(of function: TracedFunction, probe: TraceProbe, context: ValueContext, rsp: UInt64)
        -> [(name: String?, value: Value)]
    {
        var convention = RegisterArgumentPlan(
            function.language.rules.callingConvention, vectorRegisterCount: vectorCount(context))
        if convention.convention == .swift, let swift = context.types.swift {
            // Swift's DWARF homes are frame slots, relative to a frame base the prologue has
            // yet to set up: at the entry only the convention says where a value is.
            return SwiftArgumentPlan.arguments(
                function.arguments, frame: function.frame, context: context, swift: swift,
                vectorRegisterCount: vectorCount(context), metadata: SampleMemory(pid: pid, stack: [], stackBase: 0))
        }
        let scope = FrameScope(
            symbols: symbols, context: context, bias: bias, pc: probe.address.value &+ bias, frame: function.frame,
            cfa: rsp &+ 8)
        return function.arguments.map { parameter in
            var value = scope.value(of: parameter)
            let abiLocation = convention.next(
                shape: value.shape, size: Int(clamping: context.types.size(of: value.type) ?? 8), rsp: rsp)
            if !Self.isValidAtEntry(value.location, rsp: rsp) { value.location = abiLocation }
            return (parameter.name, value)
        }
    }

    /// How many xmm registers the sample behind `context` holds.
    private func vectorCount(_ context: ValueContext) -> Int {
        (0..<16).prefix { context.registers?.registerValue(X86_64Register.xmm0.rawValue + $0) != nil }.count
    }

    /// The registers that hold C strings at probe number `probe` (bits in
    /// `InjectRecord.stringRegisters` order): the inject backend's recorder copies what they
    /// point to at the event, as a trace read later could find other text there. A C call's
    /// `char *` arguments in registers by the calling convention; a return's `char *` result.
    public func stringRegisterMask(for probe: Int) -> UInt32 {
        let traceProbe = probes[probe]
        let function = plan.functions[traceProbe.function]
        let rules = function.language.rules
        guard rules.charactersAreText, function.frame != nil else { return 0 }
        let types = symbols.typeSystem
        func isCString(_ type: ValueType) -> Bool {
            guard case .pointer(let target) = types.shape(of: type), case .integer(1, _, true) = types.shape(of: target) else { return false }
            return true
        }
        var registers: [Int] = []
        if traceProbe.kind == .call {
            guard rules.callingConvention == .systemV else { return 0 }
            var convention = RegisterArgumentPlan(.systemV, vectorRegisterCount: 8)
            for argument in function.arguments {
                let type = types.resolve(argument.type)
                let location = convention.next(shape: types.shape(of: type), size: Int(clamping: types.size(of: type) ?? 8), rsp: 0)
                if isCString(type), case .register(let number) = location { registers.append(number) }
            }
        } else if rules.returnConvention == .systemV, let offset = function.returnType, isCString(types.resolve(offset)) {
            registers.append(X86_64Register.rax.rawValue)
        }
        var mask: UInt32 = 0
        for number in registers {
            guard let register = PerfRegister(dwarfNumber: number),
                  let bit = InjectRecord.stringRegisters.firstIndex(of: register) else { continue }
            mask |= 1 << UInt32(bit)
        }
        return mask
    }

    /// True when a probe's values may be in xmm registers (floating-point arguments or
    /// results): the ptrace backend reads them then, at the cost of one more request.
    public func needsVectorRegisters(_ probeNumber: Int) -> Bool {
        if let cached = vectorNeeds[probeNumber] { return cached }
        let probe = probes[probeNumber]
        let function = plan.functions[probe.function]
        let types = symbols.typeSystem
        let variables = probe.kind == .call ? function.arguments : function.results
        var offsets = variables.map(\.type)
        if probe.kind == .returning, function.language.rules.returnConvention == .systemV { offsets = [function.returnType] }
        let needs = offsets.contains { $0 != nil && Self.containsFloat(types.resolve($0), types: types, depth: 3) }
        vectorNeeds[probeNumber] = needs
        return needs
    }

    /// A float, or a struct holding one (Go passes a struct's float fields in X registers).
    private static func containsFloat(_ type: ValueType, types: TypeSystem, depth: Int) -> Bool {
        switch types.shape(of: type) {
        case .float, .complex: return true
        case .aggregate(_, let aggregate) where depth > 0:
            return aggregate.members.contains { containsFloat(types.resolve($0.type), types: types, depth: depth - 1) }
        default: return false
        }
    }

    /// A DWARF home below the stack pointer is a slot the prologue has yet to fill.
    private static func isValidAtEntry(_ location: ValueLocation, rsp: UInt64) -> Bool {
        switch location {
        case .memory(let address): return address >= rsp
        case .unavailable: return false
        case .pieces(let pieces): return pieces.allSatisfy { isValidAtEntry($0.location, rsp: rsp) }
        case .register, .bytes: return true
        }
    }

    /// At a return, results are where the ABI leaves them (DWARF's homes for them are in
    /// the frame just popped).
    private func results(of function: TracedFunction, context: ValueContext, rsp: UInt64) -> [(name: String?, value: Value)] {
        let types = context.types
        if function.language.rules.returnConvention == .goRegisterABI {
            var convention = RegisterArgumentPlan(.goInternal, vectorRegisterCount: vectorCount(context))
            return function.results.map { result in
                let type = types.resolve(result.type)
                let location = convention.next(shape: types.shape(of: type), size: Int(clamping: types.size(of: type) ?? 8), rsp: rsp)
                return (nil, Value(type: type, location: location, context: context, name: result.name))
            }
        }
        guard let offset = function.returnType else { return [] }
        let type = types.resolve(offset)
        if function.language.rules.returnConvention == .swift {
            guard let swift = types.swift, let name = types.swiftName(of: type), !name.isVoid else { return [] }
            let registers = context.registers
            let bytes = SwiftValueLowering.resultBytes(
                of: name, types: swift, integer: { registers?.registerValue($0.rawValue) },
                vector: { registers?.registerValue(X86_64Register.xmm0.rawValue + $0) })
            let location = bytes.map { ValueLocation.bytes($0) } ?? .unavailable("returned where dbg cannot read it yet")
            return [(nil, Value(type: .swift(name), location: location, context: context))]
        }
        let size = Int(clamping: types.size(of: type) ?? 8)
        let location: ValueLocation
        switch types.shape(of: type) {
        case .float(let floatSize) where floatSize <= 8:
            location = vectorCount(context) > 0
                ? .register(X86_64Register.xmm0.rawValue) : .unavailable("in xmm0, not sampled")
        case .float, .complex: location = .unavailable("x87 and complex values are not decoded yet")
        case let shape where shape.isScalar && size <= 8: location = .register(X86_64Register.rax.rawValue)
        case .aggregate where size <= 16:
            location = .pieces([
                ValueLocation.Piece(location: .register(X86_64Register.rax.rawValue), size: min(size, 8)),
                ValueLocation.Piece(location: .register(X86_64Register.rdx.rawValue), size: max(size - 8, 0)),
            ].filter { $0.size > 0 })
        case .void: return []
        default:
            // Returned in memory: rax holds the address of the caller's buffer.
            guard let address = context.registers?.registerValue(X86_64Register.rax.rawValue) else { return [] }
            location = .memory(address)
        }
        return [(nil, Value(type: type, location: location, context: context))]
    }

    private func rawRegisters(_ sample: PerfSample, probe: TraceProbe, language: SourceLanguage) -> [LoadedValue] {
        let registers: [(String, PerfRegister)]
        switch (probe.kind, language) {
        case (.returning, _): registers = [("rax", .rax)]
        case (.call, .go): registers = [("rax", .rax), ("rbx", .rbx), ("rcx", .rcx), ("rdi", .rdi), ("rsi", .rsi)]
        case (.call, _): registers = [("rdi", .rdi), ("rsi", .rsi), ("rdx", .rdx), ("rcx", .rcx), ("r8", .r8), ("r9", .r9)]
        }
        return registers.map { name, register in
            LoadedValue(
                name: name, type: "uintptr", realType: "uintptr", kind: .uintptr,
                value: "0x" + String(sample.register(register) ?? 0, radix: 16))
        }
    }
}

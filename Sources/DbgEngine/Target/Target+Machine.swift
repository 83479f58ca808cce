import DbgProcess
import DbgSymbols

/// The machine level of a stopped program: registers, raw memory, disassembly, and the
/// program-wide listings (types, globals, libraries). All of it runs here, on the ptrace
/// thread, where the process's registers and memory can be read.
extension Target {
    /// The most one request may read (memory) or disassemble (a range): 1 MiB.
    public static let maxMemoryRequest = 1 << 20

    // MARK: Registers

    /// The registers of `frame` of `thread`, by DWARF number. The innermost physical frame
    /// (frame 0 and the calls inlined into it) has the thread's registers: the general ones,
    /// rflags, the segment selectors, fs_base and gs_base, and with `includeFloatingPoint`
    /// XMM0-15, ST0-7, MXCSR and the x87 control and status words. A caller's frame has
    /// only what the unwinder recovered (rip, rsp, the callee-saved registers).
    public func registerReadings(thread: ThreadID, frame index: Int, includeFloatingPoint: Bool) throws(EngineError) -> [RegisterReading] {
        guard !hasEnded else { throw .exited }
        guard index >= 0 else { throw EngineError("frame \(index) does not exist", kind: .notFound) }
        let frames = try backtrace(thread: thread, depth: index + 1)
        guard index < frames.count else { throw EngineError("frame \(index) does not exist (the stack has \(frames.count))", kind: .notFound) }
        let frame = frames[index]
        guard frame.physicalIndex == 0 else {
            return frame.registers.values.sorted { $0.key < $1.key }.map { RegisterReading(dwarfNumber: $0.key, content: .integer($0.value)) }
        }
        var readings = Self.generalReadings(try registers(of: thread))
        if includeFloatingPoint {
            let floating = try? program.floatingPointRegisters(of: thread)
            guard let floating else { throw EngineError("cannot read the floating-point registers of thread \(thread)") }
            readings += Self.floatingPointReadings(floating)
        }
        return readings.sorted { $0.dwarfNumber < $1.dwarfNumber }
    }

    static func generalReadings(_ registers: Registers) -> [RegisterReading] {
        var values = registers.dwarfValues.values
        let segments: [(X86_64Register, UInt64)] = [
            (.es, registers.es), (.cs, registers.cs), (.ss, registers.ss), (.ds, registers.ds), (.fs, registers.fs), (.gs, registers.gs),
        ]
        for (register, value) in segments { values[register.rawValue] = value }
        return values.map { RegisterReading(dwarfNumber: $0.key, content: .integer($0.value)) }
    }

    static func floatingPointReadings(_ registers: FloatingPointRegisters) -> [RegisterReading] {
        var readings: [RegisterReading] = []
        for index in 0..<16 {
            readings.append(RegisterReading(dwarfNumber: X86_64Register.xmm0.rawValue + index, content: .bytes(registers.xmm(index))))
        }
        for index in 0..<8 {
            readings.append(RegisterReading(dwarfNumber: X86_64Register.st0.rawValue + index, content: .bytes(registers.st(index))))
        }
        readings.append(RegisterReading(dwarfNumber: X86_64Register.mxcsr.rawValue, content: .integer(UInt64(registers.mxcsr))))
        readings.append(RegisterReading(dwarfNumber: X86_64Register.fcw.rawValue, content: .integer(UInt64(registers.fcw))))
        readings.append(RegisterReading(dwarfNumber: X86_64Register.fsw.rawValue, content: .integer(UInt64(registers.fsw))))
        return readings
    }

    // MARK: Memory

    /// `count` bytes of the program's memory at `address` (our int3s never show), at most
    /// `maxMemoryRequest`; an error names the first address that cannot be read.
    public func readMemory(at address: UInt64, count: Int) throws(EngineError) -> [UInt8] {
        guard !hasEnded else { throw .exited }
        guard count >= 0 else { throw EngineError("cannot read a negative number of bytes (\(count))") }
        guard count <= Self.maxMemoryRequest else {
            throw EngineError("cannot read \(count) bytes at once: at most \(Self.maxMemoryRequest) bytes (1 MiB) per request")
        }
        do {
            return try program.readMemory(at: address, count: count)
        } catch {
            throw .from(error)
        }
    }

    /// Writes `bytes` at `address` (at most `maxMemoryRequest`); bytes under a breakpoint
    /// become the site's own (the int3 stays).
    public func writeMemory(_ bytes: [UInt8], at address: UInt64) throws(EngineError) {
        guard !hasEnded else { throw .exited }
        guard bytes.count <= Self.maxMemoryRequest else {
            throw EngineError("cannot write \(bytes.count) bytes at once: at most \(Self.maxMemoryRequest) bytes (1 MiB) per request")
        }
        let result: Result<Void, ProcessError> = try live().assumeIsolated { process in
            Result { () throws(ProcessError) in try process.writeMemory(bytes, at: address) }
        }
        if case .failure(let error) = result { throw .from(error) }
    }

    // MARK: Disassembly

    /// The instructions of `[start, end)`, or of the function that holds `start` when `end` is
    /// 0, decoded from the program's memory (bytes that decode to nothing become one-byte
    /// `(bad)` instructions, as gdb shows them). The pc of `thread` and the addresses of
    /// enabled breakpoints are marked.
    public func disassemble(start: UInt64, end: UInt64, flavor: Disassembler.Flavor, thread: ThreadID) throws(EngineError) -> [DisassembledInstruction] {
        guard !hasEnded else { throw .exited }
        var (low, high) = (start, end)
        if end == 0 {
            guard let range = functionRange(containing: start) else {
                throw EngineError("no function contains 0x\(String(start, radix: 16)); give a range (disassemble -a START END)")
            }
            (low, high) = range
        }
        guard high > low else {
            throw EngineError("the end 0x\(String(high, radix: 16)) is not after the start 0x\(String(low, radix: 16))")
        }
        guard high - low <= UInt64(Self.maxMemoryRequest) else {
            throw EngineError("cannot disassemble \(high - low) bytes at once: at most \(Self.maxMemoryRequest) bytes (1 MiB) per request")
        }
        let count = Int(high - low)
        let bytes = (try? program.readMemory(upTo: count, at: low)) ?? []
        guard !bytes.isEmpty else { throw EngineError("cannot read memory at 0x\(String(low, radix: 16))") }

        let pc = try? registers(of: thread).rip
        let breakpointAddresses = Set(breakpoints.values.filter { !$0.isDisabled }.flatMap { $0.locations.map(\.address) })
        var finder = FunctionFinder(images: images)
        let dialect = AssemblyDialect(language: images.executable?.image.language)
        let goSymbols = GoSymbolLookup(images: images)
        return Self.decodeAll(bytes, at: low, flavor: flavor, dialect: dialect).map { instruction in
            var destination: DisassembledInstruction.Place?
            if instruction.isCall, let target = instruction.directTarget { destination = Self.place(of: target, &finder) }
            let text = switch (dialect, flavor) {
            case (.go, .intel): GoIntelSyntax.text(instruction, symbols: goSymbols.symbol(at:))
            default: Self.annotatedText(instruction, &finder)
            }
            return DisassembledInstruction(
                instruction: instruction, text: text,
                place: Self.place(of: instruction.address, &finder), destination: destination,
                hasBreakpoint: breakpointAddresses.contains(instruction.address), isAtPC: instruction.address == pc)
        }
    }

    /// The function (or data object) at runtime addresses, the last one remembered: a listing
    /// asks for the same function instruction after instruction.
    struct FunctionFinder {
        let images: ImageMap
        private var last: (loaded: LoadedImage, function: FunctionLocation, range: AddressRange)?

        init(images: ImageMap) { self.images = images }

        mutating func function(at address: UInt64) -> (loaded: LoadedImage, function: FunctionLocation)? {
            if let last, last.range.contains(Address(address)) { return (last.loaded, last.function) }
            guard let loaded = images.image(containing: address) else { return nil }
            let local = loaded.staticAddress(address)
            guard let function = loaded.image.function(containing: local) else { return nil }
            let range = function.function?.ranges.first { $0.contains(local) }
                ?? function.symbol.flatMap { $0.range.contains(local) ? $0.range : nil }
            last = range.map { (loaded, function, AddressRange(loaded.runtimeAddress($0.low), loaded.runtimeAddress($0.high))) }
            return (loaded, function)
        }
    }

    /// Every instruction in `bytes`: capstone stops at a byte it cannot decode, which becomes
    /// a one-byte `(bad)`, and decoding goes on after it. AT&T is spelled as gdb spells it,
    /// Intel as gdb does too (bar its spacing) or, for Go, left as capstone decoded it, with
    /// the detail GoIntelSyntax spells it from.
    static func decodeAll(_ bytes: [UInt8], at address: UInt64, flavor: Disassembler.Flavor, dialect: AssemblyDialect = .gdb) -> [Instruction] {
        if flavor == .intel, dialect == .go { return decodeWindows(bytes, at: address, with: Disassembler(flavor: .intel, withDetail: true)) }
        let decoded = decodeWindows(bytes, at: address, with: Disassembler(flavor: flavor))
        guard flavor == .att else { return decoded.map(IntelSyntax.normalize) }
        let intel = Dictionary(
            decodeWindows(bytes, at: address, with: Disassembler(flavor: .intel)).map { ($0.address, $0.mnemonic) },
            uniquingKeysWith: { a, _ in a })
        return decoded.map { GNUSyntax.normalize($0, intelMnemonic: intel[$0.address]) }
    }

    /// Decodes a window at a time (capstone's own copy of the input stays small).
    static func decodeWindows(_ bytes: [UInt8], at address: UInt64, with decoder: Disassembler) -> [Instruction] {
        let window = 4096, longestInstruction = 15
        var instructions: [Instruction] = []
        var offset = 0
        while offset < bytes.count {
            let windowEnd = min(bytes.count, offset + window)
            let decoded = decoder.decode(Array(bytes[offset..<windowEnd]), at: address &+ UInt64(offset))
            let consumed = decoded.reduce(0) { $0 + $1.size }
            instructions += decoded
            offset += consumed
            guard offset < bytes.count else { break }
            // An instruction cut by the window's end: decode again from it.
            if consumed > 0, windowEnd < bytes.count, windowEnd - offset < longestInstruction { continue }
            instructions.append(Instruction(address: address &+ UInt64(offset), bytes: [bytes[offset]], mnemonic: "(bad)", operands: ""))
            offset += 1
        }
        return instructions
    }

    /// The runtime range of the function (its DWARF range, else its ELF symbol) that holds `address`.
    func functionRange(containing address: UInt64) -> (UInt64, UInt64)? {
        guard let loaded = images.image(containing: address) else { return nil }
        let local = loaded.staticAddress(address)
        guard let function = loaded.image.function(containing: local) else { return nil }
        if let range = function.function?.ranges.first(where: { $0.contains(local) }) {
            return (loaded.runtimeAddress(range.low), loaded.runtimeAddress(range.high))
        }
        if let symbol = function.symbol, symbol.size > 0 {
            let entry = loaded.runtimeAddress(symbol.address)
            return (entry, entry &+ symbol.size)
        }
        return nil
    }

    /// The function and source line of a runtime address.
    static func place(of address: UInt64, _ finder: inout FunctionFinder) -> DisassembledInstruction.Place {
        guard let loaded = finder.images.image(containing: address) else { return .init(address: address) }
        let function = finder.function(at: address)?.function
        return .init(
            address: address, functionName: function?.name, functionEntry: function.map { loaded.runtimeAddress($0.entry) },
            source: loaded.image.sourceLocation(for: loaded.staticAddress(address)))
    }

    /// `<name+offset>` for an address inside a function or data object, as gdb writes it.
    static func symbolic(_ address: UInt64, _ finder: inout FunctionFinder) -> String? {
        guard let (loaded, function) = finder.function(at: address) else { return nil }
        let offset = address &- loaded.runtimeAddress(function.entry)
        return offset == 0 ? "<\(function.name)>" : "<\(function.name)+\(offset)>"
    }

    /// The instruction's text with gdb's annotations: a direct branch's target by symbol
    /// (`call 0x401136 <greet>`), a rip-relative operand's address and symbol
    /// (`lea 0xec4(%rip),%rax  # 0x402004`).
    static func annotatedText(_ instruction: Instruction, _ finder: inout FunctionFinder) -> String {
        var text = instruction.text
        let mnemonic = instruction.mnemonic
        let isBranch = mnemonic.hasPrefix("call") || mnemonic.hasPrefix("j") || mnemonic.hasPrefix("loop")
        if isBranch, let target = instruction.directTarget {
            if let name = symbolic(target, &finder) { text += " " + name }
        } else if let displacement = ripDisplacement(instruction.operands) {
            let target = instruction.nextAddress &+ UInt64(bitPattern: displacement)
            text += "  # 0x" + String(target, radix: 16)
            if let name = symbolic(target, &finder) { text += " " + name }
        }
        return text
    }

    /// The displacement of a rip-relative operand: `-0x18(%rip)` (AT&T) or `[rip-0x18]` (Intel).
    static func ripDisplacement(_ operands: String) -> Int64? {
        if let range = operands.firstRange(of: "(%rip)") {
            // Back over the number before it: `-0x18`, `0x18`, `5` or nothing.
            var start = range.lowerBound
            while start > operands.startIndex {
                let previous = operands.index(before: start)
                guard operands[previous].isHexDigit || operands[previous] == "x" || operands[previous] == "-" else { break }
                start = previous
            }
            return signedNumber(operands[start..<range.lowerBound])
        }
        if let range = operands.firstRange(of: "[rip") {
            guard let end = operands[range.upperBound...].firstIndex(of: "]") else { return nil }
            let rest = operands[range.upperBound..<end].filter { $0 != " " }
            if rest.isEmpty { return 0 }
            guard rest.first == "+" || rest.first == "-" else { return nil }
            let magnitude = signedNumber(Substring(rest.dropFirst()))
            return rest.first == "-" ? magnitude.map { -$0 } : magnitude
        }
        return nil
    }

    /// `-0x18`, `0x18`, `5`, `` (zero).
    private static func signedNumber(_ text: Substring) -> Int64? {
        var digits = text
        let negative = digits.first == "-"
        if negative { digits = digits.dropFirst() }
        if digits.isEmpty { return negative ? nil : 0 }
        let value = digits.hasPrefix("0x") ? Int64(digits.dropFirst(2), radix: 16) : Int64(digits)
        return negative ? value.map { -$0 } : value
    }

    // MARK: Program-wide listings

    /// The type names of every loaded binary with debug information (`struct node`, `int`,
    /// `main.T`) that match the regular expression `filter` ("" matches all), sorted.
    public func typeNames(matching filter: String) throws(EngineError) -> [String] {
        let pattern = try Self.pattern(filter)
        var names = Set<String>()
        for loaded in images.images where loaded.image.debugInfo != nil {
            for name in symbols(of: loaded.image).types?.allTypeNames() ?? [] where Self.matches(name, pattern) {
                names.insert(name)
            }
        }
        return names.sorted()
    }

    /// The global, file-static and package variables of every loaded binary with debug
    /// information whose names match `filter`, loaded as `config` says: the executable's
    /// first, then each library's, sorted by name. Constants are not variables (as Delve).
    /// Values are read here, on the ptrace thread, in the context of `thread`.
    public func globalVariables(matching filter: String, thread: ThreadID, config: LoadConfig) throws(EngineError) -> [LoadedValue] {
        guard !hasEnded else { throw .exited }
        let pattern = try Self.pattern(filter)
        let threadRegisters = try? registers(of: thread).dwarfValues
        let lookup = ImageSymbolLookup(images: images.images.map { ($0.image, $0.bias) })
        let loader = ValueLoader(config: config)
        var loadedValues: [LoadedValue] = []
        for loaded in images.images where loaded.image.debugInfo != nil {
            let symbols = symbols(of: loaded.image)
            guard let globals = symbols.globals else { continue }
            let context = ValueContext(
                types: symbols.typeSystem, memory: memory, registers: threadRegisters, symbols: lookup,
                writer: ProcessValueWriter(traced: traced, thread: thread, isInnermostFrame: true), constants: symbols)
            let scope = FrameScope(symbols: symbols, context: context, bias: loaded.bias)
            for name in globals.variableNamesInDeclarationOrder() where Self.matches(name, pattern) {
                for variable in globals.variables(named: name) where variable.location != nil {
                    var value = loader.load(scope.value(of: variable))
                    value.name = name
                    loadedValues.append(value)
                }
            }
        }
        return loadedValues
    }

    /// The shared libraries mapped in the program (every loaded binary but the executable),
    /// in the order they are mapped.
    public func sharedLibraries() -> [LoadedImage] {
        let executable = try? program.executablePath()
        return images.images.filter { $0.path != executable }
    }

    static func pattern(_ filter: String) throws(EngineError) -> Regex<AnyRegexOutput>? {
        guard !filter.isEmpty else { return nil }
        do { return try Regex(filter) } catch { throw EngineError("bad regular expression '\(filter)'", kind: .badInput) }
    }

    static func matches(_ name: String, _ pattern: Regex<AnyRegexOutput>?) -> Bool {
        guard let pattern else { return true }
        return (try? pattern.firstMatch(in: name)) != nil
    }
}

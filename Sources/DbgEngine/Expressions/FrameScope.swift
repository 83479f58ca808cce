import DbgSymbols

/// The scope of one frame of a binary, or of no frame (globals only, as before the program
/// runs): variables from the DWARF at the frame's pc, their locations evaluated with the
/// frame's registers, frame base and CFA.
///
/// Addresses are runtime addresses: the binary's own plus `bias` (its load base when it is
/// a PIE or a library, 0 otherwise).
public struct FrameScope: EvaluationScope {
    public let symbols: ImageSymbols
    public let context: ValueContext
    public let bias: UInt64
    /// The pc to look variables up at (runtime): a caller frame's return address minus
    /// one, so that it falls inside the call. Nil without a frame.
    public let pc: UInt64?
    /// The frame's scope at `pc` (the innermost inlined call, if any).
    public let frame: ScopeFrame?
    /// The frame's canonical frame address, for DW_OP_call_frame_cfa.
    public let cfa: UInt64?
    public let language: SourceLanguage
    /// The runtime's record of the green thread this frame belongs to, by the name
    /// expressions give it (Go: `runtime.curg`, `break f if runtime.curg.goid == 7`, as in
    /// Delve), and its address.
    public var currentGreenThread: (name: GreenThreadRecordName, address: UInt64)?
    /// The thread's `fs_base`, where its thread-local variables are found.
    public var threadPointer: UInt64?
    /// Values registers had at the function's entry, from its caller (DW_OP_entry_value).
    var entryValues: (any DwarfEntryValueResolver & Sendable)?
    /// Go: the addresses Delve gives variables in registers at this stop.
    public var fakeAddresses: FakeAddressBook?
    /// Runs the program's functions for calls in expressions (only for the `call` command).
    public var functionCaller: (any FunctionCaller)?

    /// `frame` defaults to the innermost scope at `pc`. `line`: the frame's source line, which
    /// in Go hides the locals not declared yet (as Delve does).
    public init(
        symbols: ImageSymbols, context: ValueContext, bias: UInt64 = 0, pc: UInt64? = nil, frame: ScopeFrame? = nil,
        cfa: UInt64? = nil, line: Int? = nil
    ) {
        self.symbols = symbols
        self.context = context
        self.bias = bias
        self.pc = pc
        self.cfa = cfa
        var frame = frame
        if frame == nil, let pc, let debugInfo = symbols.image.debugInfo {
            frame = ScopeReader(debugInfo: debugInfo).innermostFrame(at: Address(pc &- bias))
        }
        let unitLanguage = pc.flatMap { symbols.image.debugInfo?.unit(containing: Address($0 &- bias))?.language }
        self.language = unitLanguage ?? symbols.language
        if language.rules.scopesVariablesByDeclarationLine, let line { frame = frame?.declared(before: line) }
        self.frame = frame
    }

    /// The globals of `symbols`' binary, read from `memory` (a `StaticMemory` before the
    /// program runs).
    public static func globals(
        of symbols: ImageSymbols, memory: any TargetMemory, bias: UInt64 = 0, writer: (any ValueWriter)? = nil
    ) -> FrameScope {
        let context = ValueContext(
            types: symbols.typeSystem, memory: memory, symbols: ImageSymbolLookup(image: symbols.image, bias: bias),
            writer: writer, constants: symbols)
        return FrameScope(symbols: symbols, context: context, bias: bias)
    }

    // MARK: EvaluationScope

    public func variable(named name: String) -> Value? {
        if let local = frame?.variable(named: name) { return value(of: local) }
        if let current = currentGreenThread, name == current.name.expression, let record = recordPointer(current) { return record }
        let unit = pc.flatMap { symbols.image.debugInfo?.unit(containing: Address($0 &- bias)) }
        if let global = symbols.globals?.variable(named: name, preferring: unit) { return value(of: global) }
        // Inside package main, `counter` is `main.counter`.
        if language.rules.qualifiesNamesByPackage, let function = frame?.function.name, let package = ImageSymbols.packageName(function),
           !name.contains("."), let global = symbols.globals?.variable(named: package + "." + name, preferring: unit) {
            return value(of: global)
        }
        return enumerator(named: name, preferring: unit)
    }

    /// C's `BLUE`: the enumerator's value, of its enumeration's type.
    private func enumerator(named name: String, preferring unit: CompileUnit?) -> Value? {
        guard let offset = symbols.globals?.enumerationType(declaring: name, preferring: unit), let table = symbols.types,
              let type = table.type(at: offset), case .enumeration(let enumeration) = type.kind,
              let value = enumeration.enumerators.first(where: { $0.name == name })?.value
        else { return nil }
        let size = Int(clamping: type.byteSize ?? 4)
        let bytes = (0..<min(max(size, 1), 8)).map { UInt8(truncatingIfNeeded: value >> (8 * Int64($0))) }
        return Value(type: .dwarf(type), location: .bytes(bytes), context: context, name: name)
    }

    public func isPackage(_ name: String) -> Bool {
        symbols.image.debugInfo?.units.contains { $0.language.rules.qualifiesNamesByPackage && $0.name == name } ?? false
    }

    public func function(named name: String) -> Value? {
        if let function = symbols.image.functions(named: name).first {
            return Value(
                type: .function(language: language), location: .memory(function.entry.value &+ bias), context: context,
                name: function.name)
        }
        // A function of a library the program loaded (libc's `abs`), by its symbol.
        guard let address = context.symbols?.functionAddress(of: name) else { return nil }
        return Value(type: .function(language: language), location: .memory(address), context: context, name: name)
    }

    /// Locals and parameters of the frame, innermost first (shadowed ones included), for
    /// `locals` and `args`.
    public var frameVariables: [(variable: Variable, value: Value)] {
        (frame?.variables ?? []).map { ($0, value(of: $0)) }
    }

    // MARK: Locations

    /// The value of a variable of this frame or a global: its location evaluated here.
    public func value(of variable: Variable) -> Value {
        var type = context.types.resolve(variable.type)
        let (evaluated, operations) = locationAndExpression(of: variable, type: type)
        var location = evaluated
        let registersAddress = operations.flatMap { fakeAddress(location: evaluated, operations: $0) }
        if let instantiated = instantiatedType(type) { type = instantiated }
        if variable.isIndirect {
            // Go's "&x": x moved to the heap; the entry describes the pointer to it (type *T,
            // in the slot), and the variable is what it points to.
            if case .pointer(let pointee) = context.types.shape(of: type) { type = pointee }
            do throws(ValueError) {
                let pointer = Value(type: context.types.resolve(variable.type), location: location, context: context)
                location = .memory(try pointer.pointerValue())
            } catch {
                location = .unavailable(error.description)
            }
        }
        var value = Value(type: type, location: location, context: context, name: variable.name)
        value.isDeclaredConstant = variable.constantValue != nil
        if case .memory = location {} else { value.fakeAddress = registersAddress }
        return value
    }

    /// Delve's address for a Go variable of this frame held in registers (FakeAddressBook):
    /// the first one read at a stop gives every register-held variable of the frame its
    /// address, in the DWARF's order, as Delve reads all of a frame's variables to find one.
    private func fakeAddress(location: ValueLocation, operations: [DwarfOperation]) -> UInt64? {
        guard language.rules.givesRegisterVariablesFakeAddresses, let fakeAddresses, let frame, let size = Self.registerBytes(location) else { return nil }
        if let cfa, fakeAddresses.beginFrame(cfa: cfa, pc: pc ?? 0) {
            for other in frame.variables.sorted(by: { $0.offset < $1.offset }) {
                let type = context.types.resolve(other.type)
                let (otherLocation, otherOperations) = locationAndExpression(of: other, type: type)
                guard let otherOperations, let otherSize = Self.registerBytes(otherLocation) else { continue }
                _ = fakeAddresses.address(cfa: cfa, operations: otherOperations, size: otherSize)
            }
        }
        return fakeAddresses.address(cfa: cfa, operations: operations, size: size)
    }

    /// The bytes a location in registers holds (a whole register is 8); nil elsewhere.
    private static func registerBytes(_ location: ValueLocation) -> Int? {
        switch location {
        case .register: return 8
        case .pieces(let pieces): return pieces.reduce(0) { $0 + $1.size }
        default: return nil
        }
    }

    /// Go generics: a variable typed by a type parameter's typedef (`.param1`, over a shape
    /// type such as `[]go.shape.int_0`) has the real type the instantiation's dictionary
    /// (`.dict`) names at the typedef's index, as Delve shows it (`[]int`).
    private func instantiatedType(_ type: ValueType) -> ValueType? {
        if language.rules.bindsGenericParametersByMetadataVariables { return swiftInstantiatedType(type) }
        guard language.rules.hasGenericDictionaries, case .dwarf(let typedef) = type, let index = typedef.go?.dictionaryIndex, index < 1 << 16,
              let dictionary = frame?.variable(named: ".dict"),
              let dictionaryAddress = try? value(of: dictionary).pointerValue(), dictionaryAddress != 0,
              let word = try? context.memory.read(at: dictionaryAddress &+ index &* 8, count: 8),
              let typesBase = context.symbols?.address(of: "runtime.types"), let table = context.types.table
        else { return nil }
        let typeAddress = littleEndianValue(word)
        guard typeAddress >= typesBase, let real = table.goType(forRuntimeTypeOffset: typeAddress - typesBase) else { return nil }
        return .dwarf(real)
    }

    /// Where a variable is, and the location expression that said so (none for constants
    /// and static addresses).
    private func locationAndExpression(of variable: Variable, type: ValueType) -> (ValueLocation, [DwarfOperation]?) {
        if let constant = variable.constantValue {
            let isSigned: Bool
            switch context.types.shape(of: type) {
            case .integer(_, let signed, _): isSigned = signed
            case .enumeration(_, let enumeration): isSigned = enumeration.isSigned
            default: isSigned = false
            }
            return (Self.constantLocation(
                constant, size: Int(clamping: context.types.size(of: type) ?? 8), isSigned: isSigned), nil)
        }
        if let address = variable.staticAddress { return (.memory(address.value &+ bias), nil) }
        guard let location = variable.location else { return (.unavailable("optimized out"), nil) }
        let staticPC = Address((pc ?? bias) &- bias)
        guard let operations = location.operations(at: staticPC) else { return (.unavailable("optimized out"), nil) }
        var dwarfContext = DwarfEvaluationContext(
            registers: context.registers ?? RegisterValues([:]), memory: DwarfMemoryAdapter(context.memory),
            canonicalFrameAddress: cfa.map(Address.init))
        if let frameBase = frame?.frameBase?.operations(at: staticPC) {
            dwarfContext.frameBase = .expression(relocated(frameBase))
        }
        if let threadPointer {
            dwarfContext.tls = ExecutableTLS(image: symbols.image, threadPointer: threadPointer)
        }
        dwarfContext.entryValues = entryValues
        do {
            let evaluated = try DwarfExpressionEvaluator(context: dwarfContext).evaluate(relocated(operations))
            return (Self.valueLocation(evaluated), operations)
        } catch {
            return (.unavailable(error.description), operations)
        }
    }

    /// Static addresses in the expression (DW_OP_addr) moved by the load bias.
    private func relocated(_ operations: [DwarfOperation]) -> [DwarfOperation] {
        guard bias != 0 else { return operations }
        return operations.map { operation in
            var moved = operation
            if operation.opcode == 0x03 { moved.operand1 = operation.operand1 &+ bias }  // DW_OP_addr
            return moved
        }
    }

    static func valueLocation(_ evaluated: DwarfEvaluatedLocation) -> ValueLocation {
        switch evaluated {
        case .memory(let address): return .memory(address.value)
        case .register(let number): return .register(number)
        case .value(let value): return .bytes(littleEndianBytes(value, count: 8))
        case .implicitBytes(let bytes): return .bytes(bytes)
        case .unavailable: return .unavailable("optimized out")
        case .pieces(let pieces):
            var parts: [ValueLocation.Piece] = []
            for piece in pieces {
                guard let size = piece.sizeInBytes, piece.bitOffset == 0 else {
                    return .unavailable("a value split in bit pieces cannot be read yet")
                }
                let location = valueLocation(piece.location)
                if case .unavailable(let reason) = location { return .unavailable(reason) }
                parts.append(ValueLocation.Piece(location: location, size: Int(clamping: size)))
            }
            return .pieces(parts)
        }
    }

    /// DW_AT_const_value: the value's bytes, or a number stored in the type's size (a
    /// constant form's bits are signed or not as the type says).
    static func constantLocation(_ constant: DwarfAttributeValue, size: Int, isSigned: Bool) -> ValueLocation {
        switch constant {
        case .block(let bytes): return .bytes(bytes)
        case .string(let text): return .bytes(Array(text.utf8))
        default:
            let signed = constant.signedValue.map { UInt64(bitPattern: $0) }
            guard let value = isSigned ? signed ?? constant.unsignedValue : constant.unsignedValue ?? signed else {
                return .unavailable("constant in an unknown form")
            }
            return .bytes(littleEndianBytes(value, count: max(size, 1)))
        }
    }
}

extension FrameScope {
    /// A pointer to the current green thread's record (Go: a `*runtime.g`).
    func recordPointer(_ current: (name: GreenThreadRecordName, address: UInt64)) -> Value? {
        guard let typeName = current.name.typeName else {
            // The green thread's id, which the runtime gave as the record's address.
            return .constant(littleEndianBytes(current.address, count: 8), type: .builtin(language.rules.wordType), context: context,
                             name: current.name.expression)
        }
        guard let table = context.types.table, let record = table.types(named: typeName).first else { return nil }
        return .constant(
            littleEndianBytes(current.address, count: 8), type: .pointer(to: .dwarf(record), language: record.language),
            context: context, name: current.name.expression)
    }
}

import DbgProcess
import DbgSymbols

extension Target {
    /// The value a function just returned, read from where the x86-64 ABI leaves it: rax
    /// for integers and pointers, xmm0 for floating point, structs and unions by eightbyte
    /// in rax/rdx and xmm0/xmm1, or in memory at the address returned in rax.
    func returnValues(of plan: StepPlan, thread: ThreadID) -> [LoadedValue]? {
        guard let returning = plan.returning else { return nil }
        return returnValues(of: returning, thread: thread)
    }

    /// What the function whose RET instruction is at `pc` is returning (a return
    /// tracepoint: the values are where the ABI leaves them already).
    func returnValues(atReturnOf pc: UInt64, thread: ThreadID, config: LoadConfig) -> [LoadedValue]? {
        guard let loaded = images.image(containing: pc),
              let function = loaded.image.function(containing: loaded.staticAddress(pc))?.function
        else { return nil }
        return returnValues(of: (loaded.path, function.offset), thread: thread, config: config)
    }

    func returnValues(of returning: (imagePath: String, function: DIEOffset), thread: ThreadID,
                      config: LoadConfig = .default) -> [LoadedValue]? {
        guard let loaded = images.images.first(where: { $0.path == returning.imagePath }),
              let debugInfo = loaded.image.debugInfo, let types = loaded.image.typeTable
        else { return nil }
        if debugInfo.unit(containingOffset: returning.function)?.language.rules.returnConvention == .goRegisterABI {
            return goReturnValues(of: returning, in: loaded, thread: thread, config: config)
        }
        guard let typeOffset = debugInfo.returnType(ofFunctionAt: returning.function), let type = types.type(at: typeOffset)
        else { return nil }  // void
        let underlying = types.underlying(type)
        guard var registers = try? self.registers(of: thread).dwarfValues else { return nil }
        if debugInfo.unit(containingOffset: returning.function)?.language.rules.returnConvention == .swift {
            return swiftReturnValue(of: .dwarf(type), in: loaded, registers: registers, thread: thread, config: config)
        }
        let vectors = LiveFrameRegisters.vectorRegisters(of: thread, in: program, count: 2) ?? []
        if let xmm0 = vectors.first { registers.values[X86_64Register.xmm0.rawValue] = xmm0 }
        let symbols = symbols(of: loaded.image)
        var location = ValueLocation.register(X86_64Register.rax.rawValue)
        switch underlying.kind {
        case .base(let encoding):
            guard let size = types.byteSize(of: type), size <= 8 else { return nil }
            if encoding == .float { location = .register(X86_64Register.xmm0.rawValue) }
        case .pointer, .enumeration, .reference:
            break
        case .aggregate:
            // Structs and unions: in rax/rdx and xmm0/xmm1 by eightbyte, or in memory.
            let integers = [registers[.rax], registers[.rdx]].compactMap { $0 }
            switch SysVReturnLocation(types: symbols.typeSystem).location(of: .dwarf(type), integers: integers, vectors: vectors) {
            case .bytes(let bytes)?: location = .bytes(bytes)
            case .memory(let address)?: location = .memory(address)
            case nil: return nil
            }
        default:
            return nil
        }
        let context = ValueContext(
            types: symbols.typeSystem, memory: memory, registers: registers,
            symbols: ImageSymbolLookup(images: images.images.map { ($0.image, $0.bias) }), writer: nil, constants: symbols)
        let value = Value(type: .dwarf(type), location: location, context: context, name: "~r0")
        return [ValueLoader(config: config).load(value)]
    }
}

extension Target {
    /// A Swift function's result, where the Swift calling convention leaves it: unreadable
    /// where dbg cannot tell (rather than a guess).
    func swiftReturnValue(of type: ValueType, in loaded: LoadedImage, registers: RegisterValues, thread: ThreadID,
                          config: LoadConfig) -> [LoadedValue]? {
        let symbols = symbols(of: loaded.image)
        let types = symbols.typeSystem
        guard let swift = types.swift, let name = types.swiftName(of: type), !name.isVoid else { return nil }
        let vectors = LiveFrameRegisters.vectorRegisters(of: thread, in: program, count: SwiftValueLowering.maxResultVectorRegisters) ?? []
        let location: ValueLocation
        if let bytes = SwiftValueLowering.resultBytes(
            of: name, types: swift, integer: { registers[$0] }, vector: { $0 < vectors.count ? vectors[$0] : nil }) {
            location = .bytes(bytes)
        } else {
            location = .unavailable("returned where dbg cannot read it yet")
        }
        let context = ValueContext(
            types: types, memory: memory, registers: registers,
            symbols: ImageSymbolLookup(images: images.images.map { ($0.image, $0.bias) }), writer: nil, constants: symbols)
        return [ValueLoader(config: config).load(Value(type: .swift(name), location: location, context: context, name: "~r0"))]
    }

    /// A Go function's results (its `~r0`... or named result parameters), from the
    /// registers Go's ABI returns them in.
    func goReturnValues(of returning: (imagePath: String, function: DIEOffset), in loaded: LoadedImage, thread: ThreadID,
                        config: LoadConfig) -> [LoadedValue]?
    {
        guard let debugInfo = loaded.image.debugInfo,
              let unit = debugInfo.unit(containingOffset: returning.function), let detail = try? debugInfo.detail(of: unit),
              let function = detail.functions.first(where: { $0.offset == returning.function }),
              let scope = ScopeReader(debugInfo: debugInfo).frames(at: function.entry).first,
              let registers = try? self.registers(of: thread).dwarfValues
        else { return nil }
        // No results: an empty list, which Delve shows as an empty "Values returned:".
        let results = scope.parameters.filter(\.isVariableParameter)
        let floats = LiveFrameRegisters.vectorRegisters(of: thread, in: program, count: GoResultRegisters.floatRegisterCount) ?? []
        let symbols = symbols(of: loaded.image)
        let context = ValueContext(
            types: symbols.typeSystem, memory: memory, registers: registers,
            symbols: ImageSymbolLookup(images: images.images.map { ($0.image, $0.bias) }), writer: nil, constants: symbols)
        var assigner = GoResultRegisters(types: symbols.typeSystem, integers: registers, floats: floats)
        return results.map { result in
            let type = symbols.typeSystem.resolve(result.type)
            let location: ValueLocation
            if let bytes = assigner.take(type) {
                location = .bytes(bytes)
            } else {
                location = .unavailable("returned on the stack")
            }
            return ValueLoader(config: config).load(Value(type: type, location: location, context: context, name: result.name))
        }
    }
}

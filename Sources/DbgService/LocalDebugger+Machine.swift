import DbgEngine
import DbgProcess
import DbgSymbols

/// Registers, memory, disassembly, and the program-wide listings (types, globals, libraries).
/// Everything that reads the program is done by the Target, on the ptrace thread; here
/// requests are checked and the engine's answers become Delve's API shapes.
extension LocalDebugger {
    public func listRegisters(scope: API.EvalScope, includeFloatingPoint: Bool) async throws(ServiceError) -> [API.Register] {
        try stopped()
        let thread = await target.selectedThread
        let readings: [RegisterReading]
        do {
            readings = try await target.registerReadings(thread: thread, frame: scope.frame, includeFloatingPoint: includeFloatingPoint)
        } catch {
            throw ServiceError(error)
        }
        let contents = readings.map { reading -> (number: Int, content: RegisterFormat.Content) in
            switch reading.content {
            case .integer(let value): return (reading.dwarfNumber, .integer(value))
            case .bytes(let bytes): return (reading.dwarfNumber, .bytes(bytes))
            }
        }
        return RegisterFormat.registers(contents, includeFloatingPoint: includeFloatingPoint)
    }

    public func examineMemory(address: UInt64, length: Int) async throws(ServiceError) -> [UInt8] {
        try stopped()
        do { return try await target.readMemory(at: address, count: length) } catch { throw ServiceError(error) }
    }

    public func writeMemory(address: UInt64, bytes: [UInt8]) async throws(ServiceError) {
        try refuseForCoreFile()
        try stopped()
        do { try await target.writeMemory(bytes, at: address) } catch { throw ServiceError(error) }
    }

    public func disassemble(scope: API.EvalScope, start: UInt64, end: UInt64, flavor: String) async throws(ServiceError) -> [API.AsmInstruction] {
        try stopped()
        let syntax: Disassembler.Flavor
        switch flavor.lowercased() {
        case "", "gnu", "att": syntax = .att
        case "intel": syntax = .intel
        default: throw ServiceError("disassembly flavor '\(flavor)' is not supported: use gnu (AT&T) or intel", kind: .unsupported)
        }
        let thread = await target.selectedThread
        let instructions: [DisassembledInstruction]
        do {
            instructions = try await target.disassemble(start: start, end: end, flavor: syntax, thread: thread)
        } catch {
            throw ServiceError(error)
        }
        return instructions.map { instruction in
            API.AsmInstruction(
                loc: Self.apiLocation(instruction.place), destLoc: instruction.destination.map(Self.apiLocation),
                text: instruction.text, bytes: instruction.instruction.bytes, breakpoint: instruction.hasBreakpoint,
                atPC: instruction.isAtPC)
        }
    }

    static func apiLocation(_ place: DisassembledInstruction.Place) -> API.Location {
        API.Location(
            pc: place.address, file: place.source?.file ?? "", line: place.source?.line ?? 0,
            function: place.functionName.map { API.Function(name: $0, value: place.functionEntry ?? 0) })
    }

    public func listTypes(filter: String) async throws(ServiceError) -> [String] {
        _ = try Self.filterRegex(filter)
        do { return try await target.typeNames(matching: filter) } catch { throw ServiceError(error) }
    }

    public func listPackageVars(filter: String, config: API.LoadConfig) async throws(ServiceError) -> [API.Variable] {
        try stopped()
        _ = try Self.filterRegex(filter)
        let thread = await target.selectedThread
        do {
            return try await target.globalVariables(matching: filter, thread: thread, config: Self.loadConfig(config))
                .map(Self.apiVariable)
        } catch {
            throw ServiceError(error)
        }
    }

    public func listDynamicLibraries() async throws(ServiceError) -> [API.Image] {
        try stopped()
        return await target.sharedLibraries().map { API.Image(path: $0.path, address: $0.bias) }
    }
}

import DbgService

/// What the REPL needs that DebuggerClient does not offer yet. Each answers "not
/// supported yet" until the service implements it; when DebuggerClient gains a
/// requirement with the same signature, these defaults stop being used.
///
/// Shapes follow Delve's RPC methods (ListGoroutines, ListRegisters, ExamineMemory,
/// Disassemble, ListTypes, ListPackageVars, ListDynamicLibraries).
extension DebuggerClient {
    /// A page of goroutines from `start` (0 first); `next` is -1 after the last page.
    func listGoroutines(start: Int, count: Int) async throws(ServiceError) -> (goroutines: [API.Goroutine], next: Int) {
        throw ServiceError("goroutines: not supported yet")
    }

    /// The registers of the scope's thread (or of a parked goroutine), by name, values
    /// formatted as Delve's `regs` prints them.
    func listRegisters(scope: API.EvalScope, includeFloatingPoint: Bool) async throws(ServiceError) -> [PendingAPI.Register] {
        throw ServiceError("regs: not supported yet")
    }

    func examineMemory(address: UInt64, length: Int) async throws(ServiceError) -> [UInt8] {
        throw ServiceError("examinemem: not supported yet")
    }

    func disassemble(scope: API.EvalScope, start: UInt64, end: UInt64, flavor: String) async throws(ServiceError) -> [PendingAPI.Instruction] {
        throw ServiceError("disassemble: not supported yet")
    }

    func listTypes(filter: String) async throws(ServiceError) -> [String] {
        throw ServiceError("types: not supported yet")
    }

    func listPackageVars(filter: String, config: API.LoadConfig) async throws(ServiceError) -> [API.Variable] {
        throw ServiceError("vars: not supported yet")
    }

    func listDynamicLibraries() async throws(ServiceError) -> [PendingAPI.Library] {
        throw ServiceError("libraries: not supported yet")
    }
}

/// API shapes the REPL uses before DbgService has them (Delve's api.Register,
/// api.AsmInstruction, api.Image). They move to DbgService's API when it grows them.
enum PendingAPI {
    struct Register: Sendable, Hashable {
        var name: String
        var value: String
    }

    struct Instruction: Sendable, Hashable {
        var location: API.Location
        var text: String
        var bytes: [UInt8]
        var atPC: Bool
        var breakpoint: Bool
    }

    struct Library: Sendable, Hashable {
        var path: String
        var address: UInt64
        var loadError: String
    }
}

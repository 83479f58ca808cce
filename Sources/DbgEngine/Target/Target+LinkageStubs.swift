import DbgProcess
import DbgSymbols

/// A call into a shared library goes through a stub in the caller's procedure linkage
/// table (PLT), which jumps through its slot of the global offset table: to the function
/// once the slot is bound, to the dynamic loader's resolver before (lazy binding), which
/// finds the function (running its IFUNC resolver, for glibc's string functions), fills
/// the slot and jumps there. `step` follows the stub to that function, as gdb does
/// (gdb's in_solib_dynsym_resolve_code: the PLT, the loader and IFUNC resolvers are
/// stepped through, never stopped in).
extension Target {
    /// Bounds a walk through the resolver: a lazy binding with an IFUNC takes about 600
    /// instructions here; one that does not end within the bound is left to run (the step
    /// then goes over the call).
    static let linkageWalkLimit = 50_000

    /// Whether `pc` (runtime) is in a procedure linkage table of a loaded binary.
    func isInLinkageTable(_ pc: UInt64) -> Bool {
        guard let loaded = images.image(containing: pc) else { return false }
        let address = loaded.staticAddress(pc)
        return loaded.image.elf.sections.contains { section in
            Self.linkageTableSections.contains(section.name)
                && AddressRange(section.address.value, section.address.value &+ section.size).contains(address)
        }
    }

    /// `.plt` (lazy stubs and the resolver's entry), `.plt.sec` (the stubs, with IBT),
    /// `.plt.got` (stubs of eagerly bound slots).
    static let linkageTableSections: Set<String> = [".plt", ".plt.sec", ".plt.got"]

    /// `thread` is at the start of a PLT stub: single-steps it through the stub (and the
    /// resolver, on a first call) to the function the stub jumps to. True when it got
    /// there: the stack pointer is back where the stub started, outside every PLT and
    /// the dynamic loader. False when something else happened (a signal, the function
    /// returned, the bound); the step then goes on as planned, over the call.
    func followLinkageStub(thread: ThreadID) async throws(EngineError) -> Bool {
        guard let stubStackPointer = try? registers(of: thread).rsp else { return false }
        for _ in 0..<Self.linkageWalkLimit {
            fakeAddresses.forgetAll()
            let event: StopEvent
            let process = try live()
            do { event = try await process.stepInstruction(thread) } catch { throw .from(error) }
            guard case .stepped = event, let registers = try? registers(of: thread) else { return false }
            if registers.rsp > stubStackPointer { return false }
            if registers.rsp == stubStackPointer && !isInLinkageTable(registers.rip) && !isInDynamicLoader(registers.rip) {
                return true
            }
        }
        return false
    }

    private func isInDynamicLoader(_ pc: UInt64) -> Bool {
        images.image(containing: pc).map(isDynamicLoader) ?? false
    }
}

/// Breakpoint sites: one int3 per address, owning the byte it replaced.
///
/// The engine's logical breakpoints and breaklets sit above: this layer only knows
/// addresses. A hit is reported as `.breakpoint(thread:address:)` with the thread's PC
/// already moved back to the site.
extension TracedProcess {
    /// Puts an int3 at `address`. Returns false when a site is already there (one site
    /// per address: the caller counts its own reasons for it).
    @discardableResult
    public func insertBreakpoint(at address: UInt64) throws(ProcessError) -> Bool {
        try ensureStopped()
        guard !sites.contains(address) else { return false }
        let original = try readAvailableMemory(at: address, count: 1)
        guard let byte = original.first else { throw .unreadableMemory(address: address, count: 1) }
        installTrapHealerIfNeeded()
        // Recorded first: the crash rescue and the guardian must know of every int3 that
        // may be in memory.
        sites.add(address, original: byte)
        if sites.inMemory {
            do { try writeThroughProtection([BreakpointSiteTable.int3], at: address) } catch {
                sites.remove(address)
                throw error
            }
        }
        planDisplacedStep(at: address)
        return true
    }

    /// Removes the site at `address`, restoring the original byte. Returns false when
    /// there is none.
    @discardableResult
    public func removeBreakpoint(at address: UInt64) throws(ProcessError) -> Bool {
        try ensureStopped()
        guard let original = sites.original(at: address) else { return false }
        if sites.inMemory { try writeThroughProtection([original], at: address) }
        sites.remove(address)
        forgetDisplacedStep(at: address)
        return true
    }

    /// The addresses of every site, in order.
    public var breakpointAddresses: [UInt64] { sites.addresses }

    // MARK: Internals

    /// Puts the original byte back for a moment (a thread steps over the site).
    func removeInt3(at address: UInt64) throws(ProcessError) {
        guard let original = sites.original(at: address) else { return }
        try writeThroughProtection([original], at: address)
    }

    func insertInt3(at address: UInt64) throws(ProcessError) {
        try writeThroughProtection([BreakpointSiteTable.int3], at: address)
    }

    /// Every int3 out of memory, the sites kept (a vfork child shares our memory).
    func takeSitesOutOfMemory() {
        for address in sites.addresses {
            if let original = sites.original(at: address) { try? writeThroughProtection([original], at: address) }
        }
        sites.inMemory = false
    }

    /// Every int3 back in memory.
    func putSitesInMemory() {
        sites.inMemory = true  // first: a rescue must look for int3s from now on
        for address in sites.addresses { try? insertInt3(at: address) }
    }
}

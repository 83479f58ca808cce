/// The breakpoint sites of a process: one per address, each owning the original byte its
/// int3 replaced. Pure bookkeeping; ``TracedProcess`` writes the memory.
///
/// The table is what makes memory reads show the program's own bytes ("shadow" reads, as
/// gdb does): `unshadow` puts the original bytes back into anything read from memory.
struct BreakpointSiteTable {
    /// The x86 breakpoint instruction.
    static let int3: UInt8 = 0xcc

    /// Address → the byte the int3 replaced.
    private(set) var originals: [UInt64: UInt8] = [:]
    /// The same addresses, sorted, to find the sites within a range quickly.
    private(set) var addresses: [UInt64] = []
    /// False while the int3s are out of memory (during a vfork, whose child shares it).
    var inMemory = true {
        didSet { ledger?.setSitesInMemory(inMemory) }
    }
    /// The crash rescue's copy of the sites, kept in step with this table.
    var ledger: RescueLedger?
    /// The trap healer's copy in the program (an attached program; see TrapHealer), kept in
    /// step with this table.
    var healer: TrapHealerTable?

    var isEmpty: Bool { originals.isEmpty }

    func contains(_ address: UInt64) -> Bool { originals[address] != nil }

    func original(at address: UInt64) -> UInt8? { originals[address] }

    mutating func add(_ address: UInt64, original: UInt8) {
        ledger?.addSite(address, original: original)
        healer?.set(address, original: original)
        guard originals.updateValue(original, forKey: address) == nil else { return }
        addresses.insert(address, at: insertionIndex(of: address))
    }

    mutating func remove(_ address: UInt64) {
        guard originals.removeValue(forKey: address) != nil else { return }
        ledger?.removeSite(address)
        healer?.remove(address)
        addresses.remove(at: insertionIndex(of: address))
    }

    /// Every site forgotten: the program's address space is new (an exec) or the program is
    /// gone or let go; the healer's table, if any, goes with it unwritten.
    mutating func removeAll() {
        originals = [:]
        addresses = []
        inMemory = true
        ledger?.removeAllSites()
        if healer != nil { ledger?.setTrapHealer(nil) }
        healer = nil
    }

    /// The sites in `[start, start + count)`.
    func sites(in start: UInt64, count: Int) -> ArraySlice<UInt64> {
        let end = start &+ UInt64(count)
        let low = insertionIndex(of: start)
        var high = low
        while high < addresses.count && addresses[high] < end { high += 1 }
        return addresses[low..<high]
    }

    /// Replaces the int3s in `bytes`, read from `start`, by the original bytes.
    func unshadow(_ bytes: inout [UInt8], at start: UInt64) {
        guard inMemory else { return }
        for address in sites(in: start, count: bytes.count) {
            if let original = originals[address] { bytes[Int(address - start)] = original }
        }
    }

    /// Bytes about to be written at `start`: the originals of the sites they cover become
    /// the new bytes (the program's own code changed), and the int3s stay in memory.
    mutating func shadowWrite(_ bytes: inout [UInt8], at start: UInt64) {
        for address in sites(in: start, count: bytes.count) {
            let index = Int(address - start)
            originals[address] = bytes[index]
            ledger?.addSite(address, original: bytes[index])
            healer?.set(address, original: bytes[index])
            if inMemory { bytes[index] = Self.int3 }
        }
    }

    /// The first index whose address is ≥ `address` (binary search).
    private func insertionIndex(of address: UInt64) -> Int {
        var low = 0, high = addresses.count
        while low < high {
            let middle = (low + high) / 2
            if addresses[middle] < address { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

import CSys

/// The trap healer's table in the program (see trap-healer.s): one word per breakpoint site,
/// its address and the byte its int3 replaced, kept in step with `BreakpointSiteTable` and
/// written through /proc/PID/mem (the page is read+exec for the program).
///
/// Every change is one whole word written by one system call, so the table is never torn
/// whenever dbg dies: an entry is written before the count that makes it visible; a removal
/// moves the last entry into the removed one's place (for a moment it stands twice) before
/// the count drops. A site is removed after its original byte is back, so a stale entry only
/// names code without an int3.
struct TrapHealerTable {
    /// Where the healer's area is mapped in the program.
    let area: UInt64
    /// /proc/PID/mem, opened read-write by the process (not ours to close).
    let memoryFile: Int32
    /// The table's words, as written.
    private var entries: [UInt64] = []
    private var indexes: [UInt64: Int] = [:]

    init(area: UInt64, memoryFile: Int32) {
        self.area = area
        self.memoryFile = memoryFile
    }

    /// Records the site at `address` with its original byte (or changes its byte). Not
    /// recorded, so not healed: an address beyond 48 bits (not user code), a site over an
    /// int3 of the program's own (putting 0xcc back would trap forever), a full table.
    mutating func set(_ address: UInt64, original: UInt8) {
        if let index = indexes[address] {
            guard original != BreakpointSiteTable.int3 else { return remove(address) }
            entries[index] = Self.entry(address, original: original)
            write(entries[index], at: index)
            return
        }
        guard address >> 48 == 0, original != BreakpointSiteTable.int3, entries.count < TrapHealerCode.capacity else { return }
        indexes[address] = entries.count
        entries.append(Self.entry(address, original: original))
        write(entries[entries.count - 1], at: entries.count - 1)
        writeCount()
    }

    /// Forgets the site at `address` (its original byte is back in memory).
    mutating func remove(_ address: UInt64) {
        guard let index = indexes.removeValue(forKey: address) else { return }
        let last = entries.removeLast()
        if index < entries.count {
            entries[index] = last
            indexes[last & Self.addressMask] = index
            write(last, at: index)
        }
        writeCount()
    }

    private static let addressMask: UInt64 = (1 << 48) - 1

    private static func entry(_ address: UInt64, original: UInt8) -> UInt64 {
        address | UInt64(original) << 56
    }

    private func slot(_ index: Int) -> UInt64 { area + TrapHealerCode.tableOffset + 8 + UInt64(index) * 8 }

    private func write(_ word: UInt64, at index: Int) { writeWord(word, to: slot(index)) }

    private func writeCount() { writeWord(UInt64(entries.count), to: area + TrapHealerCode.tableOffset) }

    private func writeWord(_ word: UInt64, to address: UInt64) {
        var value = word.littleEndian
        _ = csys_pwrite(memoryFile, &value, 8, address)
    }
}

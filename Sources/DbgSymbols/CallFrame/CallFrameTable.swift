import CDwarf
import Synchronization

/// A binary's call frame information: which FDE covers a pc, and the row in force there.
///
/// Built once per binary from `.debug_frame` and `.eh_frame` (gcc emits `.eh_frame`, Go
/// only `.debug_frame`, some binaries both). The FDE address index is plain sorted Swift
/// arrays; rows are computed by libdwarf on demand and copied out as `CallFrameRow`s.
/// Addresses are the binary's own (unrelocated), like every `Address` in DbgSymbols.
public final class CallFrameTable: @unchecked Sendable {
    // @unchecked is safe: the only state reached through pointers is libdwarf's FDE lists
    // (`lists`), which are dereferenced only inside `handle.withSession`, under the
    // process-wide libdwarf lock, so by one thread at a time. Every stored property is a
    // `let`, set in init and never changed (`rows` is a Mutex).
    //
    // The lists are never freed by us: dwarf_finish frees them when the handle goes, and
    // `handle` keeps it alive as long as this table. Freeing them in deinit would take the
    // libdwarf lock there, a deadlock whenever the last reference drops inside any
    // withSession; and libdwarf 20210528's dwarf_fde_cie_list_dealloc reads uninitialised
    // memory (valgrind). So build one table per binary and keep it.

    public enum Section: Sendable, Hashable {
        case debugFrame, ehFrame
    }

    /// One FDE: the addresses it covers, where it is, and its CIE's return-address column.
    public struct Entry: Sendable, Hashable {
        public var range: AddressRange
        public var section: Section
        public var returnAddressRegister: Int
        /// Its CIE marks a signal trampoline (augmentation 'S').
        public var isSignalFrame = false
        /// Its index in libdwarf's FDE array for `section`.
        let index: Int
    }

    public let handle: DwarfHandle
    /// FDEs of `.debug_frame`, sorted by start address, empty ones left out.
    public let debugFrameEntries: [Entry]
    /// FDEs of `.eh_frame`, sorted by start address, empty ones left out.
    public let ehFrameEntries: [Entry]
    private let lists: [Section: FrameEntryList]
    /// Rows already computed, by the pc asked for: thousands of goroutines wait in the
    /// same few places, and a row costs a walk of the FDE's instructions in libdwarf.
    private let rows = Mutex<[Address: CallFrameRow]>([:])
    static let rowCacheLimit = 1 << 16

    public init(handle: DwarfHandle) throws(SymbolError) {
        self.handle = handle
        let path = handle.path
        var lists: [Section: FrameEntryList] = [:]
        var entries: [Section: [Entry]] = [:]
        try handle.withSession { session throws(SymbolError) in
            do {
                for section in [Section.debugFrame, .ehFrame] {
                    guard let list = try session.frameEntries(ehFrame: section == .ehFrame) else { continue }
                    lists[section] = list
                    entries[section] = try Self.index(list, section: section, session: session)
                }
            } catch {
                throw .corruptDWARF(path, reason: "call frame information: \(error)")
            }
        }
        self.lists = lists
        debugFrameEntries = entries[.debugFrame] ?? []
        ehFrameEntries = entries[.ehFrame] ?? []
    }

    /// The FDE covering `pc`: `.debug_frame`'s if it has one (it is written for debuggers),
    /// else `.eh_frame`'s.
    public func entry(containing pc: Address) -> Entry? {
        Self.find(pc, in: debugFrameEntries) ?? Self.find(pc, in: ehFrameEntries)
    }

    /// The row in force at `pc`, or nil when no FDE covers it.
    public func row(at pc: Address) throws(SymbolError) -> CallFrameRow? {
        if let known = rows.withLock({ $0[pc] }) { return known }
        guard let row = try computeRow(at: pc) else { return nil }
        rows.withLock { rows in
            if rows.count >= Self.rowCacheLimit { rows.removeAll(keepingCapacity: true) }
            rows[pc] = row
        }
        return row
    }

    private func computeRow(at pc: Address) throws(SymbolError) -> CallFrameRow? {
        guard let entry = entry(containing: pc) else { return nil }
        let lists = self.lists
        let path = handle.path
        return try handle.withSession { session throws(SymbolError) in
            guard let list = lists[entry.section], entry.index < Int(list.fdeCount), let fde = list.fdes[entry.index]
            else { throw .corruptDWARF(path, reason: "lost the FDE for \(pc)") }
            var summary = FrameEntrySummary(range: entry.range, returnAddressRegister: entry.returnAddressRegister)
            summary.isSignalFrame = entry.isSignalFrame
            do {
                return try session.frameRow(fde, at: pc, summary: summary)
            } catch {
                throw .corruptDWARF(path, reason: "call frame information at \(pc): \(error)")
            }
        }
    }

    /// Copies every FDE's range out of libdwarf, sorted by start address.
    private static func index(_ list: FrameEntryList, section: Section, session: DwarfSession)
        throws(DwarfReadError) -> [Entry]
    {
        var entries: [Entry] = []
        entries.reserveCapacity(Int(list.fdeCount))
        for index in 0..<Int(list.fdeCount) {
            guard let fde = list.fdes[index] else { continue }
            let summary = try session.frameEntrySummary(fde)
            guard !summary.range.isEmpty else { continue }
            var entry = Entry(
                range: summary.range, section: section, returnAddressRegister: summary.returnAddressRegister,
                index: index)
            entry.isSignalFrame = summary.isSignalFrame
            entries.append(entry)
        }
        entries.sort { $0.range.low < $1.range.low }
        return entries
    }

    /// Binary search: the last entry starting at or below `pc`, if it covers `pc`. FDEs do
    /// not overlap in the binaries we read (libgcc's unwinder assumes the same).
    private static func find(_ pc: Address, in entries: [Entry]) -> Entry? {
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].range.low <= pc { low = middle + 1 } else { high = middle }
        }
        guard low > 0, entries[low - 1].range.contains(pc) else { return nil }
        return entries[low - 1]
    }
}

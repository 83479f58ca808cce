/// A unit's line table as gdb keeps it: one sorted list of entries per source file, built
/// from the rows with gdb's rules (gdb's `lnp_state_machine::record_line` and
/// `buildsym_compunit::record_line`), and looked up as gdb's `find_pc_sect_line` does.
/// Where optimised code puts several rows at one address, or rows that are not statements,
/// this is what decides the line a stop shows and where a step stops.
///
/// The rules, in gdb's words where they matter:
/// - a row with line 0 is dropped; a change of file ends the previous file's run with an
///   end marker at the new row's address, which removes that file's entries at the same
///   address (unless the new row is not a statement at an address that already had one);
/// - consecutive rows of the same line of the same file are kept once only when the line
///   has had a non-zero discriminator;
/// - the entries of a file are sorted by address, stably, end markers first at an address;
/// - the line at an address is the last entry at or before it in each file, unless that
///   entry is an end marker (the nearest file wins); an entry that is not a statement gives way to an earlier statement entry
///   at the same address.
public struct StatementLineTable: Sendable {
    public struct Entry: Sendable, Hashable {
        public var address: Address
        /// 0 marks the end of a run of the file's code.
        public var line: UInt32
        public var isStatement: Bool
    }

    /// What `find_pc_sect_line` answers for an address.
    public struct Location: Sendable, Hashable {
        /// Index into the unit's `LineTable.files`.
        public var file: UInt32
        public var line: UInt32
        public var isStatement: Bool
        /// Where the entry that covers the address starts.
        public var start: Address
    }

    /// Entries of each file that has any, by the first file index with that name, in the
    /// order of those indices (the order gdb looks through a unit's files in).
    public let entriesByFile: [(file: UInt32, entries: [Entry])]

    public init(files: [String], rows: [LineRow]) {
        // gdb's subfiles are told apart by name: DWARF 5 lists the primary file twice.
        var firstIndexOfName: [String: UInt32] = [:]
        var subfileOf: [UInt32] = []
        for (index, name) in files.enumerated() {
            if firstIndexOfName[name] == nil { firstIndexOfName[name] = UInt32(index) }
            subfileOf.append(firstIndexOfName[name] ?? UInt32(index))
        }
        func subfile(_ file: UInt32) -> UInt32 { Int(file) < subfileOf.count ? subfileOf[Int(file)] : file }

        var entries: [UInt32: [Entry]] = [:]
        func record(_ file: UInt32, line: UInt32, at address: Address, isStatement: Bool) {
            if line == 0 {
                // An end marker removes the file's entries at its address; it is not kept
                // when it would end nothing.
                var lastLine: UInt32?
                while let last = entries[file]?.last {
                    lastLine = last.line
                    guard last.address == address else { break }
                    entries[file]?.removeLast()
                }
                guard let lastLine, lastLine != 0 else { return }
            }
            entries[file, default: []].append(Entry(address: address, line: line, isStatement: isStatement))
        }

        var lastFile: UInt32?
        var lastLine: UInt32 = 0
        var lastAddress = Address(0)
        var statementAtAddress = false
        for row in rows {
            let file = subfile(row.file)
            if row.isEndSequence {
                if let lastFile { record(lastFile, line: 0, at: row.address, isStatement: true) }
                // gdb reads each sequence with a fresh state machine.
                lastFile = nil
                lastLine = 0
                lastAddress = Address(0)
                statementAtAddress = false
                continue
            }
            let fileChanged = lastFile != file
            let ignored = (fileChanged && lastAddress == row.address && !row.isStatement && statementAtAddress)
                || row.line == 0
            if fileChanged && !ignored, let lastFile {
                record(lastFile, line: 0, at: row.address, isStatement: true)
            }
            if !ignored {
                if fileChanged || row.line != lastLine || !row.flags.contains(.lineHasDiscriminator) {
                    record(file, line: row.line, at: row.address, isStatement: row.isStatement)
                }
                lastFile = file
                lastLine = row.line
            }
            if lastAddress != row.address {
                statementAtAddress = false
                lastAddress = row.address
            }
            if row.isStatement { statementAtAddress = true }
        }
        for file in entries.keys {
            // Stable: the order of entries at one address is the caller/callee order of
            // inlined code. End markers go first at their address.
            entries[file] = entries[file].map { list in
                list.enumerated().sorted { a, b in
                    if a.element.address != b.element.address { return a.element.address < b.element.address }
                    if (a.element.line == 0) != (b.element.line == 0) { return a.element.line == 0 }
                    return a.offset < b.offset
                }.map(\.element)
            }
        }
        self.entriesByFile = entries.sorted { $0.key < $1.key }.map { (file: $0.key, entries: $0.value) }
    }

    /// The line gdb shows for `address` (`find_pc_line`), nil where no line covers it.
    public func location(for address: Address) -> Location? {
        var best: (file: UInt32, entries: [Entry], index: Int)?
        for (file, entries) in entriesByFile {
            var low = 0, high = entries.count
            while low < high {
                let middle = (low + high) / 2
                if entries[middle].address <= address { low = middle + 1 } else { high = middle }
            }
            // An end marker is no line: another file's entry at the address may be.
            guard low > 0, entries[low - 1].line != 0 else { continue }
            var index = low - 1
            if let current = best, entries[index].address <= current.entries[current.index].address { continue }
            // An entry that is not a statement gives way to a statement at its address.
            if !entries[index].isStatement {
                var earlier = index
                while earlier > 0, entries[earlier - 1].address == entries[earlier].address,
                      entries[earlier - 1].line != 0, !entries[earlier].isStatement {
                    earlier -= 1
                }
                if entries[earlier].isStatement { index = earlier }
            }
            best = (file, entries, index)
        }
        guard let best else { return nil }
        let entry = best.entries[best.index]
        return Location(file: best.file, line: entry.line, isStatement: entry.isStatement, start: entry.address)
    }

    /// The addresses where entries start within `range`, in order.
    public func entryAddresses(in range: AddressRange) -> [Address] {
        var addresses = Set<Address>()
        for (_, entries) in entriesByFile {
            for entry in entries where range.contains(entry.address) { addresses.insert(entry.address) }
        }
        return addresses.sorted()
    }
}

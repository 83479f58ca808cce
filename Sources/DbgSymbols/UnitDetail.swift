import CDwarf

/// What a unit holds once parsed: its entry tree and its functions (sorted by entry).
public struct UnitDetail: Sendable {
    public let tree: DIETree
    public let functions: [Function]
    public let callSites: CallSiteTable

    /// The innermost function whose ranges contain `address`.
    public func function(containing address: Address) -> Function? {
        // Nested subprograms (Swift closures, C nested functions) have narrower ranges:
        // prefer the smallest range that contains the address. Of entries with the same
        // range (glibc's assembly aliases: __memmove_* and __memcpy_* are one function),
        // the last one, as gdb's blocks of equal start sort (it names the frame by that).
        functions.filter { $0.contains(address) }.reversed().min { a, b in
            (a.ranges.first { $0.contains(address) }?.size ?? .max) < (b.ranges.first { $0.contains(address) }?.size ?? .max)
        }
    }
}

extension UnitDetail {
    /// The innermost entry with code at `address`: a function, lexical block or inlined call.
    public func innermostBlock(containing address: Address) -> DIEOffset? {
        guard let function = function(containing: address), var current = tree.index(of: function.offset) else {
            return nil
        }
        var descended = true
        while descended {
            descended = false
            var pending = tree.children(of: current)
            while let child = pending.popLast() {
                let entry = tree.entries[child]
                let tag = Int32(entry.tag)
                guard tag == DW_TAG_lexical_block || tag == DW_TAG_inlined_subroutine else { continue }
                let ranges = entry.ranges
                if ranges.isEmpty {
                    pending += tree.children(of: child)  // a block without code of its own: look inside
                } else if ranges.contains(address) {
                    current = child
                    descended = true
                    break
                }
            }
        }
        return tree.entries[current].offset
    }
}

/// Builds `Function` values from a unit's tree.
struct FunctionCollector {
    let tree: DIETree
    let unit: CompileUnit
    let files: [String]
    /// Reads an entry outside this unit (cross-unit references); nil when unreadable.
    let readForeign: (DIEOffset) -> DIEData?

    func collect() -> [Function] {
        var functions: [Function] = []
        for index in tree.entries.indices where Int32(tree.entries[index].tag) == DW_TAG_subprogram {
            let entry = tree.entries[index]
            let ranges = entry.ranges
            guard !ranges.isEmpty else { continue }  // declarations and abstract instances
            let origin = definition(of: entry)
            let linkageName = origin.string(DW_AT_linkage_name) ?? origin.string(DW_AT_MIPS_linkage_name)
                ?? entry.string(DW_AT_linkage_name)
            let rawName = entry.string(DW_AT_name) ?? origin.string(DW_AT_name)
            let name = displayName(rawName: rawName, linkageName: linkageName)
            let entryAddress: Address
            if case .address(let low)? = entry[DW_AT_low_pc] {
                entryAddress = low
            } else if case .address(let pc)? = entry[DW_AT_entry_pc] {
                entryAddress = pc
            } else {
                entryAddress = ranges.lowestAddress ?? ranges[0].low
            }
            var function = Function(
                name: name, linkageName: linkageName, offset: entry.offset, unitIndex: unit.index,
                ranges: ranges, entry: entryAddress,
                declFile: fileName(origin.unsigned(DW_AT_decl_file)),
                declLine: origin.unsigned(DW_AT_decl_line).map { UInt32(truncatingIfNeeded: $0) },
                isExternal: origin.flag(DW_AT_external),
                inlinedCalls: inlinedCalls(under: index))
            function.isTrampoline = entry[DW_AT_trampoline] != nil
            functions.append(function)
        }
        // Entries in DIE order where they are equal (`function(containing:)` relies on it).
        return functions.sorted { $0.entry != $1.entry ? $0.entry < $1.entry : $0.offset < $1.offset }
    }

    /// Where an inlined copy starts, as gdb takes it: the start of its first range as the
    /// DWARF lists them (not DW_AT_entry_pc, which gcc points at a later instruction).
    static func entry(of entry: DIEData) -> Address? {
        if case .address(let low)? = entry[DW_AT_low_pc] { return low }
        if let first = entry.ranges.first { return first.low }
        if case .address(let pc)? = entry[DW_AT_entry_pc] { return pc }
        return nil
    }

    /// Follows DW_AT_specification / DW_AT_abstract_origin to the entry that carries the name.
    private func definition(of entry: DIEData) -> DIEData {
        var current = entry
        for _ in 0..<4 {  // bounded: corrupt DWARF may loop
            guard let next = current.reference(DW_AT_abstract_origin) ?? current.reference(DW_AT_specification),
                  let target = tree[next] ?? readForeign(next)
            else { break }
            current = target
            if current.string(DW_AT_name) != nil { break }
        }
        return current
    }

    private func displayName(rawName: String?, linkageName: String?) -> String {
        if unit.language.namesFunctionsByLinkageName, let linkageName, let demangled = SwiftDemangler.displayName(linkageName) {
            return demangled
        }
        return rawName ?? linkageName ?? "<anonymous>"
    }

    private func fileName(_ number: UInt64?) -> String? {
        guard let number else { return nil }
        let base = DwarfSession.fileNumberBase(version: unit.version)
        guard number >= base, number - base < UInt64(files.count) else { return nil }
        return files[Int(number - base)]
    }

    private func inlinedCalls(under function: Int) -> [InlinedCall] {
        var calls: [InlinedCall] = []
        var stack: [(index: Int, depth: Int)] = tree.children(of: function).reversed().map { ($0, 1) }
        while let (index, depth) = stack.popLast() {
            let entry = tree.entries[index]
            let tag = Int32(entry.tag)
            var childDepth = depth
            if tag == DW_TAG_inlined_subroutine {
                let origin = definition(of: entry)
                calls.append(InlinedCall(
                    name: displayName(rawName: origin.string(DW_AT_name), linkageName: origin.string(DW_AT_linkage_name)),
                    offset: entry.offset, origin: entry.reference(DW_AT_abstract_origin), ranges: entry.ranges,
                    callFile: fileName(entry.unsigned(DW_AT_call_file)),
                    callLine: UInt32(truncatingIfNeeded: entry.unsigned(DW_AT_call_line) ?? 0),
                    callColumn: UInt32(truncatingIfNeeded: entry.unsigned(DW_AT_call_column) ?? 0),
                    depth: depth, entry: Self.entry(of: entry)))
                childDepth = depth + 1
            } else if tag == DW_TAG_subprogram {
                continue  // a nested function is a function of its own
            }
            stack.append(contentsOf: tree.children(of: index).reversed().map { ($0, childDepth) })
        }
        return calls
    }
}

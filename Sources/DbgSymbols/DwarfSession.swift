import CDwarf

/// Access to libdwarf while `DwarfHandle`'s lock is held. Never store one.
public struct DwarfSession {
    let debug: Dwarf_Debug
    /// CDwarf's description of the file (its section bytes), for checks libdwarf lacks.
    let object: OpaquePointer?

    /// Turns a failed libdwarf call into a thrown error and frees libdwarf's error record.
    func fail(_ error: Dwarf_Error?, _ what: String) -> DwarfReadError {
        guard let error else { return DwarfReadError(message: what) }
        let message = String(cString: dwarf_errmsg(error))
        dwarf_dealloc(debug, UnsafeMutableRawPointer(error), Dwarf_Unsigned(DW_DLA_ERROR))
        return DwarfReadError(message: "\(what): \(message)")
    }

    /// Discards a libdwarf error that the caller treats as "not present".
    func discard(_ error: Dwarf_Error?) {
        if let error { dwarf_dealloc(debug, UnsafeMutableRawPointer(error), Dwarf_Unsigned(DW_DLA_ERROR)) }
    }

    // MARK: Units

    /// Reads the header and root DIE of every compile unit in `.debug_info`, in order.
    func compileUnitHeaders() throws(DwarfReadError) -> [CompileUnitHeader] {
        var headers: [CompileUnitHeader] = []
        while true {
            var length: Dwarf_Unsigned = 0, typeOffset: Dwarf_Unsigned = 0, next: Dwarf_Unsigned = 0
            var version: Dwarf_Half = 0, addressSize: Dwarf_Half = 0, lengthSize: Dwarf_Half = 0
            var extensionSize: Dwarf_Half = 0, unitType: Dwarf_Half = 0
            var abbrevOffset: Dwarf_Off = 0
            var signature = Dwarf_Sig8()
            var error: Dwarf_Error?
            let status = dwarf_next_cu_header_d(
                debug, 1, &length, &version, &abbrevOffset, &addressSize, &lengthSize, &extensionSize,
                &signature, &typeOffset, &next, &unitType, &error)
            if status == DW_DLV_NO_ENTRY { break }
            guard status == DW_DLV_OK else { throw fail(error, "reading unit headers") }
            var root: Dwarf_Die?
            guard dwarf_siblingof_b(debug, nil, 1, &root, &error) == DW_DLV_OK, let root else {
                throw fail(error, "reading a unit's root entry")
            }
            defer { dwarf_dealloc_die(root) }
            let context = UnitContext(version: Int(version), addressSize: Int(addressSize), base: nil)
            let data = try readDIE(root, context: context)
            headers.append(CompileUnitHeader(version: Int(version), addressSize: Int(addressSize), root: data))
        }
        return headers
    }

    // MARK: Entries

    /// The DIE at `offset`; the caller must `dwarf_dealloc_die` it.
    func dieHandle(at offset: DIEOffset) throws(DwarfReadError) -> Dwarf_Die {
        var die: Dwarf_Die?
        var error: Dwarf_Error?
        let status = dwarf_offdie_b(debug, Dwarf_Off(offset.value), 1, &die, &error)
        guard status == DW_DLV_OK, let die else { throw fail(error, "no entry at \(offset)") }
        return die
    }

    /// Reads the DIE at `offset` and its whole subtree, in preorder.
    func readTree(at offset: DIEOffset, context: UnitContext) throws(DwarfReadError) -> DIETree {
        let root = try dieHandle(at: offset)
        defer { dwarf_dealloc_die(root) }
        var tree = DIETree()
        try appendSubtree(root, parent: nil, context: context, into: &tree)
        return tree
    }

    private func appendSubtree(
        _ die: Dwarf_Die, parent: Int?, context: UnitContext, into tree: inout DIETree
    ) throws(DwarfReadError) {
        let index = tree.append(try readDIE(die, context: context), parent: parent)
        guard tree.entries[index].hasChildren else { return }
        var error: Dwarf_Error?
        var child: Dwarf_Die?
        var status = dwarf_child(die, &child, &error)
        while status == DW_DLV_OK, let current = child {
            do {
                try appendSubtree(current, parent: index, context: context, into: &tree)
            } catch {
                dwarf_dealloc_die(current)
                throw error
            }
            let sibling: Dwarf_Die?
            do {
                sibling = try nextSibling(of: current)
            } catch {
                dwarf_dealloc_die(current)
                throw DwarfReadError(message: "walking the children of \(tree.entries[index].offset): \(error)")
            }
            dwarf_dealloc_die(current)
            child = sibling
            status = sibling == nil ? DW_DLV_NO_ENTRY : DW_DLV_OK
        }
        if status == DW_DLV_ERROR { throw fail(error, "walking the children of \(tree.entries[index].offset)") }
    }

    /// The entry after `die` among its siblings, nil after the last; the caller deallocates it.
    /// libdwarf follows DW_AT_sibling wherever it points: one that points back (or at the
    /// entry itself) would make a walk of the children loop forever, so it is an error here.
    func nextSibling(of die: Dwarf_Die) throws(DwarfReadError) -> Dwarf_Die? {
        var error: Dwarf_Error?
        var sibling: Dwarf_Die?
        let status = dwarf_siblingof_b(debug, die, 1, &sibling, &error)
        if status == DW_DLV_NO_ENTRY { return nil }
        guard status == DW_DLV_OK, let sibling else { throw fail(error, "next sibling") }
        var here: Dwarf_Off = 0, next: Dwarf_Off = 0
        guard dwarf_dieoffset(die, &here, &error) == DW_DLV_OK, dwarf_dieoffset(sibling, &next, &error) == DW_DLV_OK
        else {
            dwarf_dealloc_die(sibling)
            throw fail(error, "next sibling's offset")
        }
        guard next > here else {
            dwarf_dealloc_die(sibling)
            throw DwarfReadError(message: "the entry at \(DIEOffset(here)) has a sibling before it, at \(DIEOffset(next))")
        }
        return sibling
    }

    /// Copies one DIE and all its attributes into a `DIEData`.
    func readDIE(_ die: Dwarf_Die, context: UnitContext) throws(DwarfReadError) -> DIEData {
        var error: Dwarf_Error?
        var offset: Dwarf_Off = 0
        guard dwarf_dieoffset(die, &offset, &error) == DW_DLV_OK else { throw fail(error, "entry offset") }
        var tag: Dwarf_Half = 0
        guard dwarf_tag(die, &tag, &error) == DW_DLV_OK else { throw fail(error, "entry tag at \(offset)") }
        var childrenFlag: Dwarf_Half = 0
        _ = dwarf_die_abbrev_children_flag(die, &childrenFlag)
        let attributes = try readAttributes(die, context: context)
        return DIEData(offset: DIEOffset(offset), tag: tag, hasChildren: childrenFlag != 0, attributes: attributes)
    }
}

/// A libdwarf failure while reading one piece of DWARF; callers turn it into a `SymbolError`.
public struct DwarfReadError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// What a unit's entries need to be read: its version, address size and base address.
struct UnitContext: Sendable {
    var version: Int
    var addressSize: Int
    var base: Address?
}

/// A unit header and its root entry.
struct CompileUnitHeader: Sendable {
    var version: Int
    var addressSize: Int
    var root: DIEData
}

import CDwarf

/// The names a unit declares at its top level (and inside namespaces and modules): global
/// variables, types and functions, with their entries' offsets.
///
/// Read by walking only the top-level entries through libdwarf (children are skipped, never
/// copied), so that looking up a global or listing types does not parse every unit's tree.
struct UnitNames: Sendable {
    struct TypeName: Sendable {
        var offset: DIEOffset
        var tag: UInt16
        /// DW_AT_declaration: a forward declaration (`struct Handle;`), not a definition.
        var isDeclaration = false
    }

    /// DW_TAG_variable and DW_TAG_constant entries (definitions and declarations).
    var variables: [String: [DIEOffset]] = [:]
    /// DW_TAG_constant entries with a type and a number (Go's `const`), in the unit's order.
    var constants: [NamedConstant] = []
    var types: [String: [TypeName]] = [:]
    var functions: [String: [DIEOffset]] = [:]
    /// C's enumerators (`BLUE` of `enum color { ..., BLUE }`, anonymous enums' too): the
    /// enumeration type that declares each, in the unit's order.
    var enumerators: [String: [DIEOffset]] = [:]
}

/// A named constant of a unit (Go's `const Name Type = value`): its name as the DWARF
/// writes it (`go/printer.TabIndent`), its type, its value.
public struct NamedConstant: Sendable, Hashable {
    public var name: String
    public var type: DIEOffset
    public var value: Int64
}

extension DwarfSession {
    /// Walks the top-level entries of the unit whose root is at `unit`.
    func unitNames(unit: DIEOffset, language: SourceLanguage, context: UnitContext) throws(DwarfReadError) -> UnitNames {
        let root = try dieHandle(at: unit)
        defer { dwarf_dealloc_die(root) }
        var names = UnitNames()
        // Namespaces nest: bounded so that corrupt DWARF cannot recurse without end.
        try collectNames(under: root, prefixes: [], language: language, context: context, depth: 0, into: &names)
        return names
    }

    private func collectNames(
        under parent: Dwarf_Die, prefixes: [String], language: SourceLanguage, context: UnitContext, depth: Int,
        into names: inout UnitNames
    ) throws(DwarfReadError) {
        guard depth < 8 else { return }
        var error: Dwarf_Error?
        var child: Dwarf_Die?
        var status = dwarf_child(parent, &child, &error)
        while status == DW_DLV_OK, let current = child {
            defer { dwarf_dealloc_die(current) }
            var tag: Dwarf_Half = 0
            if dwarf_tag(current, &tag, &error) == DW_DLV_OK {
                try record(current, tag: tag, prefixes: prefixes, language: language, context: context, depth: depth,
                           into: &names)
            } else {
                discard(error)
                error = nil
            }
            do {
                child = try nextSibling(of: current)
                status = child == nil ? DW_DLV_NO_ENTRY : DW_DLV_OK
            } catch {
                return  // a sibling link that points back: keep the names read so far
            }
        }
        if status == DW_DLV_ERROR { discard(error) }  // keep what was read: names are a best effort
    }

    private func record(
        _ die: Dwarf_Die, tag: Dwarf_Half, prefixes: [String], language: SourceLanguage, context: UnitContext,
        depth: Int, into names: inout UnitNames
    ) throws(DwarfReadError) {
        var error: Dwarf_Error?
        var offset: Dwarf_Off = 0
        guard dwarf_dieoffset(die, &offset, &error) == DW_DLV_OK else {
            discard(error)
            return
        }
        let dieOffset = DIEOffset(offset)
        let code = Int32(tag)
        let name = dieName(die)
        switch code {
        case DW_TAG_variable, DW_TAG_constant:
            // A definition that completes an earlier declaration may carry no name of its own.
            guard let variableName = name ?? specificationName(die, context: context) else { return }
            for key in qualifiedNames(variableName, prefixes: prefixes, language: language) {
                names.variables[key, default: []].append(dieOffset)
            }
            if code == DW_TAG_constant, let data = try? readDIE(die, context: context), let type = data.reference(DW_AT_type),
               let value = data[DW_AT_const_value]?.signedValue {
                names.constants.append(NamedConstant(name: variableName, type: type, value: value))
            }
        case DW_TAG_subprogram:
            guard let name else { return }
            for key in qualifiedNames(name, prefixes: prefixes, language: language) { names.functions[key, default: []].append(dieOffset) }
        case DW_TAG_namespace, DW_TAG_module:
            let separator = language.namespaceSeparator
            let nested = name.map { name in [name] + prefixes.map { $0 + separator + name } } ?? prefixes
            try collectNames(under: die, prefixes: nested, language: language, context: context, depth: depth + 1,
                             into: &names)
        case DW_TAG_base_type, DW_TAG_structure_type, DW_TAG_class_type, DW_TAG_union_type,
             DW_TAG_enumeration_type, DW_TAG_typedef, DW_TAG_pointer_type, DW_TAG_array_type,
             DW_TAG_subroutine_type, DW_TAG_unspecified_type:
            if code == DW_TAG_enumeration_type, language.namesEnumeratorsAtUnitLevel {
                collectEnumerators(of: die, type: dieOffset, into: &names)
            }
            guard let name else { return }
            let entry = UnitNames.TypeName(offset: dieOffset, tag: tag, isDeclaration: hasDeclarationFlag(die))
            for key in qualifiedNames(name, prefixes: prefixes, language: language) {
                names.types[key, default: []].append(entry)
            }
        default:
            break
        }
    }

    /// The enumerators of the enumeration type `die` (bounded: a corrupt list ends there).
    private func collectEnumerators(of die: Dwarf_Die, type: DIEOffset, into names: inout UnitNames) {
        var error: Dwarf_Error?
        var child: Dwarf_Die?
        var status = dwarf_child(die, &child, &error)
        var count = 0
        while status == DW_DLV_OK, let current = child, count < 1 << 16 {
            defer { dwarf_dealloc_die(current) }
            count += 1
            var tag: Dwarf_Half = 0
            if dwarf_tag(current, &tag, &error) == DW_DLV_OK, Int32(tag) == DW_TAG_enumerator, let name = dieName(current) {
                names.enumerators[name, default: []].append(type)
            }
            do {
                child = try nextSibling(of: current)
                status = child == nil ? DW_DLV_NO_ENTRY : DW_DLV_OK
            } catch {
                return
            }
        }
        if status == DW_DLV_ERROR { discard(error) }
    }

    /// `name`, and `ns::name` (`Module.name` in Swift) for each enclosing namespace.
    private func qualifiedNames(_ name: String, prefixes: [String], language: SourceLanguage) -> [String] {
        [name] + prefixes.map { $0 + language.namespaceSeparator + name }
    }

    private func hasDeclarationFlag(_ die: Dwarf_Die) -> Bool {
        var error: Dwarf_Error?
        var present: Dwarf_Bool = 0
        let status = dwarf_hasattr(die, Dwarf_Half(DW_AT_declaration), &present, &error)
        if status == DW_DLV_ERROR { discard(error) }
        return status == DW_DLV_OK && present != 0
    }

    private func dieName(_ die: Dwarf_Die) -> String? {
        var error: Dwarf_Error?
        var name: UnsafeMutablePointer<CChar>?
        let status = dwarf_diename(die, &name, &error)
        if status == DW_DLV_ERROR { discard(error) }
        guard status == DW_DLV_OK, let name else { return nil }
        return String(cString: name)
    }

    /// The name of the declaration a nameless definition completes (DW_AT_specification).
    private func specificationName(_ die: Dwarf_Die, context: UnitContext) -> String? {
        guard let data = try? readDIE(die, context: context),
              let target = data.reference(DW_AT_specification) ?? data.reference(DW_AT_abstract_origin),
              let targetDie = try? dieHandle(at: target)
        else { return nil }
        defer { dwarf_dealloc_die(targetDie) }
        return dieName(targetDie)
    }
}

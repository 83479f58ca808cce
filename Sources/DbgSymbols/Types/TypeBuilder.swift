import CDwarf

/// Turns one type entry (and its children: members, enumerators, subranges, parameters) into
/// a `DwarfType`. Reads other entries only to learn sizes and encodings, through bounded chains.
struct TypeBuilder {
    let debugInfo: DebugInfo
    let tree: DIETree
    let language: SourceLanguage
    let addressSize: UInt64

    func build(_ entry: DIEData) -> DwarfType {
        var type = DwarfType(
            offset: entry.offset, name: entry.string(DW_AT_name), byteSize: entry.unsigned(DW_AT_byte_size),
            kind: .unspecified, language: language, isDeclaration: entry.flag(DW_AT_declaration),
            go: goAttributes(entry))
        if language.qualifiesTypesByNamespace, let name = type.name { type.qualifiedName = qualifiedName(name, of: entry) }
        if language.namesTypesByMangledName {
            // A bound generic type's entry is named by its mangled name alone.
            type.swiftMangledName = entry.string(DW_AT_linkage_name) ?? type.name.flatMap { $0.hasPrefix("$s") ? $0 : nil }
        }
        let target = entry.reference(DW_AT_type)
        switch Int32(entry.tag) {
        case DW_TAG_base_type:
            type.kind = .base(DwarfType.BaseEncoding(dwarfCode: entry.unsigned(DW_AT_encoding)))
        case DW_TAG_pointer_type:
            type.kind = .pointer(to: target)
        case DW_TAG_reference_type:
            type.kind = .reference(to: target, isRValue: false)
        case DW_TAG_rvalue_reference_type:
            type.kind = .reference(to: target, isRValue: true)
        case DW_TAG_ptr_to_member_type:
            type.kind = .pointerToMember(to: target, containing: entry.reference(DW_AT_containing_type))
        case DW_TAG_const_type:
            type.kind = .qualified(.const, target)
        case DW_TAG_volatile_type:
            type.kind = .qualified(.volatile, target)
        case DW_TAG_restrict_type:
            type.kind = .qualified(.restrict, target)
        case DW_TAG_atomic_type:
            type.kind = .qualified(.atomic, target)
        case DW_TAG_typedef:
            type.kind = .typedef(to: target)
        case DW_TAG_structure_type:
            type.kind = .aggregate(aggregate(entry, kind: .structure))
        case DW_TAG_class_type:
            type.kind = .aggregate(aggregate(entry, kind: .class))
        case DW_TAG_union_type:
            type.kind = .aggregate(aggregate(entry, kind: .union))
        case DW_TAG_array_type:
            type.kind = .array(array(entry))
        case DW_TAG_enumeration_type:
            type.kind = .enumeration(enumeration(entry))
        case DW_TAG_subroutine_type:
            type.kind = .subroutine(signature(entry))
        case DW_TAG_unspecified_type:
            type.kind = .unspecified
        default:
            type.kind = .unknown("the entry at \(entry.offset) is not a type (tag 0x\(String(entry.tag, radix: 16)))")
        }
        return type
    }

    /// `name` prefixed with the namespaces and classes around `entry` (C++).
    private func qualifiedName(_ name: String, of entry: DIEData) -> String {
        var parts = [name]
        var current = tree.index(of: entry.offset).flatMap { tree.parent(of: $0) }
        while let index = current, parts.count < 32 {
            let scope = tree.entries[index]
            switch Int32(scope.tag) {
            case DW_TAG_namespace:
                parts.append(scope.string(DW_AT_name) ?? "(anonymous namespace)")
            case DW_TAG_structure_type, DW_TAG_class_type, DW_TAG_union_type, DW_TAG_enumeration_type:
                guard let scopeName = scope.string(DW_AT_name) else { return parts.reversed().joined(separator: "::") }
                parts.append(scopeName)
            default:
                return parts.reversed().joined(separator: "::")
            }
            current = tree.parent(of: index)
        }
        return parts.reversed().joined(separator: "::")
    }

    private func children(of entry: DIEData) -> [DIEData] {
        guard entry.hasChildren, let index = tree.index(of: entry.offset) else { return [] }
        return tree.children(of: index).map { tree.entries[$0] }
    }

    // MARK: Go

    private func goAttributes(_ entry: DIEData) -> DwarfType.GoAttributes? {
        let kindValue = entry.unsigned(GoAttribute.kind)
        let key = entry.reference(GoAttribute.key)
        let element = entry.reference(GoAttribute.element)
        let runtimeType = entry.unsigned(GoAttribute.runtimeType)
        let dictionaryIndex = entry.unsigned(GoAttribute.dictionaryIndex)
        guard kindValue != nil || key != nil || element != nil || runtimeType != nil || dictionaryIndex != nil else { return nil }
        let kind = kindValue.flatMap { $0 <= UInt64(UInt8.max) ? DwarfType.GoKind(rawValue: UInt8($0)) : nil }
        return DwarfType.GoAttributes(
            kind: kind, key: key, element: element, runtimeType: runtimeType == 0 ? nil : runtimeType,
            dictionaryIndex: dictionaryIndex)
    }

    // MARK: Aggregates

    private func aggregate(_ entry: DIEData, kind: DwarfType.AggregateKind) -> DwarfType.Aggregate {
        var members: [DwarfType.Member] = []
        var bases: [DwarfType.Inheritance] = []
        for child in children(of: entry) {
            switch Int32(child.tag) {
            case DW_TAG_member:
                // C++ static data members (DWARF 4) are declarations with no place in the object.
                if child.flag(DW_AT_declaration) || (child.flag(DW_AT_external) && child[DW_AT_data_member_location] == nil) {
                    continue
                }
                members.append(member(child))
            case DW_TAG_inheritance:
                let (offset, expression) = memberLocation(child)
                bases.append(DwarfType.Inheritance(
                    type: child.reference(DW_AT_type), byteOffset: offset, offsetExpression: expression,
                    isVirtual: (child.unsigned(DW_AT_virtuality) ?? 0) != 0))
            default:
                break  // methods, static members (DWARF 5 DW_TAG_variable), nested types, template parameters
            }
        }
        return DwarfType.Aggregate(kind: kind, members: members, bases: bases)
    }

    private func member(_ entry: DIEData) -> DwarfType.Member {
        var (byteOffset, expression) = memberLocation(entry)
        if entry[DW_AT_data_member_location] == nil && entry[DW_AT_data_bit_offset] == nil {
            byteOffset = 0  // union members, and struct members at 0 that a producer left bare
        }
        var bitField: DwarfType.BitField?
        if let bitSize = entry.unsigned(DW_AT_bit_size) {
            let bitOffset = bitFieldOffset(entry, bitSize: bitSize, byteOffset: byteOffset ?? 0)
            bitField = DwarfType.BitField(bitOffset: bitOffset, bitSize: bitSize)
            byteOffset = bitOffset / 8
            expression = nil
        }
        let embedded = (entry.unsigned(GoAttribute.embeddedField) ?? 0) != 0 || entry.flag(GoAttribute.embeddedField)
        return DwarfType.Member(
            name: entry.string(DW_AT_name), type: entry.reference(DW_AT_type),
            byteOffset: byteOffset, offsetExpression: expression,
            bitField: bitField, isEmbedded: embedded, isArtificial: entry.flag(DW_AT_artificial))
    }

    /// DW_AT_data_member_location: a constant (DWARF 3+), or an expression (DWARF 2) that is
    /// usually `DW_OP_plus_uconst N` and is then reduced to N.
    private func memberLocation(_ entry: DIEData) -> (offset: UInt64?, expression: [DwarfOperation]?) {
        switch entry[DW_AT_data_member_location] {
        case nil:
            return (nil, nil)
        case .location(.expression(let operations))?:
            if let constant = Self.constantOffset(operations) { return (constant, nil) }
            return (nil, operations)
        case .block?:
            return (nil, nil)  // an undecoded expression: the offset is unknown
        case .some(let value):
            return (value.unsignedValue, nil)
        }
    }

    static func constantOffset(_ operations: [DwarfOperation]) -> UInt64? {
        switch operations.count {
        case 0:
            return 0
        case 1 where operations[0].opcode == UInt8(DW_OP_plus_uconst):
            return operations[0].operand1
        case 2 where operations[1].opcode == UInt8(DW_OP_plus):
            let opcode = operations[0].opcode
            if opcode == UInt8(DW_OP_constu) || (opcode >= UInt8(DW_OP_const1u) && opcode <= UInt8(DW_OP_const8s)) {
                return operations[0].operand1
            }
            if opcode >= UInt8(DW_OP_lit0) && opcode <= UInt8(DW_OP_lit0) + 31 {
                return UInt64(opcode - UInt8(DW_OP_lit0))
            }
            return nil
        default:
            return nil
        }
    }

    /// A bit-field's first bit from the start of the aggregate. DWARF 4+ gives it directly
    /// (DW_AT_data_bit_offset); DWARF 2-3 (and gcc's DWARF 4) count DW_AT_bit_offset from the
    /// most significant bit of a storage unit of DW_AT_byte_size bytes at the member location.
    private func bitFieldOffset(_ entry: DIEData, bitSize: UInt64, byteOffset: UInt64) -> UInt64 {
        if let dataBitOffset = entry.unsigned(DW_AT_data_bit_offset) { return dataBitOffset }
        guard let bigEndianOffset = entry[DW_AT_bit_offset]?.signedValue else { return byteOffset * 8 }
        guard let storageBytes = entry.unsigned(DW_AT_byte_size) ?? rawByteSize(entry.reference(DW_AT_type)) else {
            return byteOffset * 8
        }
        let result = Int64(truncatingIfNeeded: byteOffset) * 8 + Int64(truncatingIfNeeded: storageBytes) * 8
            - bigEndianOffset - Int64(truncatingIfNeeded: bitSize)
        return result >= 0 ? UInt64(result) : byteOffset * 8
    }

    /// DW_AT_byte_size of a type entry, through typedefs and qualifiers, without resolving
    /// types (a struct cannot reach itself this way).
    private func rawByteSize(_ offset: DIEOffset?) -> UInt64? {
        var current = offset
        for _ in 0..<TypeTable.chainLimit {
            guard let offset = current, let entry = debugInfo.entry(at: offset)?.entry else { return nil }
            if let size = entry.unsigned(DW_AT_byte_size) { return size }
            switch Int32(entry.tag) {
            case DW_TAG_typedef, DW_TAG_const_type, DW_TAG_volatile_type, DW_TAG_restrict_type, DW_TAG_atomic_type,
                 DW_TAG_enumeration_type:
                current = entry.reference(DW_AT_type)
            case DW_TAG_pointer_type, DW_TAG_reference_type, DW_TAG_rvalue_reference_type:
                return addressSize
            default:
                return nil
            }
        }
        return nil
    }

    /// DW_AT_encoding of a base type entry, through typedefs and qualifiers.
    private func rawEncoding(_ offset: DIEOffset?) -> DwarfType.BaseEncoding? {
        var current = offset
        for _ in 0..<TypeTable.chainLimit {
            guard let offset = current, let entry = debugInfo.entry(at: offset)?.entry else { return nil }
            if let encoding = entry.unsigned(DW_AT_encoding) { return DwarfType.BaseEncoding(dwarfCode: encoding) }
            current = entry.reference(DW_AT_type)
        }
        return nil
    }

    // MARK: Arrays

    private func array(_ entry: DIEData) -> DwarfType.ArrayShape {
        var dimensions: [DwarfType.ArrayDimension] = []
        for child in children(of: entry) where Int32(child.tag) == DW_TAG_subrange_type {
            dimensions.append(dimension(child))
        }
        return DwarfType.ArrayShape(
            element: entry.reference(DW_AT_type), dimensions: dimensions, isVector: entry.flag(DW_AT_GNU_vector))
    }

    private func dimension(_ entry: DIEData) -> DwarfType.ArrayDimension {
        let lower = Self.constant(entry[DW_AT_lower_bound]) ?? 0
        if let countValue = entry[DW_AT_count] {
            if let count = Self.constant(countValue) { return .init(lowerBound: lower, count: UInt64(max(count, 0))) }
            return .init(lowerBound: lower, count: nil, dynamicBound: countValue)
        }
        if let upperValue = entry[DW_AT_upper_bound] {
            guard let upper = Self.constant(upperValue) else {
                return .init(lowerBound: lower, count: nil, dynamicBound: upperValue)
            }
            // `int x[0]` has upper bound -1: no elements.
            return .init(lowerBound: lower, count: upper < lower ? 0 : UInt64(upper - lower) + 1)
        }
        return .init(lowerBound: lower, count: nil)  // a flexible array member: `int x[]`
    }

    /// A bound as a number. A form full of ones (`0xffffffff` in data4) is -1, as older gcc
    /// writes for an empty array; other unsigned constants are taken as they are.
    private static func constant(_ value: DwarfAttributeValue?) -> Int64? {
        switch value {
        case .signed(let number)?:
            return number
        case .unsigned(let number, let size)?:
            if size > 0 && size < 8 && number == (UInt64(1) << UInt64(size * 8)) - 1 { return -1 }
            return Int64(bitPattern: number)
        default:
            return nil
        }
    }

    // MARK: Enumerations

    private func enumeration(_ entry: DIEData) -> DwarfType.Enumeration {
        var enumerators: [DwarfType.Enumerator] = []
        var anyNegative = false
        for child in children(of: entry) where Int32(child.tag) == DW_TAG_enumerator {
            // gcc writes negative values as sdata and others as dataN, zero-extended (as gdb reads them).
            let value: Int64
            switch child[DW_AT_const_value] {
            case .signed(let number)?:
                value = number
                anyNegative = anyNegative || number < 0
            case .unsigned(let number, _)?:
                value = Int64(bitPattern: number)
            case .block(let bytes)?:
                value = Int64(bitPattern: bytes.prefix(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
            default:
                value = 0
            }
            enumerators.append(DwarfType.Enumerator(name: child.string(DW_AT_name) ?? "", value: value))
        }
        let underlying = entry.reference(DW_AT_type)
        let encoding = entry.unsigned(DW_AT_encoding).map { DwarfType.BaseEncoding(dwarfCode: $0) }
            ?? rawEncoding(underlying)
        return DwarfType.Enumeration(
            underlying: underlying, isSigned: encoding?.isSigned ?? anyNegative, enumerators: enumerators,
            isScoped: entry.flag(DW_AT_enum_class))
    }

    // MARK: Subroutine types

    private func signature(_ entry: DIEData) -> DwarfType.Signature {
        var parameters: [DIEOffset?] = []
        var isVariadic = false
        for child in children(of: entry) {
            switch Int32(child.tag) {
            case DW_TAG_formal_parameter: parameters.append(child.reference(DW_AT_type))
            case DW_TAG_unspecified_parameters: isVariadic = true
            default: break
            }
        }
        return DwarfType.Signature(
            returnType: entry.reference(DW_AT_type), parameters: parameters, isVariadic: isVariadic,
            isPrototyped: entry.flag(DW_AT_prototyped))
    }
}

/// Go's own DWARF attribute codes (see FIELD-NOTES.md).
enum GoAttribute {
    static let kind: Int32 = 0x2900
    static let key: Int32 = 0x2901
    static let element: Int32 = 0x2902
    static let embeddedField: Int32 = 0x2903
    static let runtimeType: Int32 = 0x2904
    static let dictionaryIndex: Int32 = 0x2906
}

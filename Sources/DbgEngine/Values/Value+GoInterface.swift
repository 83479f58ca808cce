import DbgSymbols

/// Go interfaces: a type word (the `runtime._type`, or for non-empty interfaces the `itab`
/// holding it) and a data word, which is the value itself for pointer-shaped types and a
/// pointer to the value otherwise.
extension Value {
    /// An interface's dynamic value; nil for a nil interface.
    struct GoDynamicValue {
        var value: Value
        /// The value lives in the data word (pointer-shaped types) rather than behind it.
        var isDirect: Bool
        var dataWord: UInt64
        /// Where the data word is: in memory, or Delve's fake address for an interface held
        /// in registers; nil for an interface that has neither (a computed one).
        var dataWordAddress: UInt64?
    }

    /// `runtime._type.kind`'s flag for types stored directly in the data word.
    static let goKindDirectInterface: UInt8 = 1 << 5

    func goDynamicValue() throws(ValueError) -> GoDynamicValue? {
        guard let data = member(named: "data") else { throw ValueError.unsupported("interface without a data word") }
        let dataWord = try data.pointerValue()
        let typeAddress = try goDynamicTypeAddress()
        guard typeAddress != 0 else { return nil }
        // DW_AT_go_runtime_type is an offset into the runtime's type data.
        let typesBase = context.symbols?.address(of: "runtime.types") ?? 0
        // A type word outside the runtime's type data is garbage (an interface not yet set).
        if let typesEnd = context.symbols?.address(of: "runtime.etypes"), typeAddress >= typesEnd {
            throw ValueError.unsupported("invalid type word 0x\(String(typeAddress, radix: 16))")
        }
        guard let table = types.table, typeAddress >= typesBase,
              let dynamic = table.goType(forRuntimeTypeOffset: typeAddress - typesBase)
        else { throw ValueError.unsupported("unknown dynamic type (runtime type at 0x\(String(typeAddress, radix: 16)))") }
        let dynamicType = ValueType.dwarf(dynamic)
        let isDirect = goIsDirect(typeAddress: typeAddress, dynamicType: dynamicType)
        let location: ValueLocation = isDirect ? .bytes(littleEndianBytes(dataWord, count: 8)) : .memory(dataWord)
        return GoDynamicValue(
            value: Value(type: dynamicType, location: location, context: context, name: name), isDirect: isDirect,
            dataWord: dataWord, dataWordAddress: data.address ?? data.fakeAddress)
    }

    /// The address of the dynamic type's `runtime._type`: `_type` of an empty interface,
    /// `tab._type` of one with methods (0 for nil).
    private func goDynamicTypeAddress() throws(ValueError) -> UInt64 {
        if let typeWord = member(named: "_type") { return try typeWord.pointerValue() }
        guard let tab = member(named: "tab") else { throw ValueError.unsupported("interface without a type word") }
        let itab = try tab.pointerValue()
        guard itab != 0 else { return 0 }
        let offset = goRuntimeFieldOffset(type: "runtime.itab", field: "_type") ?? 8
        do {
            return littleEndianValue(try context.memory.read(at: itab &+ offset, count: 8))
        } catch {
            throw ValueError.unreadableMemory(address: itab &+ offset, count: 8)
        }
    }

    /// Whether the data word holds the value (pointers, maps, channels, funcs, and
    /// structs or arrays of one such): the runtime type's kind says so; its DWARF shape is
    /// the fallback.
    private func goIsDirect(typeAddress: UInt64, dynamicType: ValueType) -> Bool {
        if let offset = goRuntimeFieldOffset(type: "runtime._type", field: "kind"),
           let kind = try? context.memory.read(at: typeAddress &+ offset, count: 1).first {
            return kind & Self.goKindDirectInterface != 0
        }
        switch types.shape(of: dynamicType) {
        case .pointer, .goMap, .goChannel, .goFunction: return true
        default: return false
        }
    }

    private func goRuntimeFieldOffset(type name: String, field: String) -> UInt64? {
        guard let table = types.table, let type = table.types(named: name).first else { return nil }
        return table.findMember(named: field, in: type)?.byteOffset
    }
}

import DbgSymbols

/// Go interfaces: a type word (the `runtime._type`, or for non-empty interfaces the `itab`
/// holding it) and a data word, which is the value itself for pointer-shaped types and a
/// pointer to the value otherwise.
extension ValueLoader {
    /// `runtime._type.kind`'s flag for types stored directly in the data word.
    static let goKindDirectInterface: UInt8 = 1 << 5

    func loadGoInterface(_ value: Value, level: Int, depth: Int, into loaded: inout LoadedValue) {
        loaded.kind = .interface
        let types = value.types
        do throws(ValueError) {
            guard let data = value.member(named: "data") else { throw ValueError.unsupported("interface without a data word") }
            let dataWord = try data.pointerValue()
            let typeAddress = try dynamicTypeAddress(of: value)
            loaded.base = dataWord
            guard typeAddress != 0 else {
                // nil interface: one child of no kind, as Delve has it.
                loaded.children = [LoadedValue(address: 0, type: "")]
                return
            }
            // DW_AT_go_runtime_type is an offset into the runtime's type data.
            let typesBase = value.context.symbols?.address(of: "runtime.types") ?? 0
            guard let table = types.table, typeAddress >= typesBase,
                  let dynamic = table.goType(forRuntimeTypeOffset: typeAddress - typesBase)
            else {
                throw ValueError.unsupported("unknown dynamic type (runtime type at 0x\(String(typeAddress, radix: 16)))")
            }
            let dynamicType = ValueType.dwarf(dynamic)
            let isDirect = isDirect(typeAddress: typeAddress, dynamicType: dynamicType, value: value)
            let location: ValueLocation = isDirect ? .bytes(littleEndianBytes(dataWord, count: 8)) : .memory(dataWord)
            let dynamicValue = Value(type: dynamicType, location: location, context: value.context, name: "")
            var child = load(dynamicValue, level: level, depth: depth + 1)
            child.name = ""
            // A value held in the data word has no address of its own; Delve gives it the
            // word's value (the pointee's address), which is what its printer shows.
            if isDirect { child.address = dataWord }
            loaded.children = [child]
            loaded.length = 1
        } catch {
            loaded.unreadable = error.description
        }
    }

    /// The address of the dynamic type's `runtime._type`: `_type` of an empty interface,
    /// `tab._type` of one with methods (0 for nil).
    private func dynamicTypeAddress(of value: Value) throws(ValueError) -> UInt64 {
        if let typeWord = value.member(named: "_type") { return try typeWord.pointerValue() }
        guard let tab = value.member(named: "tab") else { throw ValueError.unsupported("interface without a type word") }
        let itab = try tab.pointerValue()
        guard itab != 0 else { return 0 }
        let offset = goRuntimeFieldOffset(type: "runtime.itab", field: "_type", types: value.types) ?? 8
        do {
            return littleEndianValue(try value.context.memory.read(at: itab &+ offset, count: 8))
        } catch {
            throw ValueError.unreadableMemory(address: itab &+ offset, count: 8)
        }
    }

    /// Whether the data word holds the value (pointers, maps, channels, funcs, and
    /// structs or arrays of one such): the runtime type's kind says so; its DWARF shape is
    /// the fallback.
    private func isDirect(typeAddress: UInt64, dynamicType: ValueType, value: Value) -> Bool {
        if let offset = goRuntimeFieldOffset(type: "runtime._type", field: "kind", types: value.types),
           let kind = try? value.context.memory.read(at: typeAddress &+ offset, count: 1).first {
            return kind & Self.goKindDirectInterface != 0
        }
        switch value.types.shape(of: dynamicType) {
        case .pointer, .goMap, .goChannel, .goFunction: return true
        default: return false
        }
    }

    private func goRuntimeFieldOffset(type name: String, field: String, types: TypeSystem) -> UInt64? {
        guard let table = types.table, let type = table.types(named: name).first else { return nil }
        return table.findMember(named: field, in: type)?.byteOffset
    }
}

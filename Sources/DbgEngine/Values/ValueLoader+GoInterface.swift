import DbgSymbols

/// Go interfaces: one child, the dynamic value (Delve's layout; a child of no kind for nil).
extension ValueLoader {
    func loadGoInterface(_ value: Value, level: Int, depth: Int, into loaded: inout LoadedValue) {
        loaded.kind = .interface
        do throws(ValueError) {
            guard let dynamic = try value.goDynamicValue() else {
                loaded.children = [LoadedValue(address: 0, type: "")]
                return
            }
            loaded.base = dynamic.dataWord
            guard level <= config.maxVariableRecurse else {
                loaded.children = [unloadedData(of: dynamic, types: value.types)]
                loaded.length = 1
                return
            }
            var child = load(dynamic.value, level: level, depth: depth + 1)
            child.name = ""
            // A value held in the data word (a pointer) is the data word: Delve gives it the
            // word's address, which its printer shows for a pointer in short form. An
            // interface without an address (computed) keeps the pointee's.
            if dynamic.isDirect { child.address = dynamic.dataWordAddress ?? dynamic.dataWord }
            loaded.children = [child]
            loaded.length = 1
        } catch {
            loaded.unreadable = error.description
        }
    }

    /// The dynamic value of an interface nested deeper than `maxVariableRecurse`: its type
    /// and where it is, not loaded (Delve prints `...` for a pointer, `*(*T)(0x...)` else).
    private func unloadedData(of dynamic: Value.GoDynamicValue, types: TypeSystem) -> LoadedValue {
        let type = dynamic.value.type
        return LoadedValue(
            address: dynamic.isDirect ? dynamic.dataWordAddress ?? dynamic.dataWord : dynamic.dataWord, onlyAddress: true,
            type: types.name(of: type), realType: types.name(of: types.underlying(type)), kind: kind(of: type, types: types))
    }
}

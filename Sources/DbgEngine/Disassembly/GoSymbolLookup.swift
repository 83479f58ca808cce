import DbgSymbols

/// The names Delve gives addresses in a disassembly (its symLookup): a function's name only
/// at its entry (inside a function, nothing: the address reads better), else the package
/// variable at or before the address, with the offset into it.
struct GoSymbolLookup {
    let images: ImageMap

    func symbol(at address: UInt64) -> (name: String, base: UInt64)? {
        let holder = images.image(containing: address)
        if let holder, let function = holder.image.debugInfo?.function(containing: holder.staticAddress(address)) {
            let entry = holder.runtimeAddress(function.entry)
            return entry == address ? (function.name, entry) : nil
        }
        // A variable in .bss lies past the mapped file: the executable's, then.
        guard let loaded = holder ?? images.executable,
              let variable = loaded.image.variableAddresses?.variable(atOrBefore: loaded.staticAddress(address))
        else { return nil }
        return (variable.name, loaded.runtimeAddress(variable.address))
    }
}

import DbgSymbols

/// Go maps: key and value children, alternating, in bucket order (Delve's layout).
extension ValueLoader {
    func loadGoMap(_ value: Value, mapType: DwarfType, level: Int, depth: Int, into loaded: inout LoadedValue) {
        loaded.kind = .map
        do throws(ValueError) {
            let iterator = try GoMapIterator(value, mapType: mapType)
            loaded.base = iterator.header
            loaded.length = iterator.count
            // Beyond the recursion limit only the length is known (Delve prints `[...]`).
            guard level <= config.maxVariableRecurse else { return }
            let wanted = min(iterator.count, Int64(max(config.maxArrayValues, 0)))
            guard wanted > 0 else { return }
            var entries: [LoadedValue] = []
            try iterator.forEach { (key, element) throws(ValueError) in
                var loadedKey = load(key, level: level + 1, depth: depth + 1)
                var loadedElement = load(element, level: level + 1, depth: depth + 1)
                loadedKey.name = ""
                loadedElement.name = ""
                entries += [loadedKey, loadedElement]
                return entries.count / 2 < wanted && !budget.isSpent
            }
            loaded.children = entries
        } catch {
            loaded.unreadable = error.description
        }
    }
}

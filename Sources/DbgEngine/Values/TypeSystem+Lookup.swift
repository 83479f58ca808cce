import DbgSymbols

extension TypeSystem {
    /// The type a user names in a cast, `sizeof` or a conversion: C keyword types
    /// (`unsigned long`, in any word order), `void`, then the binary's types
    /// (`struct point`, `node_t`, `main.Order`), then Go's predeclared types.
    public func type(named name: String, language: SourceLanguage) -> ValueType? {
        let words = name.split(separator: " ").map(String.init)
        guard !words.isEmpty else { return nil }
        let spaced = words.joined(separator: " ")
        if spaced == "void" { return .void }
        if let builtin = language.rules.keywordType(named: spaced) {
            return .builtin(builtin)
        }
        if let found = table?.types(named: spaced).first { return .dwarf(found) }
        if let builtin = BuiltinType.goPredeclared[spaced] { return .builtin(builtin) }
        return nil
    }
}

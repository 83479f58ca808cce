/// The bracketed type gdb writes before a top-level pointer, function or string:
/// `(int *) 0x...`, `{int (int)} 0x...`, `(const char *) 0x... "text"`.
public enum TypePrefix {
    /// Moves `index` past the type when one stands at `characters[index]` before an address
    /// or a string; otherwise leaves it where it is.
    public static func skip(_ characters: [Character], at index: inout Int) {
        guard index < characters.count, characters[index] == "(" || characters[index] == "{" else { return }
        let open = characters[index]
        let close: Character = open == "(" ? ")" : "}"
        var depth = 0
        var cursor = index
        while cursor < characters.count {
            if characters[cursor] == open { depth += 1 }
            if characters[cursor] == close {
                depth -= 1
                if depth == 0 { break }
            }
            cursor += 1
        }
        let rest = String(characters[min(cursor + 1, characters.count)...])
        if rest.hasPrefix(" 0x") || rest.hasPrefix(" \"") { index = cursor + 2 }
    }
}

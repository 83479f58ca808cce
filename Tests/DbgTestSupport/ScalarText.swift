import Foundation

/// A scalar as gdb prints it among other values: a number, `104 'h'`, `(A | B)`, an
/// enumerator; it ends at the next `,` or `}` outside quotes and parentheses.
public enum ScalarText {
    /// Reads from `characters[index]` to the scalar's end, leaving `index` there; the text,
    /// blanks around it dropped.
    public static func read(_ characters: [Character], at index: inout Int) -> String {
        var text = ""
        var inQuote = false
        var depth = 0
        while index < characters.count {
            let character = characters[index]
            if inQuote {
                text.append(character)
                index += 1
                if character == "\\", index < characters.count {
                    text.append(characters[index])
                    index += 1
                } else if character == "'" {
                    inQuote = false
                }
                continue
            }
            if depth == 0 && (character == "," || character == "}") { break }
            if character == "'" { inQuote = true }
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            text.append(character)
            index += 1
        }
        return text.trimmingCharacters(in: .whitespaces)
    }
}

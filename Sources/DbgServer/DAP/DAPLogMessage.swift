/// A log point's message: text with `{expression}`s, evaluated where the log point is passed
/// (`\{` and `\}` are braces of the text).
struct DAPLogMessage: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case text(String)
        case expression(String)
    }

    let parts: [Part]

    init(_ message: String) {
        var parts: [Part] = []
        var text = ""
        var expression: String?
        var depth = 0
        var characters = message.makeIterator()
        while let character = characters.next() {
            if character == "\\", expression == nil, let next = characters.next() {
                if next == "{" || next == "}" { text.append(next) } else { text.append(character); text.append(next) }
                continue
            }
            if var inside = expression {
                // Braces inside an expression (a composite literal) nest.
                if character == "{" { depth += 1 }
                if character == "}" {
                    if depth == 0 {
                        parts.append(.expression(inside))
                        expression = nil
                        continue
                    }
                    depth -= 1
                }
                inside.append(character)
                expression = inside
            } else if character == "{" {
                if !text.isEmpty { parts.append(.text(text)) }
                text = ""
                expression = ""
            } else {
                text.append(character)
            }
        }
        // An unclosed brace is text, as typed.
        if let expression { text += "{" + expression }
        if !text.isEmpty { parts.append(.text(text)) }
        self.parts = parts
    }

    /// The message with each expression replaced by `value(expression)`.
    func render(_ value: (String) async -> String) async -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let text): out += text
            case .expression(let expression): out += await value(expression)
            }
        }
        return out
    }
}

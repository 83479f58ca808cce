/// The colours of the REPL's output, by role. `plain` has no escapes at all, so
/// formatters can always call `paint` and tests compare plain text.
struct Theme: Sendable {
    enum Role: CaseIterable, Sendable {
        // Source listings (as Delve: yellow arrow, blue line numbers).
        case arrow, lineNumber, keyword, string, number, comment
        // Everything else.
        case function, location, value, name, error, warning, dim
    }

    let enabled: Bool

    static let plain = Theme(enabled: false)
    static let colour = Theme(enabled: true)

    /// Colour only on a terminal, and never when NO_COLOR is set (any value, see
    /// no-color.org) or TERM is "dumb".
    static func colourEnabled(isTerminal: Bool, environment: [String: String]) -> Bool {
        guard isTerminal, environment["NO_COLOR"] == nil else { return false }
        return environment["TERM"]?.lowercased() != "dumb"
    }

    static func escape(_ role: Role) -> String {
        switch role {
        case .arrow: "\u{1B}[33m"
        case .lineNumber: "\u{1B}[34m"
        case .keyword: "\u{1B}[35m"
        case .string: "\u{1B}[32m"
        case .number: "\u{1B}[36m"
        case .comment: "\u{1B}[90m"
        case .function: "\u{1B}[1m"
        case .location: "\u{1B}[36m"
        case .value: "\u{1B}[32m"
        case .name: "\u{1B}[1m"
        case .error: "\u{1B}[31m"
        case .warning: "\u{1B}[33m"
        case .dim: "\u{1B}[2m"
        }
    }

    static let reset = "\u{1B}[0m"

    func paint(_ text: String, _ role: Role) -> String {
        guard enabled, !text.isEmpty else { return text }
        return Theme.escape(role) + text + Theme.reset
    }
}

/// Text for man(7) pages: roff's escapes, and help texts (prose and indented example or usage
/// lines) as filled paragraphs and preformatted blocks.
enum Roff {
    /// `text` safe on a roff text line: backslashes escaped, hyphens as minus signs (options
    /// must be typed with ASCII hyphens when copied from the page), and a leading `.` or `'`
    /// that roff would take for a request neutralised.
    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\e"
            case "-": out += "\\-"
            default: out.append(character)
            }
        }
        if out.hasPrefix(".") || out.hasPrefix("'") { out = "\\&" + out }
        return out
    }

    /// A quoted macro argument (`.SS "..."`).
    static func argument(_ text: String) -> String {
        "\"" + escaped(text).split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\\(dq") + "\""
    }

    /// A help text: lines indented by a tab or spaces (usage, examples) kept as they are,
    /// indented, in no-fill blocks; other lines filled; blank lines between paragraphs.
    /// `inTaggedParagraph`: inside a `.TP`, whose indentation its paragraphs keep (`.IP`).
    static func helpText(_ text: String, inTaggedParagraph: Bool = false) -> String {
        let paragraph = inTaggedParagraph ? ".IP\n" : ".PP\n"
        var out = ""
        var inBlock = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let isIndented = line.hasPrefix("\t") || line.hasPrefix(" ")
            if isIndented && !inBlock { out += paragraph + ".nf\n"; inBlock = true }
            if !isIndented && inBlock { out += ".fi\n"; inBlock = false }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                if !inBlock { out += paragraph }
                continue
            }
            out += isIndented ? "    " + escaped(String(line.drop { $0 == "\t" || $0 == " " })) + "\n" : escaped(String(line)) + "\n"
        }
        if inBlock { out += ".fi\n" }
        return out
    }
}

/// Source around a line, as Delve lists it: five lines either side (the
/// source-list-line-count setting), `=>` on the current line, numbers right-aligned
/// in four columns and a tab before the text:
///
///       174:	// inspect: every kind of value is an argument or a local here.
///     => 175:	func inspect(o *Order, s Shape) string {
struct SourceLister {
    let cache: SourceCache
    let theme: Theme
    let paths: PathFormatter
    let lineCount: Int

    /// `arrow` marks the current line (nil in `list LOCATION`). Throws when the file
    /// cannot be read.
    func listing(file: String, line: Int, arrow: Bool) throws(SourceCache.Failure) -> String {
        let source = try cache.file(paths.local(file), highlighted: theme.enabled)
        let first = max(1, line - lineCount)
        let last = min(source.lines.count, line + lineCount)
        guard first <= last else { return "" }
        var out = ""
        for number in first...last {
            let marker = arrow && number == line ? "=>" : "  "
            let digits = String(number)
            let label = String(repeating: " ", count: max(0, 4 - digits.count)) + digits + ":"
            let text = source.lines[number - 1]
            let painted = SyntaxHighlighter.paint(text, spans: source.spans?[number - 1] ?? [], theme: theme)
            out += theme.paint(marker, .arrow) + theme.paint(label, .lineNumber) + "\t" + painted + "\n"
        }
        return out
    }
}

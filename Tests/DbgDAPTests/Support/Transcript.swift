import Foundation

/// What an editor's user sees of one DAP session, as lines `topic: text`, normalised so that two
/// adapters (or two runs of one) can be compared whole: thread ids, addresses and the order of
/// Go map entries (random per process: Go seeds its map hash) are taken out.
struct Transcript {
    private(set) var lines: [String] = []

    mutating func add(_ topic: String, _ text: String) {
        lines.append(topic + ": " + Self.normalise(text))
    }

    static func topic(of line: String) -> String {
        String(line.prefix { $0 != ":" })
    }

    /// The differences between `left` and `right` once lines whose topic is in `ignoring` are
    /// dropped; empty when they agree.
    static func mismatch(_ left: Transcript, _ right: Transcript, ignoring: [String: String]) -> [String] {
        let a = left.lines.filter { ignoring[topic(of: $0)] == nil }
        let b = right.lines.filter { ignoring[topic(of: $0)] == nil }
        guard a != b else { return [] }
        var out: [String] = []
        for index in 0..<max(a.count, b.count) {
            let l = index < a.count ? a[index] : "<none>"
            let r = index < b.count ? b[index] : "<none>"
            if l != r { out.append("line \(index):\n  \(l)\n  \(r)") }
        }
        return out
    }

    /// Both transcripts side by side (whole, ignored topics included), `!` marking differing lines.
    static func sideBySide(_ left: Transcript, _ leftName: String, _ right: Transcript, _ rightName: String) -> String {
        let width = min(90, max(leftName.count, left.lines.map(\.count).max() ?? 0))
        func cell(_ text: String) -> String {
            let cut = text.count > width ? String(text.prefix(width - 1)) + "…" : text
            return cut.padding(toLength: width, withPad: " ", startingAt: 0)
        }
        var out = "  " + cell(leftName) + " | " + rightName + "\n"
        for index in 0..<max(left.lines.count, right.lines.count) {
            let l = index < left.lines.count ? left.lines[index] : ""
            let r = index < right.lines.count ? right.lines[index] : ""
            out += (l == r ? "  " : "! ") + cell(l) + " | " + r + "\n"
        }
        return out
    }

    // MARK: normalisation

    static func normalise(_ text: String) -> String {
        var text = text
        // Delve names a goroutine "* [Go 1] main.f (Thread 12345)": the thread id is the OS's.
        text = text.replacingOccurrences(of: #" \(Thread [0-9]+\)"#, with: "", options: .regularExpression)
        text = text.replacingOccurrences(of: #"0x[0-9a-f]+"#, with: "0x…", options: .regularExpression)
        return sortingMapEntries(text)
    }

    /// Rewrites every Delve-style map value `map[K]V [k1: v1, k2: v2, ]` with its entries sorted
    /// (recursively), so that the hash order of the process does not show.
    static func sortingMapEntries(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        var index = 0
        while index < chars.count {
            guard matches(chars, index, "map["), let typeEnd = endOfMapType(chars, from: index + 4),
                  typeEnd + 1 < chars.count, chars[typeEnd] == " ", chars[typeEnd + 1] == "[",
                  let close = matchingClose(chars, from: typeEnd + 1)
            else {
                out.append(chars[index])
                index += 1
                continue
            }
            out += String(chars[index..<typeEnd]) + " ["
            let inner = String(chars[(typeEnd + 2)..<close])
            let entries = splitTopLevel(inner).map { sortingMapEntries($0) }.sorted()
            // "[...]" (a map not loaded, nested too deep) stays as it is.
            out += entries == ["..."] ? "..." : entries.map { $0 + ", " }.joined()
            out += "]"
            index = close + 1
        }
        return out
    }

    private static func matches(_ chars: [Character], _ at: Int, _ word: String) -> Bool {
        let w = Array(word)
        return at + w.count <= chars.count && Array(chars[at..<(at + w.count)]) == w
    }

    /// The index just past a map's type (`map[` already consumed up to `from`): the key's closing
    /// bracket, then the value type up to the first space outside brackets.
    private static func endOfMapType(_ chars: [Character], from: Int) -> Int? {
        var depth = 1
        var index = from
        while index < chars.count {
            let c = chars[index]
            if c == "[" { depth += 1 }
            if c == "]" { depth -= 1 }
            if depth == 0 && c == " " { return index }
            if depth < 0 { return nil }
            index += 1
        }
        return nil
    }

    /// The index of the bracket closing the one at `from`, skipping quoted strings.
    private static func matchingClose(_ chars: [Character], from: Int) -> Int? {
        var depth = 0
        var inQuote = false
        var index = from
        while index < chars.count {
            let c = chars[index]
            if inQuote {
                if c == "\\" { index += 1 } else if c == "\"" { inQuote = false }
            } else if c == "\"" {
                inQuote = true
            } else if "[{(".contains(c) {
                depth += 1
            } else if "]})".contains(c) {
                depth -= 1
                if depth == 0 { return index }
            }
            index += 1
        }
        return nil
    }

    /// `a, b, c, ` split at top-level ", " (outside quotes and brackets), empty parts dropped.
    private static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var inQuote = false
        var escaped = false
        for c in text {
            if inQuote {
                current.append(c)
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inQuote = false }
                continue
            }
            switch c {
            case "\"": inQuote = true
            case "[", "{", "(": depth += 1
            case "]", "}", ")": depth -= 1
            default: break
            }
            if c == "," && depth == 0 {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(c)
            }
        }
        parts.append(current.trimmingCharacters(in: .whitespaces))
        return parts.filter { !$0.isEmpty }
    }
}

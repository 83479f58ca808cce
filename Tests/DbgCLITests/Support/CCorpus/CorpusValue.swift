import Foundation

/// A value as either debugger shows it, reduced to its meaning: gdb writes `{x = 1}`,
/// `(int *) 0x7ffe...`, `65 'A'`, `(A | B)`; dbg writes Delve's `struct point {x: 1}`,
/// `(*int)(0x7ffe...)`, `65 'A'`, `A|B`. Both parse into this.
indirect enum CorpusValue: CustomStringConvertible, Sendable {
    /// An integer, character, enumerator, flag set, boolean or float, as written (normalised
    /// by `sameScalar`).
    case scalar(String)
    /// The bytes of a C string or char array.
    case text([UInt8])
    /// The first bytes of a string dbg's load limit cut (`"The quick...+21 more"`).
    case textPrefix([UInt8])
    /// A pointer shown by its address (gdb always; dbg at the top of a value), with gdb's
    /// `<symbol>` when it prints one.
    case address(UInt64, symbol: String?)
    /// A pointer dbg shows by its target (Delve's `*42`, `*struct node {...}`): no address.
    case pointee(CorpusValue)
    /// A NULL pointer.
    case null
    /// Fields (named, or anonymous members) or elements.
    case aggregate([Member])
    /// What dbg did not load (Delve's `[...]`, `{...}`, `...+N more`): not compared.
    case elided
    /// `<optimized out>`, unreadable memory: no value to compare.
    case unavailable(String)

    struct Member: Sendable {
        var name: String?
        var value: CorpusValue
    }

    var description: String {
        switch self {
        case .scalar(let text): return text
        case .text(let bytes): return "\"" + String(decoding: bytes, as: UTF8.self) + "\""
        case .textPrefix(let bytes): return "\"" + String(decoding: bytes, as: UTF8.self) + "...\""
        case .address(let address, let symbol): return "0x" + String(address, radix: 16) + (symbol.map { " <\($0)>" } ?? "")
        case .pointee(let target): return "*" + target.description
        case .null: return "NULL"
        case .aggregate(let members):
            return "{" + members.map { ($0.name.map { $0 + " = " } ?? "") + $0.value.description }.joined(separator: ", ") + "}"
        case .elided: return "..."
        case .unavailable(let why): return "<\(why)>"
        }
    }

    /// Where dbg's value (self) means something else than gdb's, each with its path.
    func differences(fromGDB gdb: CorpusValue, path: String = "value") -> [String] {
        func differ() -> [String] { ["\(path): dbg \(self), gdb \(gdb)"] }
        switch (self, gdb) {
        case (.elided, _):
            return []
        case (.unavailable, .unavailable):
            return []
        case (.scalar(let ours), .scalar(let theirs)):
            return Self.sameScalar(ours, theirs) ? [] : differ()
        case (.scalar(let name), .address(_, let symbol?)):
            // A function pointer: dbg names the function, gdb adds its address.
            return name == symbol ? [] : differ()
        case (.scalar(let text), .address(let address, nil)):
            // A function pointer to no function (a union's stale member): both show the address.
            return text.hasPrefix("0x") && UInt64(text.dropFirst(2), radix: 16) == address ? [] : differ()
        case (.text(let ours), .text(let theirs)):
            return Self.trimmed(ours) == Self.trimmed(theirs) ? [] : differ()
        case (.textPrefix(let prefix), .text(let theirs)):
            return theirs.starts(with: prefix) ? [] : differ()
        case (.text, .address(let address, _)) where address != 0:
            // gdb writes `0x... "text"` for a char *: compared as text (below); a bare address
            // (no text) is memory gdb could not read as a string.
            return differ()
        case (.null, .null), (.null, .address(0, _)):
            return []
        case (.address(let ours, _), .address(let theirs, _)):
            return ours == theirs ? [] : differ()
        case (.address(let ours, _), .null):
            return ours == 0 ? [] : differ()
        case (.pointee, .address(let address, _)):
            // dbg shows the target only: the pointer is not NULL, which is all gdb's address says here.
            return address != 0 ? [] : differ()
        case (.address, .aggregate):
            // Delve shows a struct the load limits left out by its address.
            return []
        case (.aggregate(let ours), .aggregate(let theirs)):
            return Self.memberDifferences(ours, theirs, path: path)
        default:
            return differ()
        }
    }

    private static func memberDifferences(_ ours: [Member], _ theirs: [Member], path: String) -> [String] {
        let elidedTail = ours.last.map { if case .elided = $0.value, $0.name == nil { return true } else { return false } } ?? false
        let shown = elidedTail ? Array(ours.dropLast()) : ours
        guard shown.count == theirs.count || (elidedTail && shown.count <= theirs.count) else {
            return ["\(path): dbg has \(shown.count) members, gdb \(theirs.count) (dbg \(CorpusValue.aggregate(ours)), gdb \(CorpusValue.aggregate(theirs)))"]
        }
        var found: [String] = []
        for (index, (mine, their)) in zip(shown, theirs).enumerated() {
            let label = their.name.map { path + "." + $0 } ?? path + "[\(index)]"
            if mine.name != their.name {
                found.append("\(label): dbg names it \(mine.name ?? "(anonymous)"), gdb \(their.name ?? "(anonymous)")")
                continue
            }
            found += mine.value.differences(fromGDB: their.value, path: label)
        }
        return found
    }

    /// Trailing NULs do not count: gdb prints a char array whole, dbg its text.
    static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        var end = bytes.count
        while end > 0 && bytes[end - 1] == 0 { end -= 1 }
        return Array(bytes[..<end])
    }

    /// Same number, character, enumerator or flag set, however spelled.
    static func sameScalar(_ ours: String, _ theirs: String) -> Bool {
        let a = normalised(ours), b = normalised(theirs)
        if a == b { return true }
        if a.hasPrefix("0x") || b.hasPrefix("0x") {
            return a.hasPrefix("0x") && b.hasPrefix("0x") && UInt64(a.dropFirst(2), radix: 16) == UInt64(b.dropFirst(2), radix: 16)
        }
        guard let x = number(a), let y = number(b) else { return false }
        if x.isNaN || y.isNaN { return x.isNaN && y.isNaN }
        let digits = (significantDigits(a), significantDigits(b))
        if max(digits.0, digits.1) > 17 {
            // A long double: gdb prints 21 digits, dbg the shortest that read back as the
            // same 80-bit number; the same value printed at double precision only is not it.
            guard let x = Float80(a), let y = Float80(b) else { return false }
            return x == y
        }
        if x == y { return true }
        // A float: gdb prints 9 digits, dbg the shortest that reads back.
        return max(digits.0, digits.1) <= 9 && Float(x) == Float(y)
    }

    /// `65 'A'` is 65; `(A | unknown: 0x8)` is `A|0x8`; `inf` is `+Inf`.
    static func normalised(_ text: String) -> String {
        var text = text
        if let match = text.wholeMatch(of: /(-?\d+) '.*'/) { text = String(match.1) }
        if text.hasPrefix("("), text.hasSuffix(")"), text.contains(" | ") {
            text = String(text.dropFirst().dropLast()).replacingOccurrences(of: " | ", with: "|")
                .replacingOccurrences(of: "unknown: ", with: "")
        }
        return text
    }

    static func number(_ text: String) -> Double? {
        switch text {
        case "inf", "+Inf", "+inf": return .infinity
        case "-inf", "-Inf": return -.infinity
        default:
            if text.hasPrefix("nan") || text.hasPrefix("-nan") || text == "NaN" { return .nan }
            return Double(text)
        }
    }

    /// Digits that carry the value: no sign, point, exponent, leading or trailing zeros.
    static func significantDigits(_ text: String) -> Int {
        let mantissa = text.split(separator: "e").first ?? ""
        let digits = mantissa.filter(\.isNumber).drop { $0 == "0" }
        return digits.reversed().drop { $0 == "0" }.count
    }
}

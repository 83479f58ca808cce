/// A location as a user writes it, in Delve's syntax.
public enum LocationSpec: Equatable, Sendable {
    /// `main`, `main.inspect`, `pkg.(*T).Method`
    case function(String)
    /// `file.c:42`, `pkg/file.go:7`
    case fileLine(file: String, line: Int)
    /// `42`: a line of the current file
    case line(Int)
    /// `+3` / `-3`: lines relative to the current one
    case lineOffset(Int)
    /// `*0x401136`
    case address(UInt64)
    /// `/^main\.work/`: every function whose name matches
    case regex(String)

    public static func parse(_ text: String) throws(LocationSpecError) -> LocationSpec {
        let spec = trimmed(text)
        guard !spec.isEmpty else { throw .empty }
        if spec.hasPrefix("*") {
            let number = trimmed(String(spec.dropFirst()))
            guard let address = parseInteger(number) else { throw .badAddress(String(number)) }
            return .address(address)
        }
        // `/regex/`, or an absolute path (`/src/prog.go:9`).
        if spec.hasPrefix("/"), !isFileLine(spec) {
            guard spec.count >= 2, spec.hasSuffix("/") else { throw .unterminatedRegex(spec) }
            let pattern = String(spec.dropFirst().dropLast())
            guard !pattern.isEmpty else { throw .empty }
            return .regex(pattern)
        }
        if let sign = spec.first, sign == "+" || sign == "-", let count = Int(spec.dropFirst()) {
            return .lineOffset(sign == "+" ? count : -count)
        }
        if let line = Int(spec) {
            guard line > 0 else { throw .badLine(spec) }
            return .line(line)
        }
        if let colon = spec.lastIndex(of: ":") {
            let file = String(spec[..<colon])
            let lineText = spec[spec.index(after: colon)...]
            guard let line = Int(lineText), line > 0, !file.isEmpty else { throw .badLine(spec) }
            return .fileLine(file: file, line: line)
        }
        return .function(spec)
    }

    /// `PATH:LINE` with a positive line.
    static func isFileLine(_ spec: String) -> Bool {
        guard let colon = spec.lastIndex(of: ":"), colon != spec.startIndex, let line = Int(spec[spec.index(after: colon)...])
        else { return false }
        return line > 0
    }

    static func trimmed(_ text: String) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    static func parseInteger(_ text: String) -> UInt64? {
        if text.hasPrefix("0x") || text.hasPrefix("0X") { return UInt64(text.dropFirst(2), radix: 16) }
        return UInt64(text)
    }
}

public enum LocationSpecError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case badAddress(String)
    case badLine(String)
    case unterminatedRegex(String)

    public var description: String {
        switch self {
        case .empty: return "empty location"
        case .badAddress(let text): return "bad address '\(text)': expected *0x... or *DECIMAL"
        case .badLine(let text): return "bad location '\(text)': expected FILE:LINE with a positive line"
        case .unterminatedRegex(let text): return "bad location '\(text)': a regular expression ends with '/'"
        }
    }
}

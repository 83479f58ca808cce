/// A function found by name, address or pattern: its DWARF description when there is one,
/// its ELF symbol otherwise (or both).
public struct FunctionLocation: Sendable, Hashable {
    public var name: String
    public var entry: Address
    public var function: Function?
    public var symbol: ELFSymbol?
    /// Set when this is a copy of the function that the compiler inlined into `function`.
    public var inlinedCall: InlinedCall?
    /// The call lines of this inlined copy and of the copies it sits in, innermost first.
    public var callLines: [UInt32]

    public init(name: String, entry: Address, function: Function?, symbol: ELFSymbol?,
                inlinedCall: InlinedCall? = nil, callLines: [UInt32] = []) {
        self.name = name
        self.entry = entry
        self.function = function
        self.symbol = symbol
        self.inlinedCall = inlinedCall
        self.callLines = callLines
    }
}

/// A place in the source.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line)" }
}

/// Where `file:line` puts breakpoints: one address per function that has code for the line.
public struct LineResolution: Sendable, Hashable {
    public var file: String
    public var requestedLine: Int
    /// The line where the (first) breakpoint lands: the requested one, the next one with
    /// code, or the first statement after a prologue.
    public var line: Int
    public var addresses: [Address]
}

/// Why a lookup found nothing, phrased for the user.
public enum LookupError: Error, Equatable, Sendable, CustomStringConvertible {
    case noDebugInfo(String)
    case noSuchFunction(String)
    case noSuchFile(String)
    case ambiguousFile(String, candidates: [String])
    case noCode(file: String, line: Int)

    public var description: String {
        switch self {
        case .noDebugInfo(let path): return "\(path): no debug info; build with -g"
        case .noSuchFunction(let name): return "no function named '\(name)'"
        case .noSuchFile(let file): return "no source file matches '\(file)'"
        case .ambiguousFile(let file, let candidates):
            return "'\(file)' is ambiguous: " + candidates.joined(separator: ", ")
        case .noCode(let file, let line): return "no code at or after line \(line) of \(file)"
        }
    }
}

import DbgSymbols

/// Resolves location specs against a binary's symbols alone, before (or without) a process:
/// the addresses are the binary's own, unrelocated.
public struct StaticLocationResolver: Sendable {
    public let image: BinaryImage
    /// Whether a function name may be looked for in DWARF alone (inlined-only and static
    /// functions), which reads every unit of the binary.
    public var searchesDWARF: Bool

    public init(image: BinaryImage, searchesDWARF: Bool = true) {
        self.image = image
        self.searchesDWARF = searchesDWARF
    }

    /// `current` is the source location of the selected frame, for `LINE` and `+N`/`-N`.
    public func resolve(_ spec: LocationSpec, current: SourceLocation? = nil) throws(LocationError) -> [ResolvedLocation] {
        switch spec {
        case .function(let name):
            let functions = image.functions(named: name, searchingDWARF: searchesDWARF)
            guard !functions.isEmpty else { throw .lookup(.noSuchFunction(name)) }
            return locations(of: functions, named: name)
        case .regex(let pattern):
            let regex: Regex<AnyRegexOutput>
            do { regex = try Regex(pattern) } catch { throw .badRegex(pattern) }
            let functions = image.functions(matching: regex)
            guard !functions.isEmpty else { throw .noMatch(pattern) }
            return functions.map { describe(image.breakpointAddress(for: $0), function: $0.name) }
        case .fileLine(let file, let line):
            return try resolveLine(file: file, line: line)
        case .line(let line):
            guard let current else { throw .noCurrentFile }
            return try resolveLine(file: current.file, line: line)
        case .lineOffset(let delta):
            guard let current else { throw .noCurrentFile }
            // A client can send any offset: past the end of Int it means "no such line".
            let (target, overflow) = current.line.addingReportingOverflow(delta)
            return try resolveLine(file: current.file, line: overflow ? Int.max : max(1, target))
        case .address(let value):
            return [describe(Address(value), function: nil)]
        }
    }

    /// The functions called `name` that have no symbol (static functions, inlined copies),
    /// found from the units that name it without reading the others: a library's private
    /// functions, which gdb's `break NAME` finds besides the program's.
    public func resolveFunctionsWithoutSymbol(named name: String) -> [ResolvedLocation] {
        locations(of: image.namedDWARFFunctions(name))
    }

    /// Several inlined copies can start at one address: one location each.
    /// One location per address (several inlined copies can start at one). A Go generic
    /// function's instantiations go by the name the user gave, `query` (Delve's way).
    private func locations(of functions: [FunctionLocation], named query: String? = nil) -> [ResolvedLocation] {
        var seen = Set<Address>()
        return functions.map { function in
            let name = query.map { BinaryImage.isInstantiation(function.name, of: $0) ? $0 : function.name } ?? function.name
            return (image.breakpointAddress(for: function), name)
        }
            .filter { seen.insert($0.0).inserted }
            .map { describe($0.0, function: $0.1) }
    }

    private func resolveLine(file: String, line: Int) throws(LocationError) -> [ResolvedLocation] {
        let resolution: LineResolution
        do {
            resolution = try image.resolveLine(file: file, line: line)
        } catch {
            throw .lookup(error)
        }
        // A Go line without a statement is refused, as Delve refuses it; gdb (C) moves on to
        // the next line with code, which the breakpoint's description then names.
        if resolution.line != line, let first = resolution.addresses.first,
           image.debugInfo?.unit(containing: first)?.language.rules.refusesLinesWithoutStatements == true {
            throw .noStatement(file: resolution.file, line: line)
        }
        return resolution.addresses.map { describe($0, function: nil) }
    }

    private func describe(_ address: Address, function name: String?) -> ResolvedLocation {
        ResolvedLocation(
            address: address, functionName: name ?? image.function(containing: address)?.name,
            source: image.sourceLocation(for: address))
    }
}

public enum LocationError: Error, Equatable, Sendable, CustomStringConvertible {
    case lookup(LookupError)
    case badRegex(String)
    case noMatch(String)
    case noCurrentFile
    case noStatement(file: String, line: Int)

    public var description: String {
        switch self {
        case .lookup(let error): return error.description
        case .badRegex(let pattern): return "bad regular expression '\(pattern)'"
        case .noMatch(let pattern): return "no function matches /\(pattern)/"
        case .noCurrentFile: return "no current file: give FILE:LINE"
        case .noStatement(let file, let line):
            return "could not find statement at \(file):\(line), please use a line with a statement"
        }
    }
}

extension LocationError {
    /// What kind of failure this is for the service: a name, file or line that is not there is
    /// `notFound` (`break` then suggests a pending breakpoint), a spec that cannot be used as
    /// written is `badInput`.
    var kind: EngineError.Kind {
        switch self {
        case .lookup(.noSuchFunction), .lookup(.noSuchFile), .lookup(.noCode): return .notFound
        case .lookup(.noDebugInfo): return .unsupported
        case .lookup(.ambiguousFile), .badRegex, .noStatement: return .badInput
        // No current file to take the line from: nothing found there either.
        case .noMatch, .noCurrentFile: return .notFound
        }
    }
}

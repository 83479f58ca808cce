/// How each language's compilers write DWARF, where the reader must know it: the only place in
/// DbgSymbols that tells languages apart.
extension SourceLanguage {
    /// Whether each compile unit is a package named by its import path (Go), so that a
    /// qualified name (`main.counter`, `go/ast.File`) says which unit declares it.
    public var unitsArePackages: Bool { self == .go }

    /// Which line an address shows.
    public var lineRule: LineRule { self == .go ? .lastRowAtAddress : .statements }

    /// Whether a function's breakpoint goes to the first statement on its opening line (Go
    /// marks the end of its stack-check prologue so), rather than after the frame set-up
    /// (gcc's C, as gdb reads it), when no `prologue_end` mark says where.
    var prologueEndsAtFirstStatementOfOpeningLine: Bool { self == .go }

    /// Whether an inlined or out-of-line copy's entries inherit what its abstract origin
    /// declares (C compilers describe variables once there; Go's compiler repeats them).
    var inheritsAbstractEntries: Bool { self != .go }

    /// Whether the producer string carries the compile flags that tell optimised code (Go's
    /// `-N -l`), as Delve reads it.
    var producerTellsOptimisation: Bool { self == .go }
}

/// Which line table row gives an address its source line.
public enum LineRule: Sendable {
    /// gdb's: the statement the address belongs to (see `StatementLineTable`).
    case statements
    /// Delve's Go: the last row at the address.
    case lastRowAtAddress
}

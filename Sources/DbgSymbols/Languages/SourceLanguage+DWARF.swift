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

    /// How a type's name is spelled from its DWARF.
    var typeSpelling: TypeSpelling {
        switch self {
        case .go: .go
        case .c, .cPlusPlus: .c
        default: .asNamed
        }
    }

    /// Whether a struct, union or enum is named with its keyword (C's `struct node`; C++
    /// and the others name it alone).
    var tagsTypeNames: Bool { self == .c }

    /// Whether an enumeration's enumerators are names of the scope around it (C's and C++'s
    /// unscoped enums: `BLUE` alone names a value).
    var namesEnumeratorsAtUnitLevel: Bool { self == .c || self == .cPlusPlus }

    /// Whether a type's name is qualified by the namespaces around its declaration
    /// (C++'s `std::string`), which the DWARF gives only as the nesting of entries.
    var qualifiesTypesByNamespace: Bool { self == .cPlusPlus }

    /// What joins a namespace and a name (`ns::name`; Swift's `Module.name`).
    var namespaceSeparator: String { self == .swift ? "." : "::" }

    /// Whether source files are named as gdb names them, by the name each unit was compiled
    /// as (see `SourceNames`), rather than Delve's way, relative to the working directory.
    var namesSourcesAsCompiled: Bool { self == .c || self == .cPlusPlus }

    /// Whether a function is named by its demangled linkage name rather than its DWARF name
    /// (Swift's DWARF names `init(x:)` without its type).
    var namesFunctionsByLinkageName: Bool { self == .swift }
    /// Swift: a type's mangled name (DW_AT_linkage_name, or the name itself for bound generic
    /// types) says what the type is.
    var namesTypesByMangledName: Bool { self == .swift }
}

/// How type names are spelled.
enum TypeSpelling {
    /// Go's: `*main.node`, `[]int`, `map[string]int`.
    case go
    /// C's declarators: `struct node *`, `int [5]`.
    case c
    /// The DWARF's own name where there is one, else C's.
    case asNamed
}

/// Which line table row gives an address its source line.
public enum LineRule: Sendable {
    /// gdb's: the statement the address belongs to (see `StatementLineTable`).
    case statements
    /// Delve's Go: the last row at the address.
    case lastRowAtAddress
}

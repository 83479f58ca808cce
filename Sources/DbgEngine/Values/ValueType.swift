import DbgSymbols

/// The type of a value: a type entry of the binary, or one the debugger derives from one.
///
/// Expressions make types the binary may not describe: `&x` is a pointer to x's type,
/// `grid[0]` is one row of a two-dimensional array (DWARF describes only the whole array),
/// `1 + 2` is an `int` even in a program whose DWARF has no `int`. Those are the cases
/// besides `.dwarf`; each says which language it belongs to, because names and formatting
/// are per language.
public indirect enum ValueType: Sendable, Hashable {
    /// A type entry of the binary (typedefs and qualifiers included, as written).
    case dwarf(DwarfType)
    /// A pointer the debugger made (`&x`, a cast to `T *`).
    case pointer(to: ValueType, language: SourceLanguage)
    /// An array the debugger made: a row of a multi-dimensional array, a string literal.
    case array(of: ValueType, count: UInt64, language: SourceLanguage)
    /// A scalar the debugger made: literals, arithmetic results, registers.
    case builtin(BuiltinType)
    /// A function (its code), as `main` names it in `print main` or `&main`.
    case function(language: SourceLanguage)
    /// A Swift type, laid out from the binary's reflection metadata (`SwiftTypes`): members,
    /// elements and payloads of Swift values, and variables whose DWARF type names it.
    case swift(SwiftTypeName)

    /// `void`, the pointee of `void *`.
    public static let void = ValueType.dwarf(.void)

    public var language: SourceLanguage {
        switch self {
        case .dwarf(let type): return type.language
        case .pointer(_, let language), .array(_, _, let language), .function(let language): return language
        case .builtin(let builtin): return builtin.language
        case .swift: return .swift
        }
    }

    /// The type entry, for a type that has one.
    public var dwarfType: DwarfType? {
        if case .dwarf(let type) = self { return type }
        return nil
    }
}

/// A scalar type the debugger knows without the binary's help.
public struct BuiltinType: Sendable, Hashable {
    public enum Encoding: Sendable, Hashable {
        case signed, unsigned
        /// C `char`s print as a number and a character (`104 'h'`).
        case signedChar, unsignedChar
        case float
        case boolean
        /// A string literal's bytes (Go's `"x"`): the value's bytes are the text.
        case string
    }

    public var name: String
    public var size: Int
    public var encoding: Encoding
    public var language: SourceLanguage

    public init(name: String, size: Int, encoding: Encoding, language: SourceLanguage) {
        self.name = name
        self.size = size
        self.encoding = encoding
        self.language = language
    }

    public var isSigned: Bool { encoding == .signed || encoding == .signedChar }
}

extension BuiltinType {
    // C on x86-64 (LP64). Names are the ones C programmers write, as gdb prints them.
    public static let cInt = BuiltinType(name: "int", size: 4, encoding: .signed, language: .c)
    public static let cUnsignedInt = BuiltinType(name: "unsigned int", size: 4, encoding: .unsigned, language: .c)
    public static let cLong = BuiltinType(name: "long", size: 8, encoding: .signed, language: .c)
    public static let cUnsignedLong = BuiltinType(name: "unsigned long", size: 8, encoding: .unsigned, language: .c)
    public static let cChar = BuiltinType(name: "char", size: 1, encoding: .signedChar, language: .c)
    public static let cDouble = BuiltinType(name: "double", size: 8, encoding: .float, language: .c)
    public static let cFloat = BuiltinType(name: "float", size: 4, encoding: .float, language: .c)
    public static let cBool = BuiltinType(name: "_Bool", size: 1, encoding: .boolean, language: .c)

    // Go on amd64.
    public static let goInt = BuiltinType(name: "int", size: 8, encoding: .signed, language: .go)
    public static let goInt32 = BuiltinType(name: "int32", size: 4, encoding: .signed, language: .go)
    public static let goUint8 = BuiltinType(name: "uint8", size: 1, encoding: .unsigned, language: .go)
    public static let goUintptr = BuiltinType(name: "uintptr", size: 8, encoding: .unsigned, language: .go)
    public static let goFloat64 = BuiltinType(name: "float64", size: 8, encoding: .float, language: .go)
    public static let goBool = BuiltinType(name: "bool", size: 1, encoding: .boolean, language: .go)
    public static let goString = BuiltinType(name: "string", size: 16, encoding: .string, language: .go)

    /// The C type names a user may write in a cast, each mapped to its builtin; every
    /// spelling of one type (`unsigned`, `unsigned int`, `int unsigned`) is listed under its
    /// words sorted, so that word order does not matter.
    static let cKeywordTypes: [String: BuiltinType] = {
        var table: [String: BuiltinType] = [:]
        func add(_ type: BuiltinType, _ spellings: [String]) {
            for spelling in spellings { table[sortedWords(spelling)] = type }
        }
        add(cInt, ["int", "signed", "signed int"])
        add(cUnsignedInt, ["unsigned", "unsigned int"])
        add(BuiltinType(name: "short", size: 2, encoding: .signed, language: .c),
            ["short", "short int", "signed short", "signed short int"])
        add(BuiltinType(name: "unsigned short", size: 2, encoding: .unsigned, language: .c),
            ["unsigned short", "unsigned short int"])
        add(cLong, ["long", "long int", "signed long", "signed long int"])
        add(cUnsignedLong, ["unsigned long", "unsigned long int"])
        add(BuiltinType(name: "long long", size: 8, encoding: .signed, language: .c),
            ["long long", "long long int", "signed long long", "signed long long int"])
        add(BuiltinType(name: "unsigned long long", size: 8, encoding: .unsigned, language: .c),
            ["unsigned long long", "unsigned long long int"])
        add(cChar, ["char"])
        add(BuiltinType(name: "signed char", size: 1, encoding: .signedChar, language: .c), ["signed char"])
        add(BuiltinType(name: "unsigned char", size: 1, encoding: .unsignedChar, language: .c), ["unsigned char"])
        add(cFloat, ["float"])
        add(cDouble, ["double"])
        add(BuiltinType(name: "long double", size: 16, encoding: .float, language: .c), ["long double"])
        add(cBool, ["_Bool", "bool"])
        return table
    }()

    /// Go's predeclared numeric and boolean types.
    static let goPredeclared: [String: BuiltinType] = {
        var table: [String: BuiltinType] = [:]
        let integers: [(String, Int, Bool)] = [
            ("int", 8, true), ("int8", 1, true), ("int16", 2, true), ("int32", 4, true), ("int64", 8, true),
            ("uint", 8, false), ("uint8", 1, false), ("uint16", 2, false), ("uint32", 4, false),
            ("uint64", 8, false), ("uintptr", 8, false), ("byte", 1, false), ("rune", 4, true),
        ]
        for (name, size, signed) in integers {
            table[name] = BuiltinType(name: name, size: size, encoding: signed ? .signed : .unsigned, language: .go)
        }
        table["float32"] = BuiltinType(name: "float32", size: 4, encoding: .float, language: .go)
        table["float64"] = goFloat64
        table["bool"] = goBool
        return table
    }()

    static func sortedWords(_ text: String) -> String {
        text.split(separator: " ").map(String.init).sorted().joined(separator: " ")
    }
}

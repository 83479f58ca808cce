import DbgSymbols

/// What the highlighter knows of a language (Go, C, C++, Swift; none of the others), chosen
/// by a source file's extension.
extension SourceLanguage {
    init?(path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "go": self = .go
        case "c", "h": self = .c
        case "cc", "cpp", "cxx", "hpp", "hh", "hxx", "m", "mm": self = .cPlusPlus
        case "swift": self = .swift
        default: return nil
        }
    }

    var keywords: Set<String> {
        switch self {
        case .go: Self.goKeywords
        case .c: Self.cKeywords
        case .cPlusPlus: Self.cKeywords.union(Self.cppKeywords)
        case .swift: Self.swiftKeywords
        case .rust, .assembly, .other: []
        }
    }

    /// Words shown as constants (the number colour).
    var constants: Set<String> {
        switch self {
        case .go: ["nil", "true", "false", "iota"]
        case .c: ["NULL", "true", "false"]
        case .cPlusPlus: ["NULL", "true", "false", "nullptr"]
        case .swift: ["nil", "true", "false"]
        case .rust, .assembly, .other: []
        }
    }

    /// `#include`, `#define`: C's preprocessor lines start with a keyword.
    var hasPreprocessor: Bool { self == .c || self == .cPlusPlus }
    /// Go's `raw strings` in backquotes.
    var hasRawStrings: Bool { self == .go }
    /// Swift's nested /* /* */ */ comments.
    var nestsBlockComments: Bool { self == .swift }
    /// Swift's """ strings, over several lines.
    var hasMultilineStrings: Bool { self == .swift }
    /// Swift's #"raw"# strings.
    var hasHashDelimitedStrings: Bool { self == .swift }
    /// Swift's attributes and directives (`@MainActor`, `#if`) are words.
    var hasAttributeWords: Bool { self == .swift }

    private static let goKeywords: Set<String> = [
        "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough",
        "for", "func", "go", "goto", "if", "import", "interface", "map", "package", "range",
        "return", "select", "struct", "switch", "type", "var",
    ]

    private static let cKeywords: Set<String> = [
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
        "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
        "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch", "typedef",
        "union", "unsigned", "void", "volatile", "while", "_Bool", "_Complex", "_Atomic",
        "_Thread_local", "_Noreturn", "_Static_assert", "_Alignas", "_Alignof", "bool",
    ]

    private static let cppKeywords: Set<String> = [
        "class", "namespace", "template", "typename", "public", "private", "protected", "virtual",
        "override", "final", "new", "delete", "this", "try", "catch", "throw", "using", "operator",
        "friend", "constexpr", "noexcept", "explicit", "mutable", "static_cast", "dynamic_cast",
        "reinterpret_cast", "const_cast", "decltype", "co_await", "co_return", "co_yield",
    ]

    private static let swiftKeywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import",
        "init", "inout", "internal", "let", "open", "operator", "private", "precedencegroup",
        "protocol", "public", "rethrows", "static", "struct", "subscript", "typealias", "var",
        "break", "case", "catch", "continue", "default", "defer", "do", "else", "fallthrough",
        "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where", "while", "as",
        "Any", "await", "is", "self", "Self", "super", "throws", "try", "async", "actor", "some",
        "any", "nonisolated", "isolated", "consuming", "borrowing", "mutating", "nonmutating",
        "lazy", "weak", "unowned", "final", "override", "required", "convenience", "dynamic",
        "indirect", "get", "set", "willSet", "didSet", "sending", "package",
    ]
}

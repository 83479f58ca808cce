import DbgSymbols

/// What an expression can name, in one frame: variables (locals before globals), functions,
/// types, and the frame's registers and memory through `context`. `FrameScope` answers from
/// a binary's DWARF; tests answer from fakes.
public protocol EvaluationScope: Sendable {
    /// Types, memory, registers, symbols and the writer of the values this scope makes.
    var context: ValueContext { get }
    /// The language of the frame's code (of the program when there is no frame): literals'
    /// types and the result types of operators depend on it.
    var language: SourceLanguage { get }
    /// The variable a user means by `name` here: a local or parameter of the frame (the
    /// innermost, never a shadowed one), else a global or static.
    func variable(named name: String) -> Value?
    /// A function by name, as a value whose location is its entry point.
    func function(named name: String) -> Value?
    /// A type by name: C keyword types, `struct point`, `node_t`, `main.Order`.
    func type(named name: String) -> ValueType?
    /// Go: whether `name` is a package of the program (`main`, `runtime`, `net/http`).
    func isPackage(_ name: String) -> Bool
    /// What runs the program's functions for calls in the expression; nil where calls are
    /// refused (see FunctionCaller).
    var functionCaller: (any FunctionCaller)? { get }
}

extension EvaluationScope {
    public func function(named name: String) -> Value? { nil }

    public func isPackage(_ name: String) -> Bool { false }

    public var functionCaller: (any FunctionCaller)? { nil }

    public func type(named name: String) -> ValueType? {
        context.types.type(named: name, language: language)
    }
}

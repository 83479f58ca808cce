/// Why an expression could not be evaluated. The messages follow Delve's where it has one
/// (`could not find symbol value for x`).
public enum EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    case syntax(ParseError)
    case unknownSymbol(String)
    case unknownType(String)
    case unknownMember(String, type: String)
    case unknownRegister(String)
    /// An operation the operands do not allow; the text says which.
    case invalid(String)
    case divisionByZero
    /// A value the operation needed could not be read (or written).
    case value(ValueError)
    /// A call of a function of the program where calls are not run (conditions, `print` over
    /// the API's Eval, an editor's hover): only the `call` command runs them, as in Delve.
    case needsCall
    /// A function called for the expression stopped before it returned (a breakpoint in it,
    /// a halt): the rest of the expression is abandoned; the stop is the target's last.
    case callStopped
    /// A function whose return type the debugging information does not give (a library's
    /// assembly, an indirect function, no debugging information): gdb's words, and its way
    /// out, a cast of the call (`(size_t)strlen(s)`).
    case unknownReturnType(String)

    /// Delve's words for a call outside `call`, which clients of both servers recognise.
    public static let needsCallMessage = "function calls not allowed without using 'call'"

    public var description: String {
        switch self {
        case .syntax(let error): return error.description
        case .unknownSymbol(let name): return "could not find symbol value for \(name)"
        case .unknownType(let name): return "no type named \(name)"
        case .unknownMember(let name, let type): return "\(type) has no member named \(name)"
        case .unknownRegister(let name): return "unknown register $\(name)"
        case .invalid(let reason): return reason
        case .divisionByZero: return "division by zero"
        case .value(let error): return error.description
        case .needsCall: return Self.needsCallMessage
        case .callStopped: return "the program stopped while in a function called from dbg"
        case .unknownReturnType(let name): return "'\(name)' has unknown return type; cast the call to its declared return type"
        }
    }
}

/// What runs functions of the program for an expression (`call f(1)`, `print f(x) + 1`). A
/// scope has one only where running the program is what the user asked for (the `call`
/// command, which the REPL's `print` goes through when its expression calls): a condition,
/// an editor's hover or the API's Eval evaluate without one, and a call there is refused
/// (`EvaluationError.needsCall`), as Delve refuses it outside `call`.
public protocol FunctionCaller: Sendable {
    /// The prototype of the function `callee` names or points to, from its debugging
    /// information; an error (one line) when it cannot be called.
    func prototype(of callee: Value) throws(EvaluationError) -> FunctionPrototype
    /// The prototype of a function whose return type the call's cast declares (`(long)f(x)`,
    /// where `prototype(of:)` found none): no parameters known, the arguments promoted as C
    /// promotes them; an indirect function resolved to its implementation first.
    func declaredPrototype(of callee: Value, result: ValueType) throws(EvaluationError) -> FunctionPrototype
    /// Runs the function at `address` with `arguments` (converted to its parameters' types
    /// already) and gives what it returned, nil for `void`. A stop inside it (a breakpoint, a
    /// halt) throws `.callStopped`, the call left suspended for the user to look at.
    func call(_ address: UInt64, prototype: FunctionPrototype, arguments: [CallArgument]) throws(EvaluationError) -> Value?
}

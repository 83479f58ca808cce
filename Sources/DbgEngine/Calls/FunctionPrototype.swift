/// A function as a call needs it: where it is, its parameters' and result's types (in the
/// context of the binary that holds it), and how its extra arguments are passed.
public struct FunctionPrototype: Sendable {
    /// The name for messages (`add`, or the expression that gave a function pointer).
    public var name: String
    public var address: UInt64
    public var parameters: [ValueType]
    /// The parameters' names (Go's messages name them), as many as known.
    public var parameterNames: [String] = []
    /// Go: the function's results, named (`~r0` or as declared), in order.
    public var namedResults: [(name: String, type: ValueType)] = []
    /// nil: `void`.
    public var result: ValueType?
    /// Takes `...`: arguments past the parameters get the default promotions, and `al`
    /// says how many vector registers hold arguments.
    public var isVariadic: Bool
    /// Declared with its parameters (`int f(int)`), not K&R's `int f()`: without a
    /// prototype any number of arguments go, with the default promotions.
    public var isPrototyped: Bool
    /// How the language of the function's code is called.
    var convention: FunctionCallSupport
}

import DbgSymbols

/// A function a trace watches: where its calls and returns are probed, and what is known
/// of its parameters and results.
public struct TracedFunction: Sendable {
    public var name: String
    /// The function's first instruction (static address).
    public var entry: Address
    /// The function's size in bytes (its symbol's).
    public var size: UInt64
    /// Where the call is probed: the entry, or for Go past the stack-growth check (a call
    /// that grows its stack runs that check twice, and would be counted twice).
    public var callProbe: Address
    /// Every RET instruction: a return is probed there, never by rewriting return
    /// addresses (which breaks Go's stack copying).
    public var returnProbes: [Address]
    /// The function's scope at the call probe; nil without debug info (arguments are then
    /// shown as the raw argument registers).
    public var frame: ScopeFrame?
    /// The DWARF type of a C function's result (nil for void or unknown).
    public var returnType: DIEOffset?
    public var language: SourceLanguage

    /// Parameters shown at a call: Go's results (`~r0`, named results) are not arguments.
    public var arguments: [Variable] {
        (frame?.parameters ?? []).filter { !$0.isVariableParameter && !$0.isArtificial }
    }

    /// Go's results, in order.
    public var results: [Variable] {
        (frame?.parameters ?? []).filter { $0.isVariableParameter }
    }
}

import DbgSymbols

/// One probed instruction of a trace: a function's call probe or one of its RETs.
public struct TraceProbe: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case call, returning }

    public var kind: Kind
    /// Index into `TracePlan.functions`.
    public var function: Int
    public var address: Address
    /// Where the instruction is in the binary file (what a uprobe is placed by).
    public var fileOffset: UInt64
}

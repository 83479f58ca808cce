/// A function with code, from a DW_TAG_subprogram entry.
public struct Function: Sendable, Hashable {
    /// The name as users write it: C as is, Go `pkg.(*T).Method`, Swift demangled.
    public var name: String
    public var linkageName: String?
    public var offset: DIEOffset
    public var unitIndex: Int
    public var ranges: [AddressRange]
    public var entry: Address
    public var declFile: String?
    public var declLine: UInt32?
    public var isExternal: Bool
    /// Inlined calls inside this function, outermost first (preorder).
    public var inlinedCalls: [InlinedCall]
    /// DW_AT_trampoline: a wrapper that only calls another function (Go's wrappers for
    /// `go f(x)` and `defer f(x)`).
    public var isTrampoline = false

    public func contains(_ address: Address) -> Bool { ranges.contains(address) }
}

/// A call that the compiler inlined, from a DW_TAG_inlined_subroutine entry.
public struct InlinedCall: Sendable, Hashable {
    public var name: String
    public var offset: DIEOffset
    public var origin: DIEOffset?
    public var ranges: [AddressRange]
    public var callFile: String?
    public var callLine: UInt32
    public var callColumn: UInt32
    /// 1 for a call inlined directly into the function, 2 for one inlined into that, ...
    public var depth: Int
    /// Where the inlined code starts: its first range's start (see `FunctionCollector.entry(of:)`).
    public var entry: Address?

    public func contains(_ address: Address) -> Bool { ranges.contains(address) }
}

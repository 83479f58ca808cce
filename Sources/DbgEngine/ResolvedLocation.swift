import DbgSymbols

/// A location resolved to one address in a binary.
public struct ResolvedLocation: Sendable, Hashable {
    public var address: Address
    public var functionName: String?
    public var source: SourceLocation?

    public init(address: Address, functionName: String?, source: SourceLocation?) {
        self.address = address
        self.functionName = functionName
        self.source = source
    }
}

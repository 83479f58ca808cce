/// One traced call or return, decoded and formatted, in the order the program made them.
public struct TraceEvent: Sendable {
    public enum Kind: Sendable, Hashable { case call, returning }

    public struct Item: Sendable, Hashable {
        /// The parameter's name (C shows it, Go does not); nil for results and raw registers.
        public var name: String?
        public var value: String
    }

    public var kind: Kind
    public var function: String
    public var thread: Int32
    /// Go only: the goroutine the call ran on (nil when unknown or not Go).
    public var goroutine: Int64?
    /// perf clock nanoseconds.
    public var time: UInt64
    /// Arguments of a call; results of a return.
    public var items: [Item]
    public var language: SourceLanguageTag
}

/// The language that decides how a trace line looks (Delve's Go lines, or C's).
public enum SourceLanguageTag: Sendable, Hashable { case go, c }

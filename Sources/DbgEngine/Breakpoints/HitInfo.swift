import DbgProcess

/// What a breakpoint's `HitActions` gathered at one hit, read while the thread was stopped
/// there (Delve's BreakpointInfo).
public struct HitInfo: Sendable {
    /// The goroutine that hit it, with its locations and labels as they were at the hit (a
    /// tracepoint's are reported after the program has moved on).
    public var goroutine: (goroutine: GreenThread, locations: GreenThreadLocations, labels: [String: String])?
    public var stack: [StackFrame]?
    /// Each `print` expression with its value, or why it could not be evaluated.
    public var values: [(expression: String, value: Result<LoadedValue, EngineError>)] = []
    /// The function's parameters; `isResult` marks Go's result parameters.
    public var arguments: [(value: LoadedValue, isResult: Bool)]?
    public var locals: [LoadedValue]?

    public init() {}
}

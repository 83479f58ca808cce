/// One argument of a call, as it is passed.
public enum CallArgument: Sendable {
    /// A value of the parameter's type (or, past the parameters, of its promoted type).
    case value(Value)
    /// A pointer to a copy of these bytes that the call puts in the program's memory (a
    /// string literal, `length("hello")`, which has no address of its own): below the red
    /// zone, with the call's other data, valid until the function returns.
    case copied([UInt8], pointerType: ValueType)
}

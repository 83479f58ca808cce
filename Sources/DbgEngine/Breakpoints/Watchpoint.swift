import DbgProcess

/// What a watchpoint watches: the bytes of an expression's value, through one hardware debug
/// register (the same one in every thread).
public struct Watchpoint: Sendable, Hashable {
    /// The expression as typed (Delve's WatchExpr).
    public var expression: String
    /// Writes, or reads and writes (x86-64 cannot watch reads alone: `-r` watches both).
    public var access: WatchAccess
    /// The user asked for reads only (`watch -r`), which is watched as reads and writes.
    public var readOnlyRequested: Bool
    public var address: UInt64
    public var size: Int
    /// The debug register (0-3) holding it while enabled.
    public var register: Int
}

/// The watched value's change at a watchpoint's hit: before (the last value seen) and after.
public struct WatchChange: Sendable {
    public var old: LoadedValue
    public var new: LoadedValue
}

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
    /// For a variable on a stack: the frame that holds it, whose return clears the watchpoint
    /// (nil: a global or heap variable, watched until cleared).
    public var scope: WatchScope?
}

/// The frame a watched stack variable lives in: where it returns to, and its CFA (the stack
/// pointer once it has returned; a deeper call of the same function returning to the same
/// place leaves it lower).
public struct WatchScope: Sendable, Hashable {
    public var thread: ThreadID
    /// The green thread the frame belongs to (a goroutine moves between threads), its
    /// record's address, and the top of its stack as the watchpoint knows it: when the runtime
    /// moves the stack, the variable moves by as much as the top.
    public var greenThread: Int64?
    public var greenThreadAddress: UInt64?
    public var stackHi: UInt64?
    public var frameCFA: UInt64
    public var returnAddress: UInt64
}

/// The watched value's change at a watchpoint's hit: before (the last value seen) and after.
public struct WatchChange: Sendable {
    public var old: LoadedValue
    public var new: LoadedValue
}

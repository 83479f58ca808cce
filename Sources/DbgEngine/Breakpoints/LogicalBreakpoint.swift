/// A user's breakpoint: what they asked for (a location spec and its options) and where it
/// resolved. Sites (one per address) and breaklets (reasons to stop there) live below it.
public struct LogicalBreakpoint: Sendable, Hashable {
    public var id: Int
    public var name: String
    /// The location spec as typed, kept to resolve again when libraries load or on restart.
    public var spec: String
    public var locations: [Location]
    public var condition: String?
    public var hitCondition: HitCondition?
    /// Count hits per goroutine (Go) for the hit condition, instead of in total.
    public var hitConditionPerGoroutine: Bool
    /// A tracepoint prints and goes on instead of stopping.
    public var isTracepoint: Bool
    /// A return tracepoint (at a function's RET instructions): it prints what the function
    /// returns and goes on.
    public var isTraceReturn = false
    /// What each hit gathers besides stopping (`on ID print EXPR`, `on ID stack N`, ...).
    public var onHit = HitActions()
    public var isDisabled: Bool
    /// A watchpoint (`watch EXPR`): it stops at accesses to data, not at code; no locations.
    public var watch: Watchpoint?
    public var totalHits: UInt64
    /// Hits per goroutine id (Go) or thread id (native code).
    public var hitsPerGoroutine: [Int64: UInt64]

    public struct Location: Sendable, Hashable {
        public var address: UInt64
        public var functionName: String?
        public var file: String?
        public var line: Int

        public init(address: UInt64, functionName: String?, file: String?, line: Int) {
            self.address = address
            self.functionName = functionName
            self.file = file
            self.line = line
        }
    }

    public init(id: Int, spec: String, locations: [Location]) {
        self.id = id
        self.name = ""
        self.spec = spec
        self.locations = locations
        self.condition = nil
        self.hitCondition = nil
        self.hitConditionPerGoroutine = false
        self.isTracepoint = false
        self.isDisabled = false
        self.totalHits = 0
        self.hitsPerGoroutine = [:]
    }

    /// A spec that did not resolve yet (a library not loaded): it resolves when one loads.
    public var isPending: Bool { locations.isEmpty && watch == nil }

    /// Counts a hit by a goroutine (or a thread, in native code) whose condition held, and
    /// says whether it stops the program (the hit condition decides; without one every
    /// counted hit stops).
    public mutating func recordHit(by executor: Int64) -> Bool {
        totalHits += 1
        hitsPerGoroutine[executor, default: 0] += 1
        guard let hitCondition else { return true }
        let count = hitConditionPerGoroutine ? hitsPerGoroutine[executor, default: 0] : totalHits
        return hitCondition.isSatisfied(byCount: count)
    }
}

extension API {
    /// Delve's `api.Breakpoint`: a user's breakpoint (or tracepoint) and where it resolved.
    public struct Breakpoint: Codable, Sendable, Hashable {
        /// Delve's name for a stop at an int3 the program executed itself.
        public static let hardcodedName = "hardcoded-breakpoint"

        public var id: Int
        public var name: String
        public var addr: UInt64
        public var addrs: [UInt64]
        public var file: String
        public var line: Int
        public var functionName: String?
        /// The location spec as the user typed it (kept for re-resolution).
        public var exprString: String
        public var cond: String
        public var hitCond: String
        public var hitCondPerG: Bool
        /// Delve calls a tracepoint's flag "continue" on the wire.
        public var tracepoint: Bool
        public var traceReturn: Bool
        public var goroutine: Bool
        public var stacktrace: Int
        public var variables: [String]?
        public var loadArgs: LoadConfig?
        public var loadLocals: LoadConfig?
        public var hitCount: [String: UInt64]
        public var totalHitCount: UInt64
        public var disabled: Bool
        /// A watchpoint's expression (empty for a breakpoint on code).
        public var watchExpr: String = ""
        /// A watchpoint's accesses: Delve's bits, 1 read, 2 write.
        public var watchType: Int = 0
        /// Not in Delve's type: keep the breakpoint unresolved until a library that has its
        /// location loads.
        public var pending: Bool?

        enum CodingKeys: String, CodingKey {
            case id, name, addr, addrs, file, line, functionName
            case exprString = "ExprString", cond = "Cond", hitCond = "HitCond", hitCondPerG = "HitCondPerG"
            case tracepoint = "continue", traceReturn, goroutine, stacktrace, variables
            case loadArgs = "LoadArgs", loadLocals = "LoadLocals"
            case hitCount, totalHitCount, disabled, pending
            case watchExpr = "WatchExpr", watchType = "WatchType"
        }

        public init(
            id: Int = 0, name: String = "", addrs: [UInt64] = [], file: String = "", line: Int = 0,
            functionName: String? = nil, exprString: String = "", cond: String = "", hitCond: String = "",
            tracepoint: Bool = false
        ) {
            self.id = id
            self.name = name
            self.addr = addrs.first ?? 0
            self.addrs = addrs
            self.file = file
            self.line = line
            self.functionName = functionName
            self.exprString = exprString
            self.cond = cond
            self.hitCond = hitCond
            self.hitCondPerG = false
            self.tracepoint = tracepoint
            self.traceReturn = false
            self.goroutine = false
            self.stacktrace = 0
            self.variables = nil
            self.loadArgs = nil
            self.loadLocals = nil
            self.hitCount = [:]
            self.totalHitCount = 0
            self.disabled = false
            self.pending = nil
        }

        public init(from decoder: any Decoder) throws {
            // Clients send partial breakpoints (CreateBreakpoint with only a file and line):
            // every field is optional on the way in.
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decodeIfPresent(Int.self, forKey: .id) ?? 0
            name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
            addr = try c.decodeIfPresent(UInt64.self, forKey: .addr) ?? 0
            addrs = try c.decodeIfPresent([UInt64].self, forKey: .addrs) ?? []
            file = try c.decodeIfPresent(String.self, forKey: .file) ?? ""
            line = try c.decodeIfPresent(Int.self, forKey: .line) ?? 0
            functionName = try c.decodeIfPresent(String.self, forKey: .functionName)
            exprString = try c.decodeIfPresent(String.self, forKey: .exprString) ?? ""
            cond = try c.decodeIfPresent(String.self, forKey: .cond) ?? ""
            hitCond = try c.decodeIfPresent(String.self, forKey: .hitCond) ?? ""
            hitCondPerG = try c.decodeIfPresent(Bool.self, forKey: .hitCondPerG) ?? false
            tracepoint = try c.decodeIfPresent(Bool.self, forKey: .tracepoint) ?? false
            traceReturn = try c.decodeIfPresent(Bool.self, forKey: .traceReturn) ?? false
            goroutine = try c.decodeIfPresent(Bool.self, forKey: .goroutine) ?? false
            stacktrace = try c.decodeIfPresent(Int.self, forKey: .stacktrace) ?? 0
            variables = try c.decodeIfPresent([String].self, forKey: .variables)
            loadArgs = try c.decodeIfPresent(LoadConfig.self, forKey: .loadArgs)
            loadLocals = try c.decodeIfPresent(LoadConfig.self, forKey: .loadLocals)
            hitCount = try c.decodeIfPresent([String: UInt64].self, forKey: .hitCount) ?? [:]
            totalHitCount = try c.decodeIfPresent(UInt64.self, forKey: .totalHitCount) ?? 0
            disabled = try c.decodeIfPresent(Bool.self, forKey: .disabled) ?? false
            pending = try c.decodeIfPresent(Bool.self, forKey: .pending)
            watchExpr = try c.decodeIfPresent(String.self, forKey: .watchExpr) ?? ""
            watchType = try c.decodeIfPresent(Int.self, forKey: .watchType) ?? 0
        }
    }

    /// Delve's `api.WatchType` bits. A created watchpoint's also holds its size in bytes
    /// from bit 4 up, as Delve's server reports it.
    public enum WatchType {
        public static let read = 1
        public static let write = 2
        public static let sizeShift = 4
        /// The access bits alone.
        public static let accesses = read | write
    }

    /// Delve's `api.LoadConfig`: how much of a value to read.
    public struct LoadConfig: Codable, Sendable, Hashable {
        public var followPointers: Bool
        public var maxVariableRecurse: Int
        public var maxStringLen: Int
        public var maxArrayValues: Int
        public var maxStructFields: Int

        enum CodingKeys: String, CodingKey {
            case followPointers = "FollowPointers", maxVariableRecurse = "MaxVariableRecurse"
            case maxStringLen = "MaxStringLen", maxArrayValues = "MaxArrayValues", maxStructFields = "MaxStructFields"
        }

        public init(followPointers: Bool = true, maxVariableRecurse: Int = 1, maxStringLen: Int = 64,
                    maxArrayValues: Int = 64, maxStructFields: Int = -1) {
            self.followPointers = followPointers
            self.maxVariableRecurse = maxVariableRecurse
            self.maxStringLen = maxStringLen
            self.maxArrayValues = maxArrayValues
            self.maxStructFields = maxStructFields
        }

        /// Delve's terminal default.
        public static let standard = LoadConfig()
    }
}

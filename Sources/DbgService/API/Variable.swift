extension API {
    /// Delve's `api.Variable`: a value as loaded, with its children.
    public struct Variable: Codable, Sendable, Hashable {
        public var name: String
        public var addr: UInt64
        public var onlyAddr: Bool
        public var type: String
        public var realType: String
        public var flags: UInt16
        /// Go's reflect.Kind numbering (Bool 1 … UnsafePointer 26), as Delve sends it.
        public var kind: UInt
        public var value: String
        public var len: Int64
        public var cap: Int64
        public var children: [Variable]
        public var base: UInt64
        public var unreadable: String
        public var locationExpr: String
        public var declLine: Int64
        /// Not in Delve's type: a string's bytes when they are not UTF-8 (C text in Latin-1),
        /// which `value` cannot hold (it has U+FFFD for each bad sequence). Nil otherwise.
        public var bytes: [UInt8]?

        enum CodingKeys: String, CodingKey {
            case name, addr, onlyAddr, type, realType, flags, kind, value, len, cap, children, base, unreadable
            case locationExpr = "LocationExpr", declLine = "DeclLine", bytes
        }

        public init(name: String, type: String, value: String, kind: UInt = 0, children: [Variable] = []) {
            self.name = name
            self.addr = 0
            self.onlyAddr = false
            self.type = type
            self.realType = type
            self.flags = 0
            self.kind = kind
            self.value = value
            self.len = 0
            self.cap = 0
            self.children = children
            self.base = 0
            self.unreadable = ""
            self.locationExpr = ""
            self.declLine = 0
            self.bytes = nil
        }

        public static let shadowedFlag: UInt16 = 1 << 1
        /// Delve's VariableFakeAddress: the value has no address (registers, computed).
        public static let fakeAddressFlag: UInt16 = 1 << 5
        public static let argumentFlag: UInt16 = 1 << 3
        public static let returnArgumentFlag: UInt16 = 1 << 4
        /// Delve's VariableCPURegister: a register shown as a variable.
        public static let cpuRegisterFlag: UInt16 = 1 << 6
        /// dbg's own: a Swift value, printed as Swift writes it (Delve's clients ignore the bit).
        public static let swiftFlag: UInt16 = 1 << 14
        /// dbg's own: `value` is the whole text the value's type describes it with (a Swift
        /// Date, a Duration).
        public static let describedFlag: UInt16 = 1 << 15
    }

    /// Delve's `api.Stackframe`.
    public struct Stackframe: Codable, Sendable, Hashable {
        public var location: Location
        public var locals: [Variable]?
        public var arguments: [Variable]?
        public var frameOffset: Int64
        public var framePointerOffset: Int64
        public var bottom: Bool
        public var err: String
        /// Not in Delve's type: this frame is a call the compiler inlined into the next one.
        public var inlined: Bool
        /// The frame's pending deferred calls, newest first (asked for with `stack -defer`).
        public var defers: [Defer]?

        enum CodingKeys: String, CodingKey {
            case pc, file, line, function, pcs
            case locals = "Locals", arguments = "Arguments", frameOffset = "FrameOffset"
            case framePointerOffset = "FramePointerOffset", bottom = "Bottom", err = "Err", inlined, defers = "Defers"
        }

        public init(location: Location, frameOffset: Int64 = 0, bottom: Bool = false, err: String = "", inlined: Bool = false) {
            self.location = location
            self.locals = nil
            self.arguments = nil
            self.frameOffset = frameOffset
            self.framePointerOffset = 0
            self.bottom = bottom
            self.err = err
            self.inlined = inlined
            self.defers = nil
        }

        // Delve embeds Location: its fields sit at the top level of a frame's JSON.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            location = Location(
                pc: try c.decodeIfPresent(UInt64.self, forKey: .pc) ?? 0,
                file: try c.decodeIfPresent(String.self, forKey: .file) ?? "",
                line: try c.decodeIfPresent(Int.self, forKey: .line) ?? 0,
                function: try c.decodeIfPresent(Function.self, forKey: .function),
                pcs: try c.decodeIfPresent([UInt64].self, forKey: .pcs))
            locals = try c.decodeIfPresent([Variable].self, forKey: .locals)
            arguments = try c.decodeIfPresent([Variable].self, forKey: .arguments)
            frameOffset = try c.decodeIfPresent(Int64.self, forKey: .frameOffset) ?? 0
            framePointerOffset = try c.decodeIfPresent(Int64.self, forKey: .framePointerOffset) ?? 0
            bottom = try c.decodeIfPresent(Bool.self, forKey: .bottom) ?? false
            err = try c.decodeIfPresent(String.self, forKey: .err) ?? ""
            inlined = try c.decodeIfPresent(Bool.self, forKey: .inlined) ?? false
            defers = try c.decodeIfPresent([Defer].self, forKey: .defers)
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(location.pc, forKey: .pc)
            try c.encode(location.file, forKey: .file)
            try c.encode(location.line, forKey: .line)
            try c.encodeIfPresent(location.function, forKey: .function)
            try c.encodeIfPresent(location.pcs, forKey: .pcs)
            // Delve writes both even when not loaded (null), as Go writes nil slices.
            try c.encode(locals, forKey: .locals)
            try c.encode(arguments, forKey: .arguments)
            try c.encode(frameOffset, forKey: .frameOffset)
            try c.encode(framePointerOffset, forKey: .framePointerOffset)
            if bottom { try c.encode(bottom, forKey: .bottom) }
            try c.encode(err, forKey: .err)
            if inlined { try c.encode(inlined, forKey: .inlined) }
            try c.encode(defers, forKey: .defers)
        }
    }

    /// Delve's `api.Defer`: a deferred call not yet run.
    public struct Defer: Codable, Sendable, Hashable {
        /// The function that will run, at its entry.
        public var deferredLoc: Location
        /// The `defer` statement.
        public var deferLoc: Location
        /// The deferring frame's stack pointer when it deferred the call.
        public var sp: UInt64
        public var unreadable: String

        enum CodingKeys: String, CodingKey {
            case deferredLoc = "DeferredLoc", deferLoc = "DeferLoc", sp = "SP", unreadable = "Unreadable"
        }

        public init(deferredLoc: Location, deferLoc: Location, sp: UInt64, unreadable: String = "") {
            self.deferredLoc = deferredLoc
            self.deferLoc = deferLoc
            self.sp = sp
            self.unreadable = unreadable
        }
    }
}

extension API {
    /// Delve's `api.Location`: a pc with its source position and function.
    public struct Location: Codable, Sendable, Hashable {
        public var pc: UInt64
        public var file: String
        public var line: Int
        public var function: Function?
        /// Several addresses for one logical location (inlined copies), as FindLocation returns.
        public var pcs: [UInt64]?

        public init(pc: UInt64, file: String, line: Int, function: Function?, pcs: [UInt64]? = nil) {
            self.pc = pc
            self.file = file
            self.line = line
            self.function = function
            self.pcs = pcs
        }
    }

    /// Delve's `api.Function`.
    public struct Function: Codable, Sendable, Hashable {
        public var name: String
        public var value: UInt64
        public var type: UInt8
        public var goType: UInt64
        public var optimized: Bool

        public init(name: String, value: UInt64, optimized: Bool = false) {
            self.name = name
            self.value = value
            self.type = 0
            self.goType = 0
            self.optimized = optimized
        }
    }
}

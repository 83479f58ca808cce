extension API {
    /// Delve's `api.DumpState`: how far a core dump got. dbg writes the core within the
    /// request, so the state it returns is the end.
    public struct DumpState: Codable, Sendable, Equatable {
        public var dumping: Bool
        public var allDone: Bool
        public var threadsDone: Int
        public var threadsTotal: Int
        /// Bytes of memory.
        public var memoryDone: UInt64
        public var memoryTotal: UInt64
        /// Bytes of the memory written that could not be read (written as zeros): the core
        /// could be incomplete. Not in Delve's DumpState.
        public var unreadable: UInt64
        public var error: String

        enum CodingKeys: String, CodingKey {
            case dumping = "Dumping", allDone = "AllDone", threadsDone = "ThreadsDone", threadsTotal = "ThreadsTotal"
            case memoryDone = "MemDone", memoryTotal = "MemTotal", unreadable = "Unreadable", error = "Err"
        }

        public init(threads: Int, memory: UInt64, unreadable: UInt64) {
            dumping = false
            allDone = true
            threadsDone = threads
            threadsTotal = threads
            memoryDone = memory
            memoryTotal = memory
            self.unreadable = unreadable
            error = ""
        }
    }
}

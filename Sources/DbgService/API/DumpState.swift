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

        /// No dump asked for yet.
        public static let none: DumpState = {
            var state = DumpState(threads: 0, memory: 0, unreadable: 0)
            state.allDone = false
            return state
        }()

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

        /// Delve's replies have no `Unreadable`.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            dumping = try container.decode(Bool.self, forKey: .dumping)
            allDone = try container.decode(Bool.self, forKey: .allDone)
            threadsDone = try container.decode(Int.self, forKey: .threadsDone)
            threadsTotal = try container.decode(Int.self, forKey: .threadsTotal)
            memoryDone = try container.decode(UInt64.self, forKey: .memoryDone)
            memoryTotal = try container.decode(UInt64.self, forKey: .memoryTotal)
            unreadable = try container.decodeIfPresent(UInt64.self, forKey: .unreadable) ?? 0
            error = try container.decodeIfPresent(String.self, forKey: .error) ?? ""
        }
    }
}

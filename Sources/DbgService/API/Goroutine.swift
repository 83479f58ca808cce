extension API {
    /// Delve's `api.Goroutine`. Status is the runtime's `atomicstatus`; wait reason the
    /// runtime's `waitReason` number (its text in `waitReasonText`, not in Delve's type).
    public struct Goroutine: Codable, Sendable, Hashable {
        public var id: Int64
        public var currentLoc: Location
        public var userCurrentLoc: Location
        public var goStatementLoc: Location
        public var startLoc: Location
        public var threadID: Int
        public var status: UInt64
        public var waitSince: Int64
        public var waitReason: Int64
        public var unreadable: String
        /// pprof labels, as Delve's `labels` (omitted when there are none).
        public var labels: [String: String]?
        /// Not in Delve's type: the wait reason as the runtime words it ("chan receive").
        public var waitReasonText: String?
        /// Not in Delve's type: what the runtime calls its green threads when not goroutines
        /// ("task" for Swift's async tasks); nil for goroutines.
        public var noun: String?
        /// Not in Delve's type: the green thread that started this one (a Swift child task's
        /// parent), when the runtime records it.
        public var parentID: Int64?

        enum CodingKeys: String, CodingKey {
            case id, currentLoc, userCurrentLoc, goStatementLoc, startLoc, threadID
            case status, waitSince, waitReason, unreadable, labels
            case waitReasonText, noun, parentID
        }

        public init(id: Int64, currentLoc: Location, userCurrentLoc: Location, goStatementLoc: Location,
                    startLoc: Location, threadID: Int, status: UInt64, waitSince: Int64, waitReason: Int64,
                    unreadable: String = "", labels: [String: String]? = nil, waitReasonText: String? = nil,
                    parentID: Int64? = nil) {
            self.id = id
            self.currentLoc = currentLoc
            self.userCurrentLoc = userCurrentLoc
            self.goStatementLoc = goStatementLoc
            self.startLoc = startLoc
            self.threadID = threadID
            self.status = status
            self.waitSince = waitSince
            self.waitReason = waitReason
            self.unreadable = unreadable
            self.labels = labels
            self.waitReasonText = waitReasonText
            self.parentID = parentID
        }
    }

    /// Delve's `api.GoroutineField`: what a filter or a grouping looks at.
    public enum GoroutineField: Int, Codable, Sendable, Hashable {
        case none = 0, currentLoc, userLoc, goLoc, startLoc, label, running, user, waitingOnChannel
    }

    /// Delve's `api.ListGoroutinesFilter`: keep goroutines whose field matches `arg`
    /// (a substring of the location's file:line or function; a label `key=value`), or the
    /// others when `negated`.
    public struct GoroutineFilter: Codable, Sendable, Hashable {
        public var kind: GoroutineField
        public var negated: Bool
        public var arg: String

        enum CodingKeys: String, CodingKey {
            case kind = "Kind", negated = "Negated", arg = "Arg"
        }

        public init(kind: GoroutineField, negated: Bool = false, arg: String = "") {
            self.kind = kind
            self.negated = negated
            self.arg = arg
        }
    }

    /// Delve's `api.GoroutineGroupingOptions`.
    public struct GoroutineGrouping: Codable, Sendable, Hashable {
        public var groupBy: GoroutineField
        public var groupByKey: String
        public var maxGroupMembers: Int
        public var maxGroups: Int

        enum CodingKeys: String, CodingKey {
            case groupBy = "GroupBy", groupByKey = "GroupByKey", maxGroupMembers = "MaxGroupMembers"
            case maxGroups = "MaxGroups"
        }

        public init(groupBy: GoroutineField = .none, groupByKey: String = "", maxGroupMembers: Int = 0, maxGroups: Int = 0) {
            self.groupBy = groupBy
            self.groupByKey = groupByKey
            self.maxGroupMembers = maxGroupMembers
            self.maxGroups = maxGroups
        }
    }

    /// Delve's `api.GoroutineGroup`: `count` members listed from `offset` of `total`.
    public struct GoroutineGroup: Codable, Sendable, Hashable {
        public var name: String
        public var offset: Int
        public var count: Int
        public var total: Int

        enum CodingKeys: String, CodingKey {
            case name = "Name", offset = "Offset", count = "Count", total = "Total"
        }

        public init(name: String, offset: Int, count: Int, total: Int) {
            self.name = name
            self.offset = offset
            self.count = count
            self.total = total
        }
    }

    /// One page of goroutines (the reply of Delve's `ListGoroutines`). `nextStart` is where the
    /// next page starts, or -1 when this page reached the end (Delve's `Nextg`).
    public struct GoroutineList: Codable, Sendable, Hashable {
        public var goroutines: [Goroutine]
        public var nextStart: Int
        public var groups: [GoroutineGroup]?
        public var tooManyGroups: Bool

        enum CodingKeys: String, CodingKey {
            case goroutines = "Goroutines", nextStart = "Nextg", groups = "Groups", tooManyGroups = "TooManyGroups"
        }

        public init(goroutines: [Goroutine], nextStart: Int, groups: [GoroutineGroup]? = nil, tooManyGroups: Bool = false) {
            self.goroutines = goroutines
            self.nextStart = nextStart
            self.groups = groups
            self.tooManyGroups = tooManyGroups
        }

        /// Delve writes `"Groups": null` when it did not group.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(goroutines, forKey: .goroutines)
            try c.encode(nextStart, forKey: .nextStart)
            try c.encode(groups, forKey: .groups)
            try c.encode(tooManyGroups, forKey: .tooManyGroups)
        }
    }
}

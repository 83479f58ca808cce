import DbgEngine
import DbgProcess

/// Goroutines as Delve's ListGoroutines returns them: paged, filtered, grouped.
extension LocalDebugger {
    public func listGoroutines(start: Int, count: Int, filters: [API.GoroutineFilter], grouping: API.GoroutineGrouping)
        async throws(ServiceError) -> API.GoroutineList
    {
        try stopped()
        let all: [Goroutine]
        do { all = try await target.goroutines() } catch { throw ServiceError(error.message) }
        guard start >= 0 else { throw ServiceError("invalid start \(start)") }
        var described: [API.Goroutine] = []
        var index = start
        // Filters need every goroutine's locations; without them a page needs only its own.
        let limit = count > 0 ? count : Int.max
        let grouped = grouping.groupBy != .none
        while index < all.count && (described.count < limit || grouped) {
            let goroutine = all[index]
            index += 1
            let api = await apiGoroutine(goroutine)
            if filters.allSatisfy({ Self.keeps(api, goroutine: goroutine, filter: $0) }) { described.append(api) }
        }
        if grouped { return Self.group(described, by: grouping) }
        return API.GoroutineList(goroutines: described, nextStart: index < all.count ? index : -1)
    }

    func apiGoroutine(_ goroutine: Goroutine) async -> API.Goroutine {
        let locations = await target.locations(of: goroutine)
        return API.Goroutine(
            id: goroutine.id, currentLoc: Self.apiLocation(locations.current), userCurrentLoc: Self.apiLocation(locations.user),
            goStatementLoc: Self.apiLocation(locations.goStatement), startLoc: Self.apiLocation(locations.start),
            threadID: goroutine.thread.map { Int($0.value) } ?? 0, status: UInt64(goroutine.status.rawValue),
            waitSince: goroutine.waitSince, waitReason: Int64(goroutine.waitReason),
            waitReasonText: goroutine.waitReasonText)
    }

    /// Delve's filter rules: a location matches when "file:line in function" contains the
    /// argument.
    static func keeps(_ g: API.Goroutine, goroutine: Goroutine, filter: API.GoroutineFilter) -> Bool {
        let matches: Bool
        switch filter.kind {
        case .none, .label, .waitingOnChannel: matches = true
        case .currentLoc: matches = locationText(g.currentLoc).contains(filter.arg)
        case .userLoc: matches = locationText(g.userCurrentLoc).contains(filter.arg)
        case .goLoc: matches = locationText(g.goStatementLoc).contains(filter.arg)
        case .startLoc: matches = locationText(g.startLoc).contains(filter.arg)
        case .running: matches = goroutine.thread != nil
        case .user: matches = !isSystem(g)
        }
        return matches != filter.negated
    }

    static func locationText(_ location: API.Location) -> String {
        "\(location.file):\(location.line) in \(location.function?.name ?? "?")"
    }

    /// A goroutine the runtime started for itself (GC workers, the finalizer): its start
    /// function is a private runtime function.
    static func isSystem(_ g: API.Goroutine) -> Bool {
        guard let name = g.startLoc.function?.name else { return false }
        if name == "runtime.main" { return false }
        return !GoroutineLocations.isUserFunction(name)
    }

    /// Groups by a location's text (or by running / user), keeping at most
    /// `maxGroupMembers` of each group and at most `maxGroups` groups.
    static func group(_ goroutines: [API.Goroutine], by grouping: API.GoroutineGrouping) -> API.GoroutineList {
        var order: [String] = []
        var members: [String: [API.Goroutine]] = [:]
        for g in goroutines {
            let key: String
            switch grouping.groupBy {
            case .currentLoc: key = locationText(g.currentLoc)
            case .userLoc: key = locationText(g.userCurrentLoc)
            case .goLoc: key = locationText(g.goStatementLoc)
            case .startLoc: key = locationText(g.startLoc)
            case .running: key = g.threadID != 0 ? "running=true" : "running=false"
            case .user: key = isSystem(g) ? "user=false" : "user=true"
            case .label: key = "\(grouping.groupByKey)=\(g.labels?[grouping.groupByKey] ?? "")"
            case .none, .waitingOnChannel: key = ""
            }
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(g)
        }
        let maxGroups = grouping.maxGroups > 0 ? grouping.maxGroups : Int.max
        let maxMembers = grouping.maxGroupMembers > 0 ? grouping.maxGroupMembers : Int.max
        var listed: [API.Goroutine] = []
        var groups: [API.GoroutineGroup] = []
        for key in order.sorted().prefix(maxGroups) {
            let all = members[key] ?? []
            let kept = all.prefix(maxMembers)
            groups.append(API.GoroutineGroup(name: key, offset: listed.count, count: kept.count, total: all.count))
            listed += kept
        }
        return API.GoroutineList(goroutines: listed, nextStart: -1, groups: groups, tooManyGroups: order.count > maxGroups)
    }
}

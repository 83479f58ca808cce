import DbgEngine
import DbgProcess

/// Goroutines as Delve's ListGoroutines returns them: paged, filtered, grouped.
extension LocalDebugger {
    public func listGoroutines(start: Int, count: Int, filters: [API.GoroutineFilter], grouping: API.GoroutineGrouping,
                               scope: API.EvalScope?) async throws(ServiceError) -> API.GoroutineList
    {
        try stopped()
        guard start >= 0 else { throw ServiceError("invalid start \(start)", kind: .badInput) }
        if filters.isEmpty, grouping.groupBy == .none, count > 0, start <= Int.max - count - 1 {
            // A page needs only the goroutines up to its end, and their locations.
            let read: (greenThreads: [GreenThread], more: Bool)
            do { read = try await target.greenThreads(first: start + count) } catch { throw ServiceError(error) }
            guard start < read.greenThreads.count else { return API.GoroutineList(goroutines: [], nextStart: -1) }
            let page = Array(read.greenThreads[start...])
            return API.GoroutineList(goroutines: await apiGoroutines(page), nextStart: read.more ? start + page.count : -1)
        }
        var all: [GreenThread]
        do { all = try await target.greenThreads() } catch { throw ServiceError(error) }
        if let channel = filters.first(where: { $0.kind == .waitingOnChannel }) {
            let waiting = Set(try await goroutinesWaiting(on: channel, scope: scope))
            all.removeAll { !waiting.contains($0.id) }
        }
        guard start < all.count else { return API.GoroutineList(goroutines: [], nextStart: -1) }
        let limit = count > 0 ? count : Int.max
        let grouped = grouping.groupBy != .none
        if filters.isEmpty && !grouped {
            // A page needs only its own goroutines' locations.
            let end = limit >= all.count - start ? all.count : start + limit
            let page = Array(all[start..<end])
            return API.GoroutineList(goroutines: await apiGoroutines(page), nextStart: end < all.count ? end : -1)
        }
        var kept: [DescribedGoroutine] = []
        var index = start
        while index < all.count && (kept.count < limit || grouped) {
            let chunk = Array(all[index..<min(all.count, index + Self.goroutineChunk)])
            for described in await describe(chunk) {
                index += 1
                if filters.allSatisfy({ Self.keeps(described, filter: $0) }) { kept.append(described) }
                if kept.count == limit && !grouped { break }
            }
        }
        if grouped { return Self.group(kept, by: grouping) }
        return API.GoroutineList(goroutines: kept.map(\.api), nextStart: index < all.count ? index : -1)
    }

    /// The goroutines a channel filter keeps (Delve's rules and words).
    private func goroutinesWaiting(on filter: API.GoroutineFilter, scope: API.EvalScope?) async throws(ServiceError) -> [Int64] {
        if filter.negated { throw ServiceError("channel filter can not be negated", kind: .badInput) }
        guard let scope else { throw ServiceError("channel filter without eval scope", kind: .badInput) }
        do {
            return try await target.greenThreadsWaiting(
                onChannel: filter.arg, thread: target.selectedThread, greenThread: Self.goroutine(scope.goroutineID),
                frame: scope.frame, deferredCall: scope.deferredCall)
        } catch {
            throw ServiceError(error)
        }
    }

    /// Goroutines described per request to the engine when filtering.
    static let goroutineChunk = 1000

    /// A goroutine as the API shows it, with what filters and groups need beside.
    struct DescribedGoroutine {
        var api: API.Goroutine
        var isRunning: Bool
        /// Delve's "system goroutine": one the runtime started for itself.
        var isSystem: Bool
    }

    func apiGoroutines(_ goroutines: [GreenThread]) async -> [API.Goroutine] {
        await describe(goroutines).map(\.api)
    }

    private func describe(_ goroutines: [GreenThread]) async -> [DescribedGoroutine] {
        let locations = await target.locations(of: goroutines)
        let noun = Self.noun(await target.greenThreadNoun)
        var described = zip(goroutines, locations).map { goroutine, locations in
            var api = Self.apiGoroutine(goroutine, locations)
            api.noun = noun
            return DescribedGoroutine(api: api, isRunning: goroutine.thread != nil, isSystem: locations.isRuntimeOwned)
        }
        for (index, goroutine) in goroutines.enumerated() where goroutine.labelsAddress != 0 {
            let labels = await target.labels(of: goroutine)
            described[index].api.labels = labels.isEmpty ? nil : labels
        }
        return described
    }

    /// The API's word for green threads other than goroutines (nil: goroutines, as Delve's).
    static func noun(_ noun: String) -> String? { noun == "goroutine" ? nil : noun }

    func apiGoroutine(_ goroutine: GreenThread) async -> API.Goroutine {
        await apiGoroutines([goroutine])[0]
    }

    static func apiGoroutine(_ goroutine: GreenThread, _ locations: GreenThreadLocations) -> API.Goroutine {
        API.Goroutine(
            id: goroutine.id, currentLoc: apiLocation(locations.current), userCurrentLoc: apiLocation(locations.user),
            goStatementLoc: apiLocation(locations.creation), startLoc: apiLocation(locations.start),
            threadID: goroutine.thread.map { Int($0.value) } ?? 0, status: UInt64(goroutine.status.rawValue),
            waitSince: goroutine.waitSince, waitReason: Int64(goroutine.waitReason),
            waitReasonText: goroutine.waitReasonText, parentID: goroutine.parentID == 0 ? nil : goroutine.parentID)
    }

    /// Delve's filter rules: a location matches when "file:line in function" contains the
    /// argument.
    static func keeps(_ described: DescribedGoroutine, filter: API.GoroutineFilter) -> Bool {
        let g = described.api
        let matches: Bool
        switch filter.kind {
        case .none, .waitingOnChannel: matches = true
        case .label:
            // `key=value`: that label with that value; `key`: that label at all (Delve's rule).
            let labels = g.labels ?? [:]
            if let equals = filter.arg.firstIndex(of: "=") {
                matches = labels[String(filter.arg[..<equals])] == String(filter.arg[filter.arg.index(after: equals)...])
            } else {
                matches = labels[filter.arg] != nil
            }
        case .currentLoc: matches = locationText(g.currentLoc).contains(filter.arg)
        case .userLoc: matches = locationText(g.userCurrentLoc).contains(filter.arg)
        case .goLoc: matches = locationText(g.goStatementLoc).contains(filter.arg)
        case .startLoc: matches = locationText(g.startLoc).contains(filter.arg)
        case .running: matches = described.isRunning
        case .user: matches = !described.isSystem
        }
        return matches != filter.negated
    }

    static func locationText(_ location: API.Location) -> String {
        "\(location.file):\(location.line) in \(location.function?.name ?? "?")"
    }

    /// Groups by a location's text (or by running / user), keeping at most
    /// `maxGroupMembers` of each group and at most `maxGroups` groups.
    static func group(_ goroutines: [DescribedGoroutine], by grouping: API.GoroutineGrouping) -> API.GoroutineList {
        var order: [String] = []
        var members: [String: [API.Goroutine]] = [:]
        for described in goroutines {
            let g = described.api
            let key: String
            switch grouping.groupBy {
            case .currentLoc: key = locationText(g.currentLoc)
            case .userLoc: key = locationText(g.userCurrentLoc)
            case .goLoc: key = locationText(g.goStatementLoc)
            case .startLoc: key = locationText(g.startLoc)
            case .running: key = g.threadID != 0 ? "running=true" : "running=false"
            case .user: key = described.isSystem ? "user=false" : "user=true"
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

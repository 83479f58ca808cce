import DbgEngine

extension LocalDebugger {
    public func listGoroutines(start: Int, count: Int, filters: [API.GoroutineFilter], grouping: API.GoroutineGrouping)
        async throws(ServiceError) -> API.GoroutineList
    {
        try stopped()
        throw ServiceError("goroutines: not supported yet")
    }
}

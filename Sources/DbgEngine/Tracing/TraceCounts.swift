/// Events seen per probe (a number per event, nothing else), summed per function for the
/// trace's summary.
struct TraceCounts {
    private let plan: TracePlan
    private let probes: [TraceProbe]
    private var perProbe: [Int]

    init(plan: TracePlan, probes: [TraceProbe]) {
        self.plan = plan
        self.probes = probes
        perProbe = Array(repeating: 0, count: probes.count)
    }

    mutating func count(_ probe: Int) { perProbe[probe] += 1 }

    /// Calls and returns per function, in the plan's order.
    var perFunction: [(function: String, calls: Int, returns: Int)] {
        var counts = plan.functions.map { (function: $0.name, calls: 0, returns: 0) }
        for (probe, seen) in zip(probes, perProbe) {
            if probe.kind == .call { counts[probe.function].calls += seen } else { counts[probe.function].returns += seen }
        }
        return counts
    }
}

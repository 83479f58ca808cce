import DbgSymbols

/// Where a `next` or `step` in a function stops, read from the line table and the inlined
/// calls as gdb steps (infrun's `process_event_stop_test`):
/// - gdb runs until the pc is at the start of a line-table entry that is a statement of
///   another line than the one it started on; other entries are stepped through;
/// - an inlined call is a call: where one starts, gdb hides its frame and shows the call
///   site; `next` stops there only when the call is on another line (and then runs through
///   the inlined code), `step` stops there and enters the call when it is on the line being
///   stepped;
/// - inside an inlined call that the step entered, `next` does not stop.
struct StatementStops {
    /// Start addresses (static) of the stops, each with the number of inlined frames that
    /// are hidden there (the innermost ones, which start at the address).
    var stops: [Address: Int] = [:]
    /// Entry starts in another frame (an inlined call left or entered in its middle), where
    /// gdb goes on stepping but from that frame: the frames hidden there and the line gdb
    /// then steps from (nil: none).
    var replans: [Address: (hidden: Int, current: Line?)] = [:]
    /// The code stepped through: from each entry that is not a stop to the next entry.
    var steppedRanges: [AddressRange] = []

    /// A place in the source, by file name.
    struct Line: Equatable {
        var file: String
        var line: UInt32
    }

    /// `start` is the pc the step starts from, with `hiddenAtStart` inlined frames hidden
    /// there; `current` overrides the line being stepped from (nil: no line, after a return
    /// into the middle of an entry that is not a statement, where gdb forgets the line).
    init(function: Function, table: LineTable, kind: StepPlan.Kind, start: Address, hiddenAtStart: Int,
         current override: Line?? = nil) {
        // (`override` is nil when the line is the one shown at `start`.)
        let lines = table.statements
        func line(at address: Address) -> (line: Line, location: StatementLineTable.Location)? {
            guard let location = lines.location(for: address), let file = table.fileName(location.file) else { return nil }
            return (Line(file: file, line: location.line), location)
        }
        let startChain = Self.chain(function, at: start)
        let startVisible = max(startChain.count - hiddenAtStart, 0)
        let stepBlock = startVisible > 0 ? startChain[startVisible - 1].offset : function.offset
        let current: Line?
        if let override {
            current = override
        } else if startVisible < startChain.count, let file = startChain[startVisible].callFile {
            current = Line(file: file, line: startChain[startVisible].callLine)
        } else {
            current = line(at: start)?.line
        }

        for range in function.ranges where !range.isEmpty {
            var starts = Set(lines.entryAddresses(in: range))
            for call in function.inlinedCalls { if let entry = call.entry, range.contains(entry) { starts.insert(entry) } }
            let ordered = starts.sorted()
            if let first = ordered.first, first > range.low { steppedRanges.append(AddressRange(low: range.low, high: first)) }
            for (index, address) in ordered.enumerated() {
                let end = index + 1 < ordered.count ? ordered[index + 1] : range.high
                switch Self.decision(at: address, function: function, kind: kind, stepBlock: stepBlock,
                                     current: current, line: line) {
                case .stop(let hidden):
                    stops[address] = hidden
                case .replan(let hidden, let current):
                    replans[address] = (hidden, current)
                    steppedRanges.append(AddressRange(low: address, high: end))
                case .through:
                    steppedRanges.append(AddressRange(low: address, high: end))
                }
            }
        }
    }

    private enum Decision {
        case stop(hidden: Int)
        case replan(hidden: Int, current: Line?)
        case through
    }

    /// What the step does on reaching `address`.
    private static func decision(at address: Address, function: Function, kind: StepPlan.Kind, stepBlock: DIEOffset,
                                 current: Line?, line: (Address) -> (line: Line, location: StatementLineTable.Location)?) -> Decision {
        let chain = chain(function, at: address)
        let skipped = hiddenFrames(chain, at: address)
        let visible = chain.count - skipped
        let visibleBlock = visible > 0 ? chain[visible - 1].offset : function.offset
        if skipped > 0 && visibleBlock == stepBlock {
            // Entering an inlined call made in the frame being stepped.
            let call = chain[visible]
            let onCurrentLine = call.callFile.map { Line(file: $0, line: call.callLine) } == current
            switch kind {
            case .next: return onCurrentLine ? .through : .stop(hidden: skipped)
            case .step, .stepOut: return .stop(hidden: onCurrentLine ? skipped - 1 : skipped)
            }
        }
        let isInsideCallee = visibleBlock != stepBlock
            && (stepBlock == function.offset ? visible > 0 : chain.prefix(visible).contains { $0.offset == stepBlock })
        if isInsideCallee && kind == .next { return .through }
        guard let (here, location) = line(address), location.start == address else { return .through }
        if location.isStatement && here != current { return .stop(hidden: skipped) }
        // At an entry of another frame gdb steps on from there, from no line when the entry
        // is of another line and not a statement.
        guard visibleBlock != stepBlock else { return .through }
        return .replan(hidden: skipped, current: location.isStatement || here == current ? here : nil)
    }

    /// The inlined calls whose code holds `address`, outermost first.
    static func chain(_ function: Function, at address: Address) -> [InlinedCall] {
        function.inlinedCalls.filter { $0.contains(address) }
    }

    /// How many of the innermost calls of `chain` start at `address`: gdb hides their frames
    /// at a stop there (`skip_inline_frames`), as if the call had not been made yet. The
    /// count ends at the first call `isShown` keeps (a breakpoint's own function).
    static func hiddenFrames(_ chain: [InlinedCall], at address: Address, isShown: (InlinedCall) -> Bool = { _ in false }) -> Int {
        var count = 0
        for call in chain.reversed() {
            guard call.entry == address || !call.contains(Address(address.value &- 1)), !isShown(call) else { break }
            count += 1
        }
        return count
    }
}

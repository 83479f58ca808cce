import CSys
import Glibc

/// Converts the time stamp counter (what the inject backend's recorder reads) to
/// CLOCK_MONOTONIC nanoseconds, from two readings of both clocks at least 5 ms apart: the
/// first taken before the trace's set-up, so that the set-up's own time counts toward the
/// wait (a trace of a short program is not 5 ms longer for it).
struct TimeStampClock {
    /// The first reading of both clocks.
    struct Start {
        let counter = csys_rdtsc()
        let nanoseconds = csys_monotonic_ns()
    }

    static let calibrationSpan: UInt64 = 5_000_000

    private let counterAtStart: UInt64
    private let nanosecondsAtStart: UInt64
    private let nanosecondsPerTick: Double

    /// Takes the second reading, once `calibrationSpan` has passed since `start`.
    init(from start: Start) {
        let elapsed = csys_monotonic_ns() &- start.nanoseconds
        if elapsed < Self.calibrationSpan { usleep(useconds_t((Self.calibrationSpan - elapsed) / 1000)) }
        let laterCounter = csys_rdtsc(), laterNanoseconds = csys_monotonic_ns()
        counterAtStart = start.counter
        nanosecondsAtStart = start.nanoseconds
        let ticks = laterCounter &- start.counter
        nanosecondsPerTick = ticks == 0 ? 1 : Double(laterNanoseconds &- start.nanoseconds) / Double(ticks)
    }

    func nanoseconds(_ counter: UInt64) -> UInt64 {
        let ticks = Double(Int64(bitPattern: counter &- counterAtStart))
        return UInt64(max(0, Double(nanosecondsAtStart) + ticks * nanosecondsPerTick))
    }
}

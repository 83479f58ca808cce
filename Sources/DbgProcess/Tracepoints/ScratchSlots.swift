/// Fixed-size slots in read+exec areas mapped in the program, for instructions run out of
/// line. A slot is in use by one breakpoint site at a time.
struct ScratchSlots {
    static let areaSize: UInt64 = 4096

    private(set) var areas: [UInt64] = []
    private var free: [UInt64] = []

    /// A free slot within `reach` bytes of `address` (RIP-relative operands must reach back).
    mutating func take(near address: UInt64, reach: UInt64) -> UInt64? {
        guard let index = free.firstIndex(where: { distance($0, address) < reach }) else { return nil }
        return free.remove(at: index)
    }

    mutating func add(area base: UInt64) {
        areas.append(base)
        free += stride(from: base, to: base + Self.areaSize, by: Int(DisplacedPlan.slotSize)).map { $0 }
    }

    mutating func release(_ slot: UInt64) { free.append(slot) }

    /// The start of the slot holding `address`, if it is in a scratch area.
    func slot(containing address: UInt64) -> UInt64? {
        guard let area = areas.first(where: { address >= $0 && address < $0 + Self.areaSize }) else { return nil }
        return area + (address - area) / DisplacedPlan.slotSize * DisplacedPlan.slotSize
    }

    mutating func removeAll() {
        areas = []
        free = []
    }

    private func distance(_ a: UInt64, _ b: UInt64) -> UInt64 { a > b ? a - b : b - a }
}

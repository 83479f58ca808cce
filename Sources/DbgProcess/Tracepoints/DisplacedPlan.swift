/// How a thread gets past the instruction under a breakpoint site without the site's int3
/// being taken out: the step, the bytes of its scratch slot (empty when emulated) and the
/// instruction's length (a thread stopped at the slot's jump back is at the instruction
/// after the site).
public struct DisplacedPlan: Sendable {
    /// The room for one copy: a 15-byte instruction, then `jmp *0(%rip)` and its 8-byte target.
    public static let slotSize: UInt64 = 32

    public var step: DisplacedStep
    public var slotBytes: [UInt8]
    public var instructionLength: Int

    public init(step: DisplacedStep, slotBytes: [UInt8], instructionLength: Int) {
        self.step = step
        self.slotBytes = slotBytes
        self.instructionLength = instructionLength
    }
}

/// Plans a displaced step for the instruction `code` (its first bytes, original, not the
/// int3) at `address`, its copy to run at `slot`; nil when it cannot run out of line. The
/// engine provides it (instruction decoding lives there).
public typealias DisplacementPlanner = @Sendable (_ code: [UInt8], _ address: UInt64, _ slot: UInt64) -> DisplacedPlan?

import DbgSymbols

/// Where the inject backend patches one probe: a run of whole instructions, at least the
/// five bytes of a `jmp rel32`, that a thread only ever enters at its first byte (no branch
/// of the function lands inside it). A call probe's run starts at the probe; a return probe's
/// ends with its RET (the instructions before it run first, then the event is recorded with
/// the result in place and the stack pointer at the return address). A function too short
/// for both, straight-line from its call probe to its one RET (an accessor, a getter), is
/// patched whole: one run, the call recorded first, the return last.
struct ProbePatch: Sendable {
    /// Index into the probes the backend installs.
    var probe: Int
    var kind: TraceProbe.Kind
    /// The run's instructions, in order (static addresses).
    var instructions: [Instruction]
    /// A whole function's patch: its return probe (`probe` is its call probe).
    var returnProbe: Int?

    var start: UInt64 { instructions.first?.address ?? 0 }
    var length: Int { instructions.reduce(0) { $0 + $1.size } }
    var end: UInt64 { start &+ UInt64(length) }

    /// The bytes a `jmp rel32` needs.
    static let jumpLength = 5

    /// Why a probe cannot be patched: the function and what is in the way.
    struct Refusal: Error, CustomStringConvertible {
        var function: String
        var reason: String
        var description: String { "\(function): \(reason)" }
    }

    /// The patch of each probe of `probes` (a plan's, as the backend installs them), and the
    /// functions left out: a function one of whose probes cannot be patched is not traced at
    /// all (calls without their returns would mislead), with the first reason.
    static func plan(_ probes: [TraceProbe], of plan: TracePlan) -> (patches: [ProbePatch], refused: [Refusal]) {
        let code = CodeReader(path: plan.image.path, elf: plan.image.elf)
        var patches: [ProbePatch] = []
        var refused: [Refusal] = []
        let byFunction = Dictionary(grouping: probes.indices, by: { probes[$0].function })
        for functionIndex in byFunction.keys.sorted() {
            let function = plan.functions[functionIndex]
            guard let instructions = code.instructions(at: function.entry, size: function.size) else {
                refused.append(Refusal(function: function.name, reason: "its code cannot be read"))
                continue
            }
            let targets = branchTargets(instructions)
            let indices = byFunction[functionIndex] ?? []
            var own: [ProbePatch]
            do throws(Refusal) {
                own = try probePatches(indices, probes, instructions, targets: targets, function: function.name)
            } catch {
                guard let whole = wholePatch(indices, probes, instructions, targets: targets) else {
                    refused.append(error)
                    continue
                }
                own = [whole]
            }
            do throws(Refusal) {
                try checkDisplaceable(own, function: function.name)
                patches += own
            } catch {
                refused.append(error)
            }
        }
        return (patches.sorted { $0.probe < $1.probe }, refused)
    }

    /// Every instruction of the patches can run in a stub (its RIP-relative operand moved):
    /// found here, the function is left out with the others; found when installing, the
    /// whole trace would fail.
    private static func checkDisplaceable(_ patches: [ProbePatch], function: String) throws(Refusal) {
        for instruction in patches.flatMap(\.instructions) {
            do throws(DisplacedInstruction.Failure) {
                _ = try DisplacedInstruction(bytes: instruction.bytes, address: instruction.address).relocated(to: instruction.address)
            } catch {
                throw Refusal(function: function, reason: error.description)
            }
        }
    }

    /// A patch per probe of one function, none overlapping another.
    private static func probePatches(_ indices: [Int], _ probes: [TraceProbe], _ instructions: [Instruction],
                                     targets: Set<UInt64>, function: String) throws(Refusal) -> [ProbePatch] {
        var own: [ProbePatch] = []
        for index in indices {
            let probe = probes[index]
            let run = probe.kind == .call
                ? try callRun(at: probe.address.value, instructions, targets: targets, function: function)
                : try returnRun(at: probe.address.value, instructions, targets: targets, function: function)
            let patch = ProbePatch(probe: index, kind: probe.kind, instructions: run)
            if let other = own.first(where: { $0.start < patch.end && patch.start < $0.end }) {
                throw Refusal(
                    function: function,
                    reason: "its probes at 0x\(String(other.start, radix: 16)) and 0x\(String(patch.start, radix: 16)) overlap (the function is too short)")
            }
            own.append(patch)
        }
        return own
    }

    /// The function patched whole, when it has one call probe and at most one RET, and
    /// runs straight from the one to the other (no branch, no call, no branch landing
    /// inside), five bytes at least.
    private static func wholePatch(_ indices: [Int], _ probes: [TraceProbe], _ instructions: [Instruction],
                                   targets: Set<UInt64>) -> ProbePatch? {
        let calls = indices.filter { probes[$0].kind == .call }
        let returns = indices.filter { probes[$0].kind == .returning }
        guard calls.count == 1, let call = calls.first, returns.count <= 1,
              let first = instructions.firstIndex(where: { $0.address == probes[call].address.value }),
              let last = instructions[first...].firstIndex(where: \.isReturn),
              returns.first.map({ probes[$0].address.value == instructions[last].address }) ?? true
        else { return nil }
        let run = Array(instructions[first...last])
        guard run.dropLast().allSatisfy({ !isBranch($0) && !$0.isReturn }),
              run.dropFirst().allSatisfy({ !targets.contains($0.address) }),
              run.reduce(0, { $0 + $1.size }) >= jumpLength
        else { return nil }
        return ProbePatch(probe: call, kind: .call, instructions: run, returnProbe: returns.first)
    }

    /// Direct branch targets inside the function: places a thread may enter mid-run.
    /// An indirect jump (a switch's table) could land anywhere: every instruction counts.
    private static func branchTargets(_ instructions: [Instruction]) -> Set<UInt64> {
        var targets = Set<UInt64>()
        for instruction in instructions where isBranch(instruction) {
            guard let target = instruction.directTarget else {
                if !instruction.isCall { return Set(instructions.map(\.address)) }
                continue
            }
            targets.insert(target)
        }
        return targets
    }

    private static func isBranch(_ instruction: Instruction) -> Bool {
        instruction.mnemonic.hasPrefix("j") || instruction.mnemonic.hasPrefix("loop") || instruction.isCall
    }

    /// From the call probe forwards until five bytes are covered.
    private static func callRun(at address: UInt64, _ instructions: [Instruction], targets: Set<UInt64>, function: String)
        throws(Refusal) -> [Instruction]
    {
        guard let first = instructions.firstIndex(where: { $0.address == address }) else {
            throw Refusal(function: function, reason: "no instruction starts at its probe 0x\(String(address, radix: 16))")
        }
        var run: [Instruction] = []
        var covered = 0
        for instruction in instructions[first...] {
            if !run.isEmpty && targets.contains(instruction.address) {
                throw Refusal(function: function, reason: "a branch lands at 0x\(String(instruction.address, radix: 16)), inside its entry's first 5 bytes")
            }
            if isBranch(instruction) || instruction.isReturn {
                throw Refusal(function: function, reason: "`\(instruction.text)` is within its entry's first 5 bytes")
            }
            run.append(instruction)
            covered += instruction.size
            if covered >= jumpLength { return run }
        }
        throw Refusal(function: function, reason: "it is shorter than 5 bytes")
    }

    /// Backwards from the RET until five bytes are covered: every instruction but the first
    /// must be one no branch lands on.
    private static func returnRun(at address: UInt64, _ instructions: [Instruction], targets: Set<UInt64>, function: String)
        throws(Refusal) -> [Instruction]
    {
        guard let last = instructions.firstIndex(where: { $0.address == address }) else {
            throw Refusal(function: function, reason: "no instruction starts at its return 0x\(String(address, radix: 16))")
        }
        var run: [Instruction] = [instructions[last]]
        var covered = instructions[last].size
        var index = last
        while covered < jumpLength {
            guard let landing = run.first, !targets.contains(landing.address), index > 0 else {
                throw Refusal(
                    function: function,
                    reason: "fewer than 5 bytes before its return at 0x\(String(address, radix: 16)) are straight-line code (\(covered) bytes)")
            }
            index -= 1
            let instruction = instructions[index]
            if isBranch(instruction) || instruction.isReturn {
                throw Refusal(
                    function: function,
                    reason: "fewer than 5 bytes before its return at 0x\(String(address, radix: 16)) are straight-line code (`\(instruction.text)` before)")
            }
            run.insert(instruction, at: 0)
            covered += instruction.size
        }
        return run
    }
}

import DbgProcess
import DbgSymbols

/// Finds and reads the program's Swift tasks. The runtime keeps no list of them: dbg scans the
/// program's writable memory for objects whose first word is the task metadata, and keeps
/// those whose header is a task's (kind, id, flags). Each thread's current task comes from
/// the concurrency library's thread-local slot.
///
/// The program's memory is untrusted: every task is checked before it is listed, a task that
/// cannot be read is left out, and the scan reads at most `scanLimit` bytes.
struct SwiftTaskReader {
    let layout: SwiftTaskLayout
    let memory: any TargetMemory

    static let scanLimit: UInt64 = 1 << 30
    static let chunkSize = 1 << 20

    /// What dbg shows of one task.
    struct Task {
        var address: UInt64
        var id: Int64
        var flags: UInt32
        var status: UInt32
        var resumeFunction: UInt64
        var resumeContext: UInt64
        var parent: UInt64?
        /// What it waits on, from its innermost status record.
        var waitsOn: String?
        /// A task that has not started yet: the function it will start in, and that function's
        /// closure context (nil once it has started).
        var entry: (function: UInt64, closureContext: UInt64)?
    }

    /// Every task object in the writable, private mappings, in address order, and the blocks
    /// that hold them (kept: their headers and contexts are read next).
    func scan(regions: [MemoryRegion]) -> (tasks: [UInt64], blocks: [(start: UInt64, bytes: [UInt8])]) {
        var found: [UInt64] = []
        var blocks: [(start: UInt64, bytes: [UInt8])] = []
        var scanned: UInt64 = 0
        let metadata = layout.taskMetadata
        for region in regions where region.isReadable && region.isWritable && !region.isShared && scanned < Self.scanLimit {
            if let path = region.path, path.hasPrefix("[") && path != "[heap]" { continue }  // [stack], [vvar]...
            var address = region.start
            while address < region.end && scanned < Self.scanLimit {
                let count = Int(min(UInt64(Self.chunkSize), region.end - address))
                scanned += UInt64(count)
                defer { address += UInt64(count) }
                guard let bytes = try? memory.read(at: address, count: count) else { continue }
                let before = found.count
                bytes.withUnsafeBytes { raw in
                    var offset = 0
                    while offset + 8 <= raw.count {
                        if raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) == metadata {
                            found.append(address &+ UInt64(offset))
                        }
                        offset += 16
                    }
                }
                if found.count > before { blocks.append((address, bytes)) }
            }
        }
        return (found, blocks)
    }

    /// The task at `address`, nil when its header is not a live task's.
    func task(at address: UInt64, describingWait: Bool = true) -> Task? {
        guard let header = try? memory.read(at: address, count: Int(SwiftTaskLayout.taskSize + 16)),
              littleEndianValue(header[0..<8]) == layout.taskMetadata
        else { return nil }
        func u32(_ offset: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: littleEndianValue(header[Int(offset)..<Int(offset) + 4])) }
        func u64(_ offset: UInt64) -> UInt64 { littleEndianValue(header[Int(offset)..<Int(offset) + 8]) }
        let flags = u32(SwiftTaskLayout.flagsOffset)
        let id = UInt64(u32(SwiftTaskLayout.idLowOffset)) | UInt64(u32(SwiftTaskLayout.idHighOffset)) << 32
        let status = u32(SwiftTaskLayout.statusOffset)
        // A task: job kind 0, an id, a refcount; a completed one is on its way out.
        guard flags & 0xff == 0, id != 0, id < 1 << 48, u64(8) != 0, status & SwiftTaskLayout.complete == 0 else { return nil }
        var task = Task(
            address: address, id: Int64(id), flags: flags, status: status, resumeFunction: u64(SwiftTaskLayout.resumeTaskOffset),
            resumeContext: u64(SwiftTaskLayout.resumeContextOffset))
        if flags & SwiftTaskLayout.isChildTask != 0 { task.parent = u64(SwiftTaskLayout.childParentOffset) }
        let context = task.resumeContext
        if layout.startAdapters.contains(task.resumeFunction), context > SwiftTaskLayout.entryPointBelowContext,
           let function = word(at: context - SwiftTaskLayout.entryPointBelowContext), function != 0 {
            task.entry = (function, word(at: context - SwiftTaskLayout.closureContextBelowContext) ?? 0)
        }
        if describingWait { task.waitsOn = waitDescription(record: u64(SwiftTaskLayout.innermostRecordOffset), task: address) }
        return task
    }

    /// The current task of the thread whose thread pointer is `fsBase` (0: none).
    func currentTask(fsBase: UInt64) -> UInt64? {
        guard let blockOffset = layout.tlsBlockOffset, fsBase != 0,
              let bytes = try? memory.read(at: fsBase &- blockOffset &+ SwiftTaskLayout.currentTaskOffset, count: 8)
        else { return nil }
        let task = littleEndianValue(bytes)
        return task == 0 ? nil : task
    }

    /// The innermost status record of a waiting task is its dependency record: flags (kind 0)
    /// and parent, what it depends on at 16 (the awaited task), at 32 how it depends, at 40
    /// the waiting task itself.
    private func waitDescription(record: UInt64, task: UInt64) -> String? {
        guard record != 0, let bytes = try? memory.read(at: record, count: 48), bytes[0] == 0,
              littleEndianValue(bytes[40..<48]) == task
        else { return nil }
        switch littleEndianValue(bytes[32..<40]) {
        case 1:
            let dependentOn = littleEndianValue(bytes[16..<24])
            if let awaited = self.task(at: dependentOn, describingWait: false) { return "task \(awaited.id)" }
            return "a task"
        case 2: return "a continuation"
        case 3: return "a task group"
        case 4: return "an executor"
        default: return nil
        }
    }

    /// The async frames of a suspended task, innermost first: where each resumes and what
    /// r14 will hold when it does. The task resumes its ResumeTask with its ResumeContext; an
    /// await-resume funclet (`isAwaitResume`) gets its callee's context and finds its own
    /// through it (async contexts begin {Parent, ResumeParent}), others get their own. Each
    /// caller resumes at its callee context's ResumeParent, given that context. At most
    /// `limit` frames; a zero function or context ends the chain.
    func asyncFrames(of task: Task, isAwaitResume: (UInt64) -> Bool, limit: Int = 64) -> [AsyncFrame] {
        guard task.resumeFunction != 0 else { return [] }
        // A task not started yet is at its function's entry, given its first context.
        var frames = [AsyncFrame(pc: task.entry?.function ?? task.resumeFunction, entryContext: task.resumeContext)]
        var own = task.resumeContext
        if isAwaitResume(task.resumeFunction) { own = word(at: own) ?? 0 }
        frames += callers(ofContext: own, limit: limit - 1)
        return frames
    }

    /// The callers of the async frame whose own context is `context`, innermost first. A
    /// context met twice ends the chain (the program's memory may loop).
    func callers(ofContext context: UInt64, limit: Int = 64) -> [AsyncFrame] {
        var frames: [AsyncFrame] = []
        var own = context
        var seen = Set<UInt64>()
        while own != 0, frames.count < limit, seen.insert(own).inserted, let bytes = try? memory.read(at: own, count: 16) {
            let resumeParent = littleEndianValue(bytes[8..<16])
            guard resumeParent != 0 else { break }
            frames.append(AsyncFrame(pc: resumeParent, entryContext: own))
            own = littleEndianValue(bytes[0..<8])
        }
        return frames
    }

    func word(at address: UInt64) -> UInt64? {
        (try? memory.read(at: address, count: 8)).map(littleEndianValue)
    }
}

import DbgTestSupport
import Foundation
import Testing
@testable import DbgCLI

/// Swift's async tasks as dbg lists them, on Fixtures/swift/workers stopped in checkpoint(parked:):
/// by the fixture's construction, which task waits where and on what is known (LLDB on Linux
/// cannot list tasks: its current-task lookup is Darwin's). The running task's stack is
/// compared with LLDB's, which does join a running task's async callers.
@Suite struct SwiftTaskTests {
    static let fixture = "swift/workers"

    /// The fixture's line holding `marker`.
    static func line(_ marker: String) throws -> Int {
        let source = try String(contentsOfFile: Fixtures.repositoryRoot + "/Fixtures/swift/workers.swift", encoding: .utf8)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let index = try #require(lines.firstIndex { $0.contains(marker) }, "no line with \(marker)")
        return index + 1
    }

    static func session(_ commands: [String]) async throws -> LiveSession {
        try await LiveSession.run(fixture, commands: ["break workers.swift:\(try line("break here"))", "continue"] + commands)
    }

    /// `Task 5 - User: ./Fixtures/swift/workers.swift:82 closure #3 in ... (0x...) [waiting on task 4]`.
    struct Row {
        var id: Int
        var line: Int
        var function: String
        var thread: Bool
        var waitsOn: String?

        init?(_ text: Substring) {
            let pattern = #/^[* ] Task (\d+) - User: \./Fixtures/swift/workers\.swift:(\d+) (.+) \(0x[0-9a-f]+\)( \(thread \d+\))?( \[(.*)\])?$/#
            guard let match = try? pattern.wholeMatch(in: String(text)), let id = Int(match.1), let line = Int(match.2) else { return nil }
            self.id = id
            self.line = line
            function = String(match.3)
            thread = match.4 != nil
            waitsOn = match.6.map(String.init)
        }
    }

    @Test func everyTaskIsListedWhereAndOnWhatItWaits() async throws {
        let session = try await Self.session(["tasks -with user"])
        let listing = session.output(of: "tasks -with user")
        let all = listing.split(separator: "\n").compactMap(Row.init)
        func rows(at marker: String) throws -> [Row] {
            let line = try Self.line(marker)
            return all.filter { $0.line == line }
        }
        // The main task runs checkpoint on a thread; nothing else runs.
        let running = try rows(at: "break here")
        #expect(running.count == 1 && running.allSatisfy { $0.thread && $0.function == "workers.checkpoint(parked:)" }, "\(listing)")
        #expect(all.filter(\.thread).count == 1, "\(listing)")
        // `async let`, the detached task and the worker wait on their continuations.
        let parked = try rows(at: "parked here")
        #expect(parked.count == 3, "\(listing)")
        #expect(parked.allSatisfy { $0.function == "workers.waitForSignal(_:)" && $0.waitsOn == "waiting on a continuation" })
        // The watcher waits on the worker: one of those three, by its id.
        let watcher = try rows(at: "the watcher waits here")
        #expect(watcher.count == 1, "\(listing)")
        let awaited = watcher.first?.waitsOn.flatMap { Int($0.replacingOccurrences(of: "waiting on task ", with: "")) }
        #expect(awaited.map { id in parked.contains { $0.id == id } } == true, "\(listing)")
        // The sleepers' task waits on its group, whose three children sleep.
        #expect(try rows(at: "sleepers' group waits here").map(\.waitsOn) == ["waiting on a task group"], "\(listing)")
        let sleepers = try rows(at: "sleepers wait here")
        #expect(sleepers.count == 3 && sleepers.allSatisfy { $0.function == "workers.sleepUntilCancelled(_:)" }, "\(listing)")
        #expect(all.count == 9, "\(listing)")
        #expect(listing.contains("[9 tasks]"), "\(listing)")
    }

    /// A child task names its parent: the sleepers' group children, the task that runs the group.
    @Test func aChildTaskNamesItsParent() async throws {
        // The runtime numbers tasks as they are made, the executor's own among them: which ids
        // the sleepers get varies between runs, so the session asks about every low id and the
        // listing of the same session says which are the sleepers.
        let candidates = 1...24
        let session = try await Self.session(["tasks -with user"] + candidates.flatMap { ["task \($0)", "task"] })
        let listing = session.output(of: "tasks -with user")
        let rows = listing.split(separator: "\n").compactMap(Row.init)
        let group = try #require(rows.first { $0.waitsOn == "waiting on a task group" }, "\(listing)")
        let sleepers = rows.filter { $0.function == "workers.sleepUntilCancelled(_:)" }
        #expect(sleepers.count == 3, "\(listing)")
        for sleeper in sleepers {
            #expect(candidates.contains(sleeper.id), "\(listing)")
            #expect(session.output(of: "task \(sleeper.id)").hasPrefix("Switched from"), "\(session.transcript)")
            let info = session.output(of: "task", occurrence: sleeper.id - candidates.lowerBound)
            #expect(info.contains("Task \(sleeper.id):\n") && info.contains("\tParent: task \(group.id)\n"), "\(session.transcript)")
        }
        #expect(!session.transcript.contains("Parent: task 0"))
    }

    @Test func aSuspendedTasksStackIsItsAsyncFramesWithTheirVariables() async throws {
        let listing = try await Self.session(["tasks -with user"]).output(of: "tasks -with user")
        let parked = try listing.split(separator: "\n").compactMap(Row.init).filter { $0.line == (try Self.line("parked here")) }
        let commands = parked.flatMap { ["task \($0.id) stack", "task \($0.id) frame 1 args"] }
        let session = try await Self.session(commands)
        var names: [String] = []
        for row in parked {
            let stack = session.output(of: "task \(row.id) stack")
            // Frame 0 is the standard library's withCheckedContinuation, frame 1 the program's
            // waitForSignal, then the code that started the task.
            let frames = stack.split(separator: "\n").filter { $0.contains(" in ") }
            #expect(frames.count >= 3, "\(stack)")
            #expect(frames.dropFirst().first?.hasSuffix(" in workers.waitForSignal(_:)") == true, "\(stack)")
            #expect(frames.dropFirst(2).first?.contains("workers.Main.main()") == true, "\(stack)")
            names.append(session.output(of: "task \(row.id) frame 1 args").trimmingCharacters(in: .whitespacesAndNewlines))
        }
        #expect(names.sorted() == [#"name = "detached""#, #"name = "first""#, #"name = "worker""#], "\(names)")
    }

    @Test func theRunningTasksStackGoesOnThroughItsAsyncCallersAsLLDBsDoes() async throws {
        let session = try await Self.session(["stack", "threads"])
        let ours = GDBStyleFrames(session.output(of: "stack"))
        let lldb = try await LLDBOracle.run(
            try Fixtures.binary(Self.fixture), breakpoint: "workers.swift -l \(try Self.line("break here"))", commands: ["bt"])
        // "frame #1: 0x000055555555872d workers`static Main.main() at workers.swift:97:20"
        // `bt`'s lines (the stop report before it shows frame #0 too).
        let backtrace = lldb.split(separator: "(lldb) bt").last ?? ""
        let theirs = backtrace.split(separator: "\n").compactMap { line -> (String, Int)? in
            guard let match = try? #/frame #\d+: 0x[0-9a-f]+ workers`(.+?)(?:\(.*\))? at workers\.swift:(\d+)/#.firstMatch(in: String(line)),
                  let number = Int(match.2) else { return nil }
            return (String(match.1), number)
        }
        #expect(theirs.count >= 2, "\(lldb)")
        for (index, (function, line)) in theirs.prefix(2).enumerated() {
            #expect(ours.frames.indices.contains(index), "\(session.output(of: "stack"))")
            guard ours.frames.indices.contains(index) else { continue }
            #expect(ours.frames[index].line == line, "frame \(index): dbg \(ours.frames[index]), LLDB \(function):\(line)")
            #expect(ours.frames[index].function.replacingOccurrences(of: "workers.", with: "").hasPrefix(function),
                    "frame \(index): dbg \(ours.frames[index]), LLDB \(function):\(line)")
        }
        #expect(ours.frames.first?.line == (try Self.line("break here")))
        #expect(ours.frames.dropFirst().first?.line == (try Self.line("the main task calls checkpoint here")))
        #expect(session.output(of: "threads").contains("workers.checkpoint(parked:) (task "), "\(session.output(of: "threads"))")
    }
}

/// dbg's `stack` as (function, line) per frame.
struct GDBStyleFrames {
    var frames: [(function: String, line: Int)] = []

    init(_ text: String) {
        var function: String?
        for line in text.split(separator: "\n") {
            if let match = try? #/^\s*\d+\s+0x[0-9a-f]+ in (.+)$/#.wholeMatch(in: String(line)) {
                function = String(match.1)
            } else if let name = function, let match = try? #/^\s+at .*:(\d+)$/#.wholeMatch(in: String(line)), let number = Int(match.1) {
                frames.append((name, number))
                function = nil
            }
        }
    }
}

/// `next` and `stepout` in async functions (Fixtures/swift/tasks: five child tasks run fetch
/// at once): a step stays with its task across `await` (the code after it is another piece
/// of the function, resumed on any thread), other tasks passing the same lines do not stop it,
/// and leaving the function goes on in its async caller.
@Suite struct SwiftAsyncSteppingTests {
    /// "Task 2:" from `task`.
    static func taskID(_ text: String) -> Int? {
        guard let match = try? #/Task (\d+):/#.firstMatch(in: text) else { return nil }
        return Int(match.1)
    }

    /// "> tasks.fetch(id:) ./Fixtures/swift/tasks.swift:14 (PC: 0x...)": the stop's line.
    static func stopLine(_ text: String) -> Int? {
        guard let match = try? #/^> .* \./Fixtures/swift/tasks\.swift:(\d+)/#.firstMatch(in: text) else { return nil }
        return Int(match.1)
    }

    @Test func nextStaysWithItsTaskAcrossAnAwaitAndStepoutReturnsToTheAsyncCaller() async throws {
        let session = try await LiveSession.run(
            "swift/tasks",
            commands: ["break tasks.swift:12", "continue", "clearall", "task", "args", "next", "next", "task", "args", "next",
                       "stepout", "task", "next"])
        let task = try #require(Self.taskID(session.output(of: "task", occurrence: 0)), "\(session.transcript)")
        // 12 -> 13 (the await) -> 14, resumed after Task.sleep, still the same task and frame.
        #expect(Self.stopLine(session.output(of: "next", occurrence: 0)) == 13, "\(session.transcript)")
        #expect(Self.stopLine(session.output(of: "next", occurrence: 1)) == 14, "\(session.transcript)")
        #expect(Self.taskID(session.output(of: "task", occurrence: 1)) == task, "\(session.transcript)")
        #expect(session.output(of: "args", occurrence: 1) == session.output(of: "args", occurrence: 0), "\(session.transcript)")
        #expect(Self.stopLine(session.output(of: "next", occurrence: 2)) == 15, "\(session.transcript)")
        // Out of fetch: back in the task's closure, at the await that called it, then on.
        let out = session.output(of: "stepout")
        #expect(Self.stopLine(out) == 22 && out.contains("closure #1 in closure #1 in tasks.sumAll(ids:)"), "\(session.transcript)")
        #expect(Self.taskID(session.output(of: "task", occurrence: 2)) == task, "\(session.transcript)")
        #expect(Self.stopLine(session.output(of: "next", occurrence: 3)) == 23, "\(session.transcript)")
    }

    /// `$task`, the current task's id, in a condition: only that task stops, once.
    @Test func aConditionOnTheCurrentTaskStopsThatTaskOnly() async throws {
        let session = try await LiveSession.run(
            "swift/tasks", commands: ["break tasks.swift:14 if $task == 4", "continue", "task", "print $task", "continue"])
        #expect(session.output(of: "continue", occurrence: 0).contains("(hits task(4):1 total:1)"), "\(session.transcript)")
        #expect(Self.taskID(session.output(of: "task")) == 4, "\(session.transcript)")
        #expect(session.output(of: "print $task").trimmingCharacters(in: .whitespacesAndNewlines) == "4")
        #expect(session.output(of: "continue", occurrence: 1).contains("has exited with status 0"), "\(session.transcript)")
    }
}

/// The program's memory is untrusted: task objects that lie (Fixtures/swift/forged: resume
/// points in unmapped memory, a context chain looping onto itself, a status claiming a
/// thread) are listed for what they say, their stacks end where they stop making sense, the
/// real tasks are listed as ever, and the program runs on unharmed.
@Suite struct SwiftForgedTaskTests {
    @Test func forgedTasksAreListedWithoutHarm() async throws {
        let source = try String(contentsOfFile: Fixtures.repositoryRoot + "/Fixtures/swift/forged.swift", encoding: .utf8)
        let line = try #require(source.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("// look here") }) + 1
        let session = try await LiveSession.run(
            "swift/forged",
            commands: ["break forged.swift:\(line)", "continue", "tasks -r", "task 900001 stack", "task 900002 stack",
                       "task 900003 stack", "task 1", "stack", "continue"])
        let listing = session.output(of: "tasks -r")
        // The real ones: the main task at the breakpoint, the sleeper.
        #expect(listing.contains("* Task 1 - Runtime: ./Fixtures/swift/forged.swift:\(line) forged.inspect(forgeries:)"), "\(listing)")
        #expect(listing.contains("Task 2 - Runtime: :0 static Task<>.sleep(nanoseconds:)"), "\(listing)")
        // Each forgery once, the one in unmapped memory at its unmapped address.
        #expect(listing.contains("Task 900001 - Runtime: :0 ??? (0xdead00000000)"), "\(listing)")
        // Each once: a forgery copying the main task's header does not make a second task 1.
        for id in [1, 900002, 900003] { #expect(listing.components(separatedBy: "Task \(id) -").count == 2, "\(listing)") }
        // The looping chain ends at its second turn; the others are short too.
        for id in [900001, 900002, 900003] {
            let frames = session.output(of: "task \(id) stack").split(separator: "\n").filter { $0.contains(" in ") }
            #expect(frames.count <= 8, "task \(id): \(frames)")
        }
        #expect(session.output(of: "stack").contains("forged.inspect(forgeries:)"), "\(session.transcript)")
        #expect(session.programOutput.contains("forged 3"), "\(session.programOutput)")
        #expect(session.output(of: "continue", occurrence: 1).contains("has exited with status 0"), "\(session.transcript)")
    }
}

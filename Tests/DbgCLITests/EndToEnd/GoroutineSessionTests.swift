import DbgService
import DbgTestSupport
import Foundation
import Testing
@testable import DbgCLI

/// Goroutines against Delve on the same binaries, in the same run. Goroutine ids depend on
/// which scheduler P created each goroutine, which differs between two runs of one
/// program, so lists are compared by what identifies a goroutine to a user: its locations,
/// its wait reason and whether it is the current one.
@Suite struct GoroutineSessionTests {
    /// "* Goroutine 18 - User: ./main.go:104 main.worker (0x4a1dbd) (thread 1) [chan receive]"
    /// without the id and the thread: "* User: ./main.go:104 main.worker (0x4a1dbd) [chan receive]".
    static func identity(_ line: Substring) -> String? {
        let pattern = #/^(\t?)([* ]) Goroutine \d+ - (.*?)(?: \(thread \d+\))?( \[[^\]]*\])?$/#
        guard let match = try? pattern.wholeMatch(in: String(line)) else { return nil }
        // Delve runs in the fixture's directory, the session in the repository's.
        let location = match.3.replacingOccurrences(of: "./Fixtures/go/goroutines/", with: "./")
        return "\(match.1)\(match.2) \(location)\(match.4 ?? "")"
    }

    static func identities(_ output: String) -> [String] {
        output.split(separator: "\n").compactMap(identity).sorted()
    }

    static let inspectScript = ["break main.inspect", "continue"]
    static let listings = ["goroutines", "goroutines -s", "goroutines -g", "goroutines -r", "goroutines -without user"]

    @Test func goroutineListsMatchDelve() async throws {
        let (binary, directory) = try DelveOracle.fixture("go/goroutines")
        var delveScript = Self.inspectScript
        for (index, listing) in Self.listings.enumerated() { delveScript += ["print \"=L\(index)=\"", listing] }
        let delve = DelveOracle.sections(try await DelveOracle.run(binary: binary, directory: directory, script: delveScript + ["exit"]))
        let ours = try await LiveSession.run("go/goroutines", commands: Self.inspectScript + Self.listings)
        for (index, listing) in Self.listings.enumerated() {
            let expected = Self.identities((delve["L\(index)"] ?? []).joined(separator: "\n"))
            #expect(expected.count >= 4, "Delve listed too little for \(listing)")
            #expect(Self.identities(ours.output(of: listing)) == expected, "\(listing)")
        }
        #expect(ours.output(of: "goroutines").contains("\n[13 goroutines]"))
    }

    /// Before the runtime starts: no goroutines yet (Delve then prints nothing, not even a
    /// count), and a stack of the one entry frame (the word above it is argc, not a return
    /// address).
    @Test func atTheEntryPoint() async throws {
        let ours = try await LiveSession.run("go/goroutines", commands: ["goroutines", "stack"])
        let delve = try await GoStepIntoTests.delveOutputs("go/goroutines", ["goroutines"])
        #expect(ours.output(of: "goroutines") == "" && delve == [""])
        let stack = ours.output(of: "stack").split(separator: "\n")
        #expect(stack.count == 2, "\(stack)")
        #expect(stack.first?.hasSuffix(" in _rt0_amd64_linux") == true)
    }

    /// Every goroutine's stack (`goroutines -t`), parked ones unwound from their saved registers.
    @Test func goroutineStacksMatchDelve() async throws {
        let (binary, directory) = try DelveOracle.fixture("go/goroutines")
        let delve = DelveOracle.sections(try await DelveOracle.run(
            binary: binary, directory: directory, script: Self.inspectScript + ["print \"=T=\"", "goroutines -t 12", "exit"]))
        let ours = try await LiveSession.run("go/goroutines", commands: Self.inspectScript + ["goroutines -t 12"])
        let expected = Self.stacks((delve["T"] ?? []).joined(separator: "\n"))
        #expect(expected.count == 13)
        #expect(Self.stacks(ours.output(of: "goroutines -t 12")) == expected)
    }

    /// Each goroutine's identity followed by its frames, sorted.
    static func stacks(_ output: String) -> [String] {
        var blocks: [String] = []
        for line in output.split(separator: "\n") {
            if let identity = identity(line) {
                blocks.append(identity)
            } else if line.hasPrefix("\t"), !blocks.isEmpty {
                let frame = line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "./Fixtures/go/goroutines/", with: "./")
                blocks[blocks.count - 1] += "\n" + frame
            }
        }
        return blocks.sorted()
    }

    @Test func goroutineCommandsInAnotherGoroutine() async throws {
        let debugger = try await Self.startAtInspect("go/goroutines")
        defer { Task { try? await debugger.detach(kill: true) } }
        let list = try await debugger.listGoroutines(start: 0, count: 0, filters: [], grouping: .init())
        let workers = list.goroutines.filter { $0.userCurrentLoc.function?.name == "main.worker" }
        #expect(workers.count == 3)
        #expect(workers.allSatisfy { $0.waitReasonText == "chan receive" && $0.threadID == 0 })
        var ids: [String] = []
        for worker in workers {
            let stack = try await debugger.stacktrace(goroutineID: worker.id, depth: 10, full: false, config: nil)
            let frame = try #require(stack.firstIndex { $0.location.function?.name == "main.worker" })
            let arguments = try await debugger.listFunctionArgs(
                scope: API.EvalScope(goroutineID: worker.id, frame: frame), config: .standard)
            ids += arguments.filter { $0.name == "id" }.map(\.value)
        }
        #expect(ids.sorted() == ["1", "2", "3"])

        // Switching to a parked goroutine keeps the thread; `goroutine` then describes it.
        let receiver = try #require(list.goroutines.first { $0.userCurrentLoc.function?.name == "main.receiver" })
        let state = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.switchGoroutine, goroutineID: receiver.id))
        #expect(state.selectedGoroutine?.id == receiver.id)
        let stack = try await debugger.stacktrace(goroutineID: -1, depth: 10, full: false, config: nil)
        let names = stack.map { $0.location.function?.name ?? "" }
        #expect(names.contains("main.receiver"))
        await #expect(throws: ServiceError.self) {
            _ = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.switchGoroutine, goroutineID: 99_999))
        }
    }

    static func startAtInspect(_ fixture: String) async throws -> LocalDebugger {
        try await FixtureDebugger.stopped(fixture, at: "main.inspect").debugger
    }
}

/// Ten thousand goroutines (Fixtures/go/manyg): the list answers, in pages.
@Suite struct ManyGoroutinesTests {
    @Test func tenThousandGoroutinesInPages() async throws {
        let debugger = try await FixtureDebugger.stopped("go/manyg", at: "main.allParked").debugger
        defer { Task { try? await debugger.detach(kill: true) } }

        var ids = Set<Int64>()
        var inOrder: [Int64] = []
        var parked = 0
        var start = 0
        var pages = 0
        // Pages first: each reads the goroutines up to its end, not the whole list.
        while start >= 0 {
            let page = try await debugger.listGoroutines(start: start, count: 1000, filters: [], grouping: .init())
            #expect(page.goroutines.count <= 1000)
            for goroutine in page.goroutines {
                inOrder.append(goroutine.id)
                #expect(ids.insert(goroutine.id).inserted, "goroutine \(goroutine.id) listed twice")
                if goroutine.userCurrentLoc.function?.name == "main.park" && goroutine.waitReasonText == "chan receive" {
                    parked += 1
                }
            }
            start = page.nextStart
            pages += 1
        }
        #expect(parked == 10_000)
        #expect(pages >= 10)
        // The same goroutines, in the same order, as the whole list read at once.
        let whole = try await debugger.listGoroutines(start: 0, count: 0, filters: [], grouping: .init())
        #expect(whole.goroutines.map(\.id) == inOrder)

        // A filter keeps only the parked ones; grouping by user location counts them.
        let filtered = try await debugger.listGoroutines(
            start: 0, count: 0, filters: [API.GoroutineFilter(kind: .userLoc, arg: "main.park")], grouping: .init())
        #expect(filtered.goroutines.count == 10_000)
        let grouped = try await debugger.listGoroutines(
            start: 0, count: 0, filters: [], grouping: API.GoroutineGrouping(groupBy: .userLoc, maxGroupMembers: 2, maxGroups: 10))
        let parkGroup = try #require(grouped.groups?.first { $0.name.hasSuffix("in main.park") })
        #expect(parkGroup.total == 10_000)
        #expect(parkGroup.count == 2)
    }
}

/// pprof labels (Fixtures/go/labels): listed, filtered and grouped as Delve does.
@Suite struct GoroutineLabelTests {
    static let commands = [
        "goroutines -l", "goroutines -with label job=nightly", "goroutines -group label job",
        // Escaped variables (Go's "&x" entries): shown as what they point to.
        "frame 1 locals", "goroutines -with userloc main.wait -exec frame 4 locals",
    ]

    /// Each goroutine's identity with its Labels line, or a group's header and total.
    static func blocks(_ text: String) -> [String] {
        var blocks: [String] = []
        for line in text.split(separator: "\n") {
            if let identity = GoroutineSessionTests.identity(line) {
                blocks.append(identity)
            } else if line.hasPrefix("\tLabels: ") || line.hasPrefix("\tTotal: ") || line.hasPrefix("job=")
                        || line.hasPrefix("finished = ") || line.hasPrefix("started = ") {
                blocks.append(line.trimmingCharacters(in: .whitespaces))
            }
        }
        return blocks
    }

    @Test func labelsMatchDelve() async throws {
        let (binary, directory) = try DelveOracle.fixture("go/labels")
        var script = ["break main.ready", "continue"]
        for (index, command) in Self.commands.enumerated() { script += ["print \"=L\(index)=\"", command] }
        let delve = DelveOracle.sections(try await DelveOracle.run(binary: binary, directory: directory, script: script + ["exit"]))
        let ours = try await LiveSession.run("go/labels", commands: ["break main.ready", "continue"] + Self.commands)
        for (index, command) in Self.commands.enumerated() {
            let delveBlocks = Self.blocks((delve["L\(index)"] ?? []).joined(separator: "\n")
                .replacingOccurrences(of: "./main.go", with: "./Fixtures/go/labels/main.go"))
            #expect(delveBlocks.contains { $0.contains("Labels: ") || $0.hasPrefix("job=") || $0.contains("main.wait")
                || $0.hasPrefix("finished = ") }, "\(command)")
            // The runtime's own goroutines (forcegchelper, ...) park at their own pace: on a
            // loaded machine one may not have parked yet in one run. They are not compared.
            let expected = delveBlocks.filter { !$0.contains("/src/runtime/") }
            let mine = Self.blocks(ours.output(of: command)).filter { !$0.contains("/src/runtime/") }
            // Goroutines list in id order, and ids differ between the runs: compare as sets
            // for the list; a group's lines keep their order.
            if command.contains("-group") {
                #expect(mine.filter { !$0.contains("Goroutine") } == expected.filter { !$0.contains("Goroutine") }, "\(command)")
            } else {
                #expect(mine.sorted() == expected.sorted(), "\(command)")
            }
        }
    }

    @Test func labelsInTheAPI() async throws {
        let debugger = try await FixtureDebugger.stopped("go/labels", at: "main.ready").debugger
        defer { Task { try? await debugger.detach(kill: true) } }
        let all = try await debugger.listGoroutines(start: 0, count: 0, filters: [], grouping: .init())
        let labelled = all.goroutines.compactMap(\.labels)
        #expect(Set(labelled) == [["job": "nightly", "shard": "7"], ["job": "hourly"]])
        let shard = try await debugger.listGoroutines(
            start: 0, count: 0, filters: [API.GoroutineFilter(kind: .label, arg: "shard")], grouping: .init())
        #expect(shard.goroutines.count == 1)
    }
}

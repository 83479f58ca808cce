import Foundation
import Testing

/// The debuggee's memory is untrusted input: shaped so that following its pointers never
/// ends (Fixtures/c/hostile.c: a tree whose children are itself, a list that loops), a
/// print does bounded work, says where it stopped, and leaves dbg and the program working.
@Suite struct HostileMemoryTests {
    @Test func printFollowingEndlessPointersStopsAndSaysWhere() async throws {
        let session = try await LiveSession.run("c/hostile", commands: [
            "break hostile.c:23", "continue", "config max-variable-recurse 100",
            "print first", "print self", "print 1+2", "continue",
        ])
        // The loop is cut by the nesting bound, on the pointer that goes one level too deep.
        let list = session.output(of: "print first")
        #expect(list.hasPrefix("struct list {"))
        #expect(list.contains("next: *(unreadable nested too deeply)"))
        // The self-tree doubles at each level: only the bound on one load's parts stops it,
        // once, and the parts after it show as not loaded.
        let tree = session.output(of: "print self")
        #expect(tree.hasPrefix("struct tree {"))
        #expect(tree.components(separatedBy: "(unreadable not loaded: one print reads at most a million parts").count == 2)
        #expect(session.output(of: "print 1+2").trimmingCharacters(in: .whitespacesAndNewlines) == "3")
        #expect(session.programOutput == "tree 1, list 1 -> 2\n")
        #expect(session.exitCode == 0)
    }

    /// A Go runtime whose goroutine list claims 40 million goroutines: `goroutines` says the
    /// list is corrupt at once, instead of reading hundreds of megabytes of garbage, and
    /// dbg goes on working. (The count is put back before the program runs on.)
    @Test func aCorruptGoroutineListIsAnErrorNotAnEndlessRead() async throws {
        let session = try await LiveSession.run("go/goroutines", commands: [
            "break main.inspect", "continue", "print runtime.allglen", "set runtime.allglen = 40000000", "goroutines",
            "print 1+2", "set runtime.allglen = len(runtime.allgs)", "goroutines", "continue",
        ])
        #expect(session.output(of: "goroutines") == "Command failed: the runtime's goroutine list is corrupt: runtime.allglen is 40000000, len(runtime.allgs) \(session.output(of: "print runtime.allglen"))")
        #expect(session.output(of: "print 1+2").trimmingCharacters(in: .whitespacesAndNewlines) == "3")
        #expect(session.output(of: "goroutines", occurrence: 1).contains("main.inspect"), "\(session.output(of: "goroutines", occurrence: 1))")
        #expect(session.exitCode == 0, "\(session.transcript.suffix(1500))")
    }
}

import DbgTestSupport
import Foundation
import Testing

/// `dbg core` on bad input: a core cut short, another machine's core, a file that is not a
/// core, a core whose program is missing, a program that is not the core's, a library
/// missing. Each is one line (an error that ends dbg, or a warning and a session that
/// works), never a crash or a hang.
@Suite struct CoreFileInputTests {
    /// A kernel core of c/crash in a scratch directory, and the crash binary.
    static func crashCore() async throws -> (binary: String, core: CoreDump) {
        let binary = try Fixtures.binary("c/crash")
        return (binary, try await CoreDump.ofCrash(binary))
    }

    /// A copy of the core at `path`, changed by `change`, in the core's directory.
    static func copy(of core: CoreDump, named name: String, _ change: (inout [UInt8]) -> Void) throws -> String {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: core.path)))
        change(&bytes)
        let path = core.directory + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A copy of `core` whose mapped-file note names `renamed` (as long) where it named `path`.
    static func copy(of core: CoreDump, named name: String, renaming path: String, to renamed: String) throws -> String {
        let old = Array(path.utf8), new = Array(renamed.utf8)
        precondition(old.count == new.count, "a renamed path keeps its length (the note's offsets)")
        return try copy(of: core, named: name) { bytes in
            var index = 0
            while index + old.count <= bytes.count {
                if Array(bytes[index..<index + old.count]) == old { bytes.replaceSubrange(index..<index + old.count, with: new) }
                index += 1
            }
        }
    }

    /// dbg's lines that are not the REPL's (`Error: ...`, `Warning: ...`).
    static func messages(_ session: LiveSession, _ prefix: String) -> [String] {
        session.transcript.split(separator: "\n").filter { $0.hasPrefix(prefix) }.map(String.init)
    }

    @Test func anotherMachinesCoreIsRefusedInOneLine() async throws {
        let (binary, core) = try await Self.crashCore()
        defer { core.remove() }
        let path = try Self.copy(of: core, named: "aarch64") { $0[18] = 183; $0[19] = 0 }  // e_machine EM_AARCH64
        let ours = try await CoreSession.run([binary, path], commands: ["stack"])
        #expect(ours.exitCode == 1)
        #expect(ours.transcript == "Error: core file \(path): a core file of another machine (AArch64, e_machine 183); dbg reads x86-64 cores\n")
    }

    @Test func aFileThatIsNotACoreIsRefusedInOneLine() async throws {
        let binary = try Fixtures.binary("c/crash")
        let text = try CoreDump.scratchDirectory() + "/notes.txt"
        defer { try? FileManager.default.removeItem(atPath: (text as NSString).deletingLastPathComponent) }
        try "not a core\n".write(toFile: text, atomically: true, encoding: .utf8)
        for (file, reason) in [(binary, "not a core file (it is a shared object or position-independent executable)"),
                               (text, "not an ELF file"), ("/nonexistent/core", "cannot open: No such file or directory")] {
            let ours = try await CoreSession.run([binary, file], commands: ["stack"])
            #expect(ours.exitCode == 1 && ours.transcript == "Error: core file \(file): \(reason)\n", "\(ours.transcript)")
        }
    }

    /// Cut inside the headers: refused. Cut after the notes: the threads and registers are
    /// there, the memory is not: a warning, and what needs no memory still works.
    @Test func aTruncatedCoreIsReadAsFarAsItGoes() async throws {
        let (binary, core) = try await Self.crashCore()
        defer { core.remove() }
        let headers = try Self.copy(of: core, named: "cut-headers") { $0.removeLast($0.count - 100) }
        let refused = try await CoreSession.run([binary, headers], commands: ["stack"])
        #expect(refused.exitCode == 1)
        #expect(refused.transcript == "Error: core file \(headers): its program headers run past the end of the file (truncated?)\n", "\(refused.transcript)")
        // The first PT_LOAD's data starts at the page after the notes.
        let afterNotes = try Self.copy(of: core, named: "cut-memory") { bytes in
            let firstLoad = 64 + 56  // the second program header: PT_NOTE comes first
            let offset = Int(bytes[firstLoad + 8..<firstLoad + 16].reversed().reduce(0) { $0 << 8 | UInt64($1) })
            bytes.removeLast(bytes.count - offset)
        }
        let ours = try await CoreSession.run([binary, afterNotes], commands: ["threads", "regs", "print value", "stack"])
        #expect(ours.exitCode == 0, "\(ours.transcript)")
        let warnings = Self.messages(ours, "Warning: ")
        #expect(warnings.count == 1 && warnings[0].contains("is truncated:") && warnings[0].contains("bytes of the program's memory are missing"),
                "\(ours.transcript)")
        #expect(ours.output(of: "threads").hasPrefix("* Thread "), "\(ours.transcript)")
        #expect(ours.output(of: "regs").contains("Rip = 0x"), "\(ours.transcript)")
        // `value` lives in the stack the core no longer has: one line that says so.
        let value = ours.output(of: "print value")
        #expect(value.split(separator: "\n").count == 1 && value.contains("unreadable") || value.hasPrefix("Command failed: "), "\(value)")
        #expect(ours.output(of: "stack").hasPrefix("0  0x"), "\(ours.transcript)")
        // Cut in the middle of the notes: the threads before the cut are kept, or it is refused.
        let midNotes = try Self.copy(of: core, named: "cut-notes") { $0.removeLast($0.count - 0x600) }
        let cut = try await CoreSession.run([binary, midNotes], commands: ["threads"])
        #expect(cut.exitCode == 1 || cut.output(of: "threads").hasPrefix("* Thread "), "\(cut.transcript)")
        #expect(Self.messages(cut, "Error: ").count <= 1, "\(cut.transcript)")
    }

    /// `dbg core CORE`: the program the core names. Gone from disk: one line that says so.
    @Test func aCoreAloneFindsItsProgramOrSaysItIsMissing() async throws {
        let directory = try CoreDump.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let copy = directory + "/crash"
        try FileManager.default.copyItem(atPath: try Fixtures.binary("c/crash"), toPath: copy)
        let core = try await CoreDump.ofCrash(copy)
        defer { core.remove() }
        let found = try await CoreSession.run([core.path], commands: ["stack"])
        #expect(found.exitCode == 0 && found.output(of: "stack").contains("in level2"), "\(found.transcript)")
        try FileManager.default.removeItem(atPath: copy)
        let missing = try await CoreSession.run([core.path], commands: ["stack"])
        #expect(missing.exitCode == 1)
        #expect(missing.transcript == "Error: core file \(core.path): its executable \(copy) cannot be opened: No such file or directory\n",
                "\(missing.transcript)")
        let named = try await CoreSession.run([copy, core.path], commands: ["stack"])
        #expect(named.exitCode == 1 && Self.messages(named, "Error: ").count == 1 && named.transcript.contains(copy), "\(named.transcript)")
    }

    /// Another program given with the core: a warning naming both build ids; the session opens.
    @Test func aBinaryThatDoesNotMatchIsAWarning() async throws {
        let (binary, core) = try await Self.crashCore()
        defer { core.remove() }
        let other = try Fixtures.binary("c/hello")
        let ours = try await CoreSession.run([other, core.path], commands: ["threads"])
        #expect(ours.exitCode == 0, "\(ours.transcript)")
        let warnings = Self.messages(ours, "Warning: ")
        #expect(warnings.count == 1 && warnings[0].hasPrefix("Warning: \(other) does not match the core: its build id is "), "\(ours.transcript)")
        #expect(ours.output(of: "threads").hasPrefix("* Thread "), "\(ours.transcript)")
        // The right one: no warning.
        let matching = try await CoreSession.run([binary, core.path], commands: ["threads"])
        #expect(Self.messages(matching, "Warning: ").isEmpty, "\(matching.transcript)")
    }

    /// A library the core maps that is missing on disk (its path changed in the core's NT_FILE
    /// note): a warning; the program's own frames still read, the library's are addresses.
    @Test func aMissingLibraryIsAWarning() async throws {
        let (binary, core) = try await Self.crashCore()
        defer { core.remove() }
        let path = try Self.copy(of: core, named: "no-libc", renaming: "/libc.so.6", to: "/libc.so.X")
        let ours = try await CoreSession.run([binary, path], commands: ["stack", "libraries"])
        #expect(ours.exitCode == 0, "\(ours.transcript)")
        let warnings = Self.messages(ours, "Warning: ")
        #expect(warnings.count == 1 && warnings[0].contains("libc.so.X, mapped in the core, cannot be opened"), "\(ours.transcript)")
        let frames = CoreSession.frames(ours.output(of: "stack")).map(\.function)
        #expect(Array(frames.prefix(3)) == ["level2", "level1", "main"], "\(ours.transcript)")
        #expect(!ours.output(of: "libraries").contains("libc.so"), "\(ours.output(of: "libraries"))")
    }

    /// A library the core maps whose file on disk is another build (here: the core's note names
    /// libm where libc was): a warning naming both build ids, as for the executable.
    @Test func aLibraryThatDoesNotMatchIsAWarning() async throws {
        let (binary, core) = try await Self.crashCore()
        defer { core.remove() }
        let path = try Self.copy(of: core, named: "libm-for-libc", renaming: "/libc.so.6", to: "/libm.so.6")
        let ours = try await CoreSession.run([binary, path], commands: ["stack"])
        #expect(ours.exitCode == 0, "\(ours.transcript)")
        let warnings = Self.messages(ours, "Warning: ")
        #expect(warnings.count == 1 && warnings[0].contains("/libm.so.6 does not match the core: its build id is "), "\(ours.transcript)")
        let frames = CoreSession.frames(ours.output(of: "stack")).map(\.function)
        #expect(Array(frames.prefix(3)) == ["level2", "level1", "main"], "\(ours.transcript)")
    }

    /// What would run or change the program is refused in one line; the session goes on
    /// reading.
    @Test func runningCommandsAreRefusedInOneLine() async throws {
        let (binary, core) = try await Self.crashCore()
        defer { core.remove() }
        let refused = ["continue", "next", "step", "stepout", "step-instruction", "next-instruction", "restart", "break main",
                       "trace level1", "watch -w value", "set value = 3", "dump \(core.directory)/again"]
        let ours = try await CoreSession.run([binary, core.path], commands: refused + ["args", "breakpoints"])
        #expect(ours.exitCode == 0, "\(ours.transcript)")
        for command in refused {
            let expected = command.hasPrefix("dump") ? "Command failed: the program is a core file already: copy it"
                : "Command failed: the program is a core file: it cannot run"
            #expect(ours.output(of: command) == expected + "\n", "\(command): \(ours.output(of: command))")
        }
        #expect(ours.output(of: "args") == "v = *struct victim nil\nvalue = 40\n", "\(ours.transcript)")
        #expect(!ours.output(of: "breakpoints").contains("main"), "\(ours.output(of: "breakpoints"))")
        #expect(!FileManager.default.fileExists(atPath: core.directory + "/again"))
    }
}

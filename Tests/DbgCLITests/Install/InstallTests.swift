import DbgTestSupport
import Foundation
import Testing
@testable import DbgCLI

/// `make install` into a staging root (DESTDIR), as a packager runs it: the files where a
/// user's shell and man find them, the completion scripts and manual page working, and
/// `make uninstall` taking everything away again. Installs the release build as it is
/// (install-built: a build from inside `swift test` would wait for the build lock forever).
@Suite struct InstallTests {
    static let files = [
        "bin/dbg", "bin/dbg-guardian", "lib/dbg/libswiftCore.so", "lib/dbg/libswiftDemangle.so", "share/man/man1/dbg.1",
        "share/bash-completion/completions/dbg", "share/zsh/site-functions/_dbg", "share/fish/vendor_completions.d/dbg.fish",
        "share/doc/dbg/README.md",
    ]

    @Test func installLaysOutTheToolAndUninstallRemovesIt() async throws {
        _ = try BuiltBinaries.releaseDbg
        let root = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let install = try await ShellScript.run("make -s install-built DESTDIR=\(ShellScript.quoted(root)) PREFIX=/opt/tools")
        #expect(install.status == 0, "\(install.text)")
        let prefix = root + "/opt/tools"
        for file in Self.files {
            #expect(FileManager.default.fileExists(atPath: prefix + "/" + file), "\(file) not installed")
        }
        // The installed dbg finds its Swift runtime beside it, not in the toolchain.
        let runpath = try await ShellScript.run("readelf -d \(ShellScript.quoted(prefix))/bin/dbg | grep RUNPATH")
        #expect(runpath.text.contains("[$ORIGIN/../lib/dbg]"), "\(runpath.text)")

        let uninstall = try await ShellScript.run("make -s uninstall DESTDIR=\(ShellScript.quoted(root)) PREFIX=/opt/tools")
        #expect(uninstall.status == 0, "\(uninstall.text)")
        let left = try await ShellScript.run("find \(ShellScript.quoted(root)) -type f")
        #expect(left.text.isEmpty, "left after uninstall: \(left.text)")
    }

    /// The installed bash completion (ArgumentParser's, made by the installed dbg) completes
    /// subcommands and their options, as bash calls it at a Tab.
    @Test func bashCompletesSubcommandsAndOptions() async throws {
        let prefix = try await Self.installed()
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        func complete(_ words: [String]) async throws -> [String] {
            let line = words.joined(separator: " ")
            let script = """
                source \(ShellScript.quoted(prefix + "/share/bash-completion/completions/dbg"))
                COMP_WORDS=(\(words.map(ShellScript.quoted).joined(separator: " "))); COMP_CWORD=\(words.count - 1)
                COMP_LINE=\(ShellScript.quoted(line)); COMP_POINT=\(line.utf8.count)
                _dbg dbg \(ShellScript.quoted(words.last!)) \(ShellScript.quoted(words[words.count - 2]))
                printf '%s\\n' "${COMPREPLY[@]}"
                """
            let run = try await ShellScript.run(script, environment: ["PATH": prefix + "/bin:/usr/bin:/bin"], shell: "/bin/bash")
            #expect(run.status == 0, "\(run.text)")
            return run.text.split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespaces) }
        }
        #expect(try await complete(["dbg", "ex"]) == ["exec"])
        #expect(Set(try await complete(["dbg", "co"])) == ["connect", "core"])
        #expect(try await complete(["dbg", "exec", "--head"]) == ["--headless"])
    }

    /// fish completes as bash does, from the installed script; zsh's script parses and
    /// describes every subcommand (zsh completes only inside its line editor, which a test
    /// cannot drive without a terminal).
    @Test func fishCompletesAndZshsScriptParses() async throws {
        let prefix = try await Self.installed()
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let fishScript = prefix + "/share/fish/vendor_completions.d/dbg.fish"
        func complete(_ line: String) async throws -> [String] {
            let run = try await ShellScript.run(
                "fish -c \(ShellScript.quoted("source \(ShellScript.quoted(fishScript)); complete -C \(ShellScript.quoted(line))"))",
                environment: ["PATH": prefix + "/bin:/usr/bin:/bin", "HOME": prefix])
            #expect(run.status == 0, "\(run.text)")
            // "exec<TAB>Debug a built binary.": the word before its description.
            return run.text.split(separator: "\n").map { String($0.split(separator: "\t").first ?? "") }
        }
        #expect(try await complete("dbg ex") == ["exec"])
        #expect(Set(try await complete("dbg co")) == ["connect", "core"])
        #expect(try await complete("dbg exec --head") == ["--headless"])
        let zshScript = prefix + "/share/zsh/site-functions/_dbg"
        let parsed = try await ShellScript.run("zsh -n \(ShellScript.quoted(zshScript))", environment: ["PATH": "/usr/bin:/bin"])
        #expect(parsed.status == 0, "\(parsed.text)")
        let zsh = try String(contentsOfFile: zshScript, encoding: .utf8)
        for subcommand in ["exec", "debug", "test", "attach", "core", "trace", "connect", "dap", "version"] {
            #expect(zsh.contains("'\(subcommand):"), "zsh's script does not offer \(subcommand)")
        }
    }

    /// dbg(1) renders without warnings, and names every subcommand `dbg --help` lists and
    /// every REPL command of the command table.
    @Test func theManualPageRendersAndCoversEveryCommand() async throws {
        let prefix = try await Self.installed()
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let page = prefix + "/share/man/man1/dbg.1"
        let rendered = try await ShellScript.run(
            "man --warnings -l \(ShellScript.quoted(page)) 2>\(ShellScript.quoted(prefix))/warnings",
            environment: ["PATH": "/usr/bin:/bin", "MANWIDTH": "100", "MAN_KEEP_FORMATTING": "", "LANG": "C.UTF-8"])
        #expect(rendered.status == 0, "\(rendered.text)")
        let warnings = try String(contentsOfFile: prefix + "/warnings", encoding: .utf8)
        #expect(warnings.isEmpty, "man warns: \(warnings)")
        let text = rendered.text
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "REPL COMMANDS", "FILES"] {
            #expect(text.contains("\n\(section)\n"), "no \(section) section")
        }
        let help = try await ProcessRunner.run(try BuiltBinaries.releaseDbg, ["--help"])
        let subcommands = Self.subcommands(inHelp: help.text).filter { $0 != "help" }
        #expect(subcommands.count >= 10, "\(help.text)")
        for subcommand in subcommands {
            #expect(text.contains("\n   dbg \(subcommand)\n"), "no section for dbg \(subcommand)")
        }
        let lines = text.split(separator: "\n").map(String.init)
        for group in REPLCommandReference.groups {
            #expect(lines.contains("   " + group.title), "no group \(group.title)")
            for command in group.commands {
                // A tag shorter than the indentation has its text on the same line.
                let tag = "       " + command.names[0]
                #expect(lines.contains { $0 == tag || $0.hasPrefix(tag + " ") }, "REPL command \(command.names[0]) missing")
            }
        }
    }

    /// The names under SUBCOMMANDS in `dbg --help`.
    static func subcommands(inHelp help: String) -> [String] {
        help.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { $0 != "SUBCOMMANDS:" }.dropFirst()
            .prefix { !$0.isEmpty }
            .compactMap { line in line.hasPrefix("  ") && !line.hasPrefix("   ") ? line.split(separator: " ").first.map(String.init) : nil }
    }

    /// The release build installed into a new staging root; the installation prefix.
    static func installed() async throws -> String {
        _ = try BuiltBinaries.releaseDbg
        let root = try Fixtures.temporaryDirectory()
        let install = try await ShellScript.run("make -s install-built DESTDIR=\(ShellScript.quoted(root)) PREFIX=/")
        guard install.status == 0 else { throw ToolRun.Failure(description: "make install-built: \(install.text)") }
        return root
    }
}

import DbgTestSupport
import Foundation
import Testing

/// `make deb`'s package, unpacked into a clean root (`dpkg -x`) and run there as on a Debian
/// 12 machine without Swift: no toolchain on PATH, no LD_LIBRARY_PATH. Every library it
/// loads comes from the package or from the system packages its Depends name.
@Suite struct DebPackageTests {
    @Test func thePackageRunsWithoutTheSwiftToolchain() async throws {
        _ = try BuiltBinaries.releaseDbg
        let toolchain = try BuiltBinaries.swiftToolchainLibraries
        let work = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let q = ShellScript.quoted
        let build = try await ShellScript.run(
            "make -s deb-built DEB_ROOT=\(q(work + "/stage")) DEB_WORK=\(q(work + "/work")) DEB_FILE=\(q(work + "/dbg.deb"))")
        #expect(build.status == 0, "\(build.text)")

        let depends = try await ShellScript.run("dpkg-deb -f \(q(work + "/dbg.deb")) Depends")
        let packages = depends.text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines).prefix { $0 != " " } }
        for needed in ["libc6", "libdwarf1", "libelf1", "libcapstone4", "libedit2", "libstdc++6"] {
            #expect(packages.contains(Substring(needed)), "Depends: \(depends.text)")
        }

        let root = work + "/root"
        let unpack = try await ShellScript.run("dpkg -x \(q(work + "/dbg.deb")) \(q(root))")
        #expect(unpack.status == 0, "\(unpack.text)")
        let clean = ["PATH": "/usr/bin:/bin", "HOME": work, "TERM": "dumb"]
        let dbg = root + "/usr/bin/dbg"

        // Each binary and library of the package: nothing missing, nothing from the toolchain,
        // the Swift runtime from the package.
        let ldd = try await ShellScript.run("ldd \(q(dbg)) \(q(root))/usr/bin/dbg-guardian \(q(root))/usr/lib/dbg/*.so", environment: clean)
        #expect(ldd.status == 0, "\(ldd.text)")
        #expect(!ldd.text.contains("not found"), "\(ldd.text)")
        #expect(!ldd.text.contains(toolchain), "resolves into the toolchain (\(toolchain)):\n\(ldd.text)")
        let swiftCore = ldd.text.split(separator: "\n").filter { $0.contains("libswiftCore.so =>") }
        #expect(!swiftCore.isEmpty && swiftCore.allSatisfy { $0.contains(root + "/usr/") }, "\(ldd.text)")

        let version = try await ShellScript.run("\(q(dbg)) version", environment: clean)
        #expect(version.status == 0 && version.text.hasPrefix("dbg "), "\(version.text)")

        // A short real session on a C program.
        let commands = work + "/commands"
        try "break greet\ncontinue\nprint name\nexit\n".write(toFile: commands, atomically: true, encoding: .utf8)
        let session = try await ShellScript.run(
            "\(q(dbg)) exec \(q(try Fixtures.binary("c/hello")))", environment: clean, stdin: commands)
        #expect(session.text.contains("> greet() "), "\(session.text)")
        #expect(session.text.contains("\"world\"\n"), "\(session.text)")

        // Swift's short names come from libswiftDemangle.so, which dbg finds in the package.
        try "break tasks.swift:20\nexit\n".write(toFile: commands, atomically: true, encoding: .utf8)
        let swift = try await ShellScript.run(
            "\(q(dbg)) exec \(q(try Fixtures.binary("swift/tasks")))", environment: clean, stdin: commands)
        #expect(swift.text.contains(" for closure #1 in tasks.sumAll(ids:) "), "\(swift.text)")
    }
}

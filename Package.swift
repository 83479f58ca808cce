// swift-tools-version:6.0
import PackageDescription
import Foundation

// Layers (see ARCHITECTURE.md): imports point down only.
//   dbg -> DbgCLI -> DbgFormat, DbgServer -> DbgService -> DbgEngine -> DbgProcess, DbgSymbols -> C shims
// dbg is the composition root: it alone builds the debugger, the server and the trace service.

// What `dbg version` tells of the build: `make build` exports the commit and the day; a plain
// `swift build` sets neither, and dbg then says it was not built by make. Only CBuildInfo's
// one C file sees them (a new commit recompiles that file and relinks dbg).
let buildInfo: [CSetting] = ["DBG_GIT_COMMIT", "DBG_BUILD_DATE"].compactMap { name in
    guard let value = ProcessInfo.processInfo.environment[name] else { return nil }
    let literal = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    return .define(name, to: "\"" + literal + "\"")
}

let package = Package(
    name: "dbg",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "dbg", targets: ["dbg"]),
        .executable(name: "dbg-guardian", targets: ["dbg-guardian"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // C shims and system libraries.
        .target(name: "CSys", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "CDwarf", linkerSettings: [.linkedLibrary("dwarf"), .linkedLibrary("elf")]),
        .systemLibrary(name: "CElf", pkgConfig: "libelf"),
        .systemLibrary(name: "CCapstone", pkgConfig: "capstone"),
        .systemLibrary(name: "CEdit", pkgConfig: "libedit"),
        .target(name: "CBuildInfo", cSettings: buildInfo),

        // Swift layers.
        .target(name: "DbgSymbols", dependencies: ["CDwarf", "CElf"]),
        // The trap healer's assembly source is documentation (TrapHealerTests assembles it).
        .target(name: "DbgProcess", dependencies: ["CSys"], exclude: ["TrapHealer/trap-healer.s", "Inject/probe-recorder.s"]),
        .target(name: "DbgEngine", dependencies: ["DbgSymbols", "DbgProcess", "CCapstone"]),
        .target(name: "DbgService", dependencies: ["DbgEngine"]),
        .target(name: "DbgServer", dependencies: ["DbgService", "DbgFormat"]),
        // API values to Delve's text: the one printer (the REPL, dbg trace's writer).
        .target(name: "DbgFormat", dependencies: ["DbgService"]),
        .target(
            name: "DbgCLI",
            dependencies: [
                // DbgSymbols for SourceLanguage only (the highlighter's, the disassembly's).
                "DbgService", "DbgFormat", "DbgSymbols", "CEdit",
            ]),
        .executableTarget(
            name: "dbg",
            dependencies: [
                "DbgCLI", "DbgServer", "DbgService", "DbgFormat", "CBuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Restores an attached program if dbg is killed (C, system calls only: it must start
        // fast and run anywhere dbg runs).
        .executableTarget(name: "dbg-guardian", dependencies: ["CSys"]),

        // Tests. DbgTestSupport is what several test targets share: fixture paths, programs
        // started and waited for, the oracles (gdb, Delve), builders of API values.
        .target(name: "DbgTestSupport", dependencies: ["DbgService", "DbgFormat", "CSys"], path: "Tests/DbgTestSupport"),
        // FuzzInputs: crafted files the tests read by path.
        .testTarget(name: "DbgSymbolsTests", dependencies: ["DbgSymbols", "DbgTestSupport"], exclude: ["FuzzInputs"]),
        .testTarget(name: "DbgProcessTests", dependencies: ["DbgProcess", "DbgSymbols", "DbgTestSupport"]),
        // Engine values are observed as dbg prints them: through the API and DbgFormat.
        .testTarget(
            name: "DbgEngineTests",
            dependencies: ["DbgEngine", "DbgSymbols", "DbgProcess", "DbgService", "DbgFormat", "DbgTestSupport"]),
        // The API and LocalDebugger; DbgEngine and DbgProcess to look under it.
        .testTarget(name: "DbgServiceTests", dependencies: ["DbgService", "DbgEngine", "DbgProcess", "DbgTestSupport"]),
        .testTarget(name: "DbgServerTests", dependencies: ["DbgServer", "DbgTestSupport"]),
        .testTarget(name: "DbgFormatTests", dependencies: ["DbgFormat", "DbgService", "DbgTestSupport"]),
        .testTarget(
            name: "DbgCLITests", dependencies: ["DbgCLI", "DbgServer", "DbgFormat", "DbgSymbols", "DbgTestSupport"]),
        // End to end: `dbg dap` and `dlv dap` as child processes, driven over TCP by a scripted client.
        .testTarget(name: "DbgDAPTests", dependencies: ["DbgTestSupport", "DbgFormat"], exclude: ["Emacs"]),
    ]
)

// libFuzzer targets (Fuzz/, `make fuzz`): only with DBG_FUZZ=1, so that normal builds and the
// tests never see them; they need `--sanitize=fuzzer` (libFuzzer's main) to link.
if ProcessInfo.processInfo.environment["DBG_FUZZ"] == "1" {
    package.targets += [
        .target(name: "FuzzSupport", dependencies: ["DbgSymbols"], path: "Fuzz/FuzzSupport"),
        .executableTarget(name: "FuzzELF", dependencies: ["DbgSymbols", "FuzzSupport"], path: "Fuzz/FuzzELF"),
        .executableTarget(
            name: "FuzzDwarfExpression", dependencies: ["DbgSymbols", "FuzzSupport"], path: "Fuzz/FuzzDwarfExpression"),
        .executableTarget(name: "FuzzCallFrames", dependencies: ["DbgSymbols", "FuzzSupport"], path: "Fuzz/FuzzCallFrames"),
        .executableTarget(name: "FuzzExpression", dependencies: ["DbgEngine"], path: "Fuzz/FuzzExpression"),
        .executableTarget(name: "FuzzJSONRPC", dependencies: ["DbgServer", "FuzzSupport"], path: "Fuzz/FuzzJSONRPC"),
        .executableTarget(name: "FuzzDAP", dependencies: ["DbgServer", "FuzzSupport"], path: "Fuzz/FuzzDAP"),
    ]
}

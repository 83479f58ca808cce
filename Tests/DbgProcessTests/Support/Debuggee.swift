import DbgProcess
import DbgSymbols
import DbgTestSupport
import Foundation
import Testing

/// A fixture launched under a TracedProcess with its output captured in a file, and its
/// symbols, for the tests.
struct Debuggee {
    let process: TracedProcess
    let image: BinaryImage
    let directory: String
    let outputPath: String

    /// Launches `Fixtures/build/<fixture>` stopped after exec, stdout and stderr in a file.
    static func launch(_ fixture: String, _ arguments: [String] = []) async throws -> Debuggee {
        let path = try Fixtures.binary(fixture)
        let directory = try Fixtures.temporaryDirectory()
        let outputPath = directory + "/output"
        let configuration = LaunchConfiguration(
            path: path, arguments: arguments, standardInput: .nullDevice, standardOutput: .file(outputPath),
            standardError: .appendingFile(outputPath))
        let process = try await TracedProcess.launch(configuration)
        return Debuggee(process: process, image: try BinaryImage.open(path), directory: directory, outputPath: outputPath)
    }

    /// What the program printed so far.
    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// The PIE's load bias: where AT_ENTRY is minus where the ELF header says it is.
    func loadBias() async throws -> UInt64 {
        let auxv = try await process.auxiliaryVector()
        let entry = try #require(auxv.entry)
        return entry - image.elf.entry.value
    }

    /// The run-time address of `function`'s breakpoint location (after its prologue).
    func breakpointAddress(_ function: String) async throws -> UInt64 {
        let location = try #require(image.functions(named: function).first, "no function \(function)")
        return try await loadBias() + image.breakpointAddress(for: location).value
    }

    /// The run-time address range of `function`.
    func range(of function: String) async throws -> Range<UInt64> {
        let location = try #require(image.functions(named: function).first, "no function \(function)")
        let symbol = try #require(location.symbol)
        let bias = try await loadBias()
        return (bias + symbol.address.value)..<(bias + symbol.address.value + symbol.size)
    }

    /// Continues until the process ends, passing every signal on; returns the end.
    func runToEnd() async throws -> StopEvent {
        while true {
            let stop = try await process.cont()
            if stop.isEnd { return stop }
        }
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}

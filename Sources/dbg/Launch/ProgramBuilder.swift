import Glibc

/// Builds the program `dbg debug` is asked to debug, with optimisations off, into a
/// temporary binary that is removed when the session ends.
struct ProgramBuilder {
    enum Kind: Equatable {
        case go(directory: String)
        case c(files: [String])
        case swiftPackage(directory: String)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// What kind of program is at `path`: a Go package, C sources, or a Swift package.
    static func kind(of path: String) throws(Failure) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { throw Failure(description: "\(path): no such file or directory") }
        if info.st_mode & S_IFMT == S_IFREG {
            guard path.hasSuffix(".c") else { throw Failure(description: "\(path): dbg debug builds .c files, Go packages and Swift packages") }
            return .c(files: [path])
        }
        let entries = directoryEntries(path)
        if entries.contains("Package.swift") { return .swiftPackage(directory: path) }
        if entries.contains(where: { $0.hasSuffix(".go") }) || entries.contains("go.mod") { return .go(directory: path) }
        let cFiles = entries.filter { $0.hasSuffix(".c") }.sorted().map { path + "/" + $0 }
        guard !cFiles.isEmpty else {
            throw Failure(description: "\(path): no Go package, C sources or Swift package here")
        }
        return .c(files: cFiles)
    }

    /// A fresh path for a temporary binary (in $TMPDIR, else /tmp), named as Delve names its own.
    static func temporaryBinaryPath() -> String {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        return "\(directory)/__debug_bin\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Builds into `output` (Swift packages build in place; the product path is returned).
    /// `flags`: more for the compiler (a launch configuration's buildFlags); `tests`: a Go
    /// package's test binary (`go test -c`) or a Swift package's test bundle instead of its
    /// program.
    /// `capturing`: the tools' messages are kept and become the failure's description (for a
    /// client on a socket), instead of going to the terminal.
    static func build(_ kind: Kind, output: String, product: String?, flags: [String] = [], tests: Bool = false,
                      capturing: Bool = false) throws(Failure) -> String
    {
        guard capturing else { return try buildPrinting(kind, output: output, product: product, flags: flags, tests: tests, log: nil) }
        let log = output + ".log"
        defer { unlink(log) }
        do {
            return try buildPrinting(kind, output: output, product: product, flags: flags, tests: tests, log: log)
        } catch {
            let printed = Self.contents(of: log)
            throw Failure(description: printed.isEmpty ? error.description : printed.trimmingSuffix("\n") + "\n" + error.description)
        }
    }

    /// A small text file's contents (a build's messages: at most 64 KiB of them).
    private static func contents(of path: String) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 65536)
        var count = 0
        while count < bytes.count {
            let got = bytes[count...].withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            count += got
        }
        return String(decoding: bytes[0..<count], as: UTF8.self)
    }

    private static func buildPrinting(_ kind: Kind, output: String, product: String?, flags: [String], tests: Bool, log: String?)
        throws(Failure) -> String
    {
        func run(_ arguments: [String], in directory: String? = nil) -> Int32? {
            Subprocess.run(arguments, in: directory, outputFile: log)
        }
        switch kind {
        case .go(let directory):
            let command = tests ? ["go", "test", "-c"] : ["go", "build"]
            try check(run(command + flags + ["-gcflags=all=-N -l", "-o", output, "."], in: directory), command.joined(separator: " "))
            // `go test -c` on a package without tests succeeds and writes nothing.
            guard access(output, F_OK) == 0 else { throw Failure(description: "\(directory): no test files") }
            return output
        case .c(let files):
            guard !tests else { throw Failure(description: "test mode builds the tests of Go and Swift packages; this is C") }
            try check(run(["cc", "-g", "-O0", "-pthread"] + flags + ["-o", output] + files), "cc")
            return output
        case .swiftPackage(let directory):
            var arguments = ["swift", "build", "-c", "debug"] + flags
            if tests {
                arguments.append("--build-tests")
            } else if let product {
                arguments += ["--product", product]
            }
            try check(run(arguments, in: directory), "swift build")
            guard let binPath = Subprocess.firstLine(of: ["swift", "build", "-c", "debug", "--show-bin-path"], in: directory) else {
                throw Failure(description: "swift build: cannot find where the product was built")
            }
            if tests {
                // The test bundle: on Linux an executable, PACKAGEPackageTests.xctest.
                let bundles = directoryEntries(binPath).filter { $0.hasSuffix("PackageTests.xctest") }
                guard bundles.count == 1, let bundle = bundles.first else { throw Failure(description: "\(directory): no test bundle was built (no test target?)") }
                return binPath + "/" + bundle
            }
            let name = product ?? executableProduct(in: directory, binPath: binPath)
            guard let name else { throw Failure(description: "swift build: more than one executable; choose one with --product") }
            return binPath + "/" + name
        }
    }

    private static func check(_ status: Int32?, _ tool: String) throws(Failure) {
        guard let status else { throw Failure(description: "\(tool): cannot run it (is it installed?)") }
        guard status == 0 else { throw Failure(description: "\(tool) failed (exit status \(status))") }
    }

    /// The one executable in the bin path that the package's sources name, if unambiguous.
    private static func executableProduct(in directory: String, binPath: String) -> String? {
        let targets = directoryEntries(directory + "/Sources")
        let executables = targets.filter { access(binPath + "/" + $0, X_OK) == 0 }
        return executables.count == 1 ? executables[0] : nil
    }

    static func directoryEntries(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}

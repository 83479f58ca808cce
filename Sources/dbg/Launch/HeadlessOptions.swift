import ArgumentParser
import DbgServer
import DbgService

/// `--headless`, `--listen`, `--accept-multiclient`: serve the session over Delve's JSON-RPC
/// API instead of opening the REPL.
struct HeadlessOptions: ParsableArguments {
    @Flag(help: "Run without the REPL, serving Delve's JSON-RPC API v2 (see --listen).")
    var headless = false

    @Option(help: "Where the headless server listens: HOST:PORT or unix:PATH (default 127.0.0.1:0, a free port).")
    var listen: String?

    @Flag(help: "Serve several clients, one after another or at once; the server ends when a client detaches.")
    var acceptMulticlient = false

    func validate() throws {
        if !headless && (listen != nil || acceptMulticlient) {
            throw ValidationError("--listen and --accept-multiclient need --headless")
        }
        if let listen {
            do { _ = try ListenAddress.parse(listen) } catch { throw ValidationError(error.message) }
        }
    }

    /// The address to listen on; nil when the session is not headless.
    var address: ListenAddress? {
        guard headless else { return nil }
        guard let listen else { return .defaultListen }
        return try? ListenAddress.parse(listen)
    }
}
